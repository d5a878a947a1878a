import { describe, expect, it } from 'vitest';
import { renderForConsole } from '../../src/adapters/console/render.ts';
import { replyEmbeds } from '../../src/adapters/discord/embeds.ts';
import { renderReply } from '../../src/adapters/slack/blocks.ts';
import { citationsBySource, type Citation } from '../../src/core/citation.ts';
import type { IsoDate } from '../../src/core/dates.ts';
import { reply, replyToPlainText } from '../../src/core/reply.ts';
import { slackTexts } from './checks.ts';

/**
 * Citations once, in every adapter: an answer lists each source once (title,
 * date, address) and cites its paragraphs against it, numbered as the reply
 * numbers them, so an answer's own "[3]" still finds its quote.
 */

const source = (n: number) => ({
  sourceId: `src-${n}`,
  sourceTitle: `Report ${n} on critical minerals`,
  publisher: `Publisher ${n}`,
  published: '2026-02-05' as IsoDate,
  url: `https://example.org/report-${n}`,
});
const cite = (n: number, paragraph: number): Citation => ({ ...source(n), paragraphId: `p${paragraph}`, locator: `¶${paragraph}`, quote: `Paragraph ${paragraph} of report ${n} says something.` });

// Two sources, interleaved: [1] and [3] from report 1, [2] and [4] from report 2, [5] from report 1 again.
const citations = [cite(1, 4), cite(2, 9), cite(1, 11), cite(2, 2), cite(1, 7)];
const r = reply({ kind: 'answer', text: 'An answer citing [1] and [3].', citations });

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('citationsBySource', () => {
  it('groups by source in order of first citation and keeps every citation’s number', () => {
    expect(citationsBySource(citations).map((s) => [s.sourceTitle, s.cited.map((c) => `${c.number}${c.locator}`)])).toEqual([
      ['Report 1 on critical minerals', ['1¶4', '3¶11', '5¶7']],
      ['Report 2 on critical minerals', ['2¶9', '4¶2']],
    ]);
  });
});

describe('each source once, in every renderer', () => {
  it('console', () => {
    const out = renderForConsole(r);
    expect(occurrences(out, 'https://example.org/report-1')).toBe(1);
    expect(occurrences(out, 'Report 1 on critical minerals')).toBe(1);
    expect(out).toContain('Report 1 on critical minerals\n  Publisher 1, 2026-02-05\n  https://example.org/report-1\n  [1] ¶4 “Paragraph 4 of report 1 says something.”\n  [3] ¶11 “');
    expect(out).toContain('  [5] ¶7 “Paragraph 7 of report 1');
  });

  it('Slack', () => {
    const text = slackTexts(renderReply(r)).map((t) => t.text).join('\n');
    expect(occurrences(text, 'https://example.org/report-1')).toBe(1);
    expect(occurrences(text, 'https://example.org/report-2')).toBe(1);
    expect(text).toContain('<https://example.org/report-2|Report 2 on critical minerals> · Publisher 2 · 2026-02-05\n*[2]* ¶9 “Paragraph 9 of report 2 says something.”\n*[4]* ¶2 “');
  });

  it('Slack: a source cited more often than one block holds continues in the next block without being named again', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...cite(1, i + 1), quote: `Paragraph ${i + 1}: ${'a long quoted sentence of the source. '.repeat(12)}` }));
    const message = renderReply(reply({ kind: 'answer', text: 'x', citations: many }));
    const text = slackTexts(message).map((t) => t.text).join('\n');
    expect(occurrences(text, 'https://example.org/report-1')).toBe(1);
    for (let i = 1; i <= 12; i += 1) expect(text).toContain(`*[${i}]* ¶${i} “Paragraph ${i}:`);
    expect(message.blocks.filter((b) => b.type === 'context').length).toBeGreaterThan(1);
  });

  it('Discord', () => {
    const fields = replyEmbeds(r).flat().flatMap((e) => e.fields ?? []);
    expect(fields.map((f) => f.name)).toEqual(['Report 1 on critical minerals', '[1] ¶4', '[3] ¶11', '[5] ¶7', 'Report 2 on critical minerals', '[2] ¶9', '[4] ¶2']);
    expect(fields[0]!.value).toBe('Publisher 1 · 2026-02-05\nhttps://example.org/report-1');
    expect(occurrences(JSON.stringify(fields), 'https://example.org/report-1')).toBe(1);
  });

  it('plain text (notification fallbacks)', () => {
    const out = replyToPlainText(r);
    expect(occurrences(out, 'https://example.org/report-1')).toBe(1);
    expect(out).toContain('Report 2 on critical minerals (Publisher 2, 2026-02-05, https://example.org/report-2)\n  [2] ¶9 "Paragraph 9');
  });
});
