import { beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_DOWN_ACTION_ID, FEEDBACK_UP_ACTION_ID, LIMITS, renderReply, SHARE_ACTION_ID, type SlackMessage } from '../../src/adapters/slack/blocks.ts';
import { reply, type DeadlineView, type Reply } from '../../src/core/reply.ts';
import type { IsoDate } from '../../src/core/dates.ts';
import type { Citation } from '../../src/knowledge/model.ts';
import { slackTexts as texts } from '../output/checks.ts';
import { createTestBot, type TestBot } from '../support/core.ts';

type AnyBlock = Record<string, any>;

let test: TestBot;
beforeAll(async () => {
  test = await createTestBot();
});

const ask = (text: string) => test.bot.handleText(text, { platform: 'slack' });


/** The limits Slack enforces on a message, checked all at once. */
function expectWithinBlockKitLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  for (const b of message.blocks as AnyBlock[]) {
    if (b.type === 'section') {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      if (b.fields) {
        expect(b.fields.length).toBeLessThanOrEqual(10);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
      expect(b.text || b.fields?.length).toBeTruthy();
    }
    if (b.type === 'context') {
      expect(b.elements.length).toBeGreaterThan(0);
      expect(b.elements.length).toBeLessThanOrEqual(10);
      for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(3000);
    }
  }
  for (const t of texts(message)) {
    expect(t.text.length, t.where).toBeGreaterThan(0);
    if (t.type === 'mrkdwn') expect(t.verbatim, t.where).toBe(true);
  }
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
}

const date = (d: string) => d as IsoDate;
const citation = (i: number, over: Partial<Citation> = {}): Citation => ({
  sourceId: `src-${i}`,
  sourceTitle: `Source number ${i}: a report on critical minerals trade policy`,
  publisher: 'Publisher Inc.',
  published: date('2026-02-05'),
  url: `https://example.org/reports/${i}`,
  paragraphId: `p${i}`,
  locator: `¶${i}`,
  quote: `Quote ${i}: ${'the parties agree to coordinate. '.repeat(90)}`,
  ...over,
});
const deadline = (i: number, over: Partial<DeadlineView> = {}): DeadlineView => ({
  id: `d${i}`,
  label: `Deadline ${i}`,
  entryId: `e${i}`,
  entryName: `Agreement ${i}`,
  date: date('2026-03-06'),
  precision: 'estimated',
  computation: `30 days counted from the ministerial (2026-02-04). ${'More detail. '.repeat(300)}`,
  status: { state: 'passed', days: 267, text: 'passed 267 days ago' },
  citations: [],
  ...over,
});

describe('Block Kit rendering', () => {
  it('renders an answer, then each source once as a context block (link, title, publisher, date) with its cited paragraphs and quotes under it', async () => {
    const r = await ask('When is the US-EU memorandum due?');
    const m = renderReply(r);
    expectWithinBlockKitLimits(m);
    const [first, ...rest] = m.blocks as AnyBlock[];
    expect(first).toMatchObject({ type: 'section', text: { type: 'mrkdwn', verbatim: true } });
    expect(first!.text.text).toMatch(/^As of today \(2026-11-28\), the conclusion of the US–EU memorandum, due March 6, 2026/);
    expect(rest[0]).toEqual({ type: 'section', fields: [expect.objectContaining({ text: expect.stringMatching(/^\*Conclusion of the US–EU memorandum\*\n2026-03-06 \(estimated\): \*passed 267 days ago\*/) })] });
    // Both quotes come from one source: it is named once, and each paragraph is cited against it.
    expect(new Set(r.citations.map((c) => c.sourceId)).size).toBe(1);
    const sources = rest.filter((b) => b.type === 'context' && b.elements[0].text.startsWith('<https://'));
    expect(sources).toHaveLength(1);
    expect(sources[0]!.elements).toHaveLength(1);
    const text: string = sources[0]!.elements[0].text;
    const c0 = r.citations[0]!;
    const lines = text.split('\n');
    expect(lines[0]).toBe(`<${c0.url}|${c0.sourceTitle}> · ${c0.publisher} · ${c0.published}`);
    r.citations.forEach((c, i) => {
      expect(lines[i + 1]!.startsWith(`*[${i + 1}]* ${c.locator} “${c.quote.slice(0, 60)}`)).toBe(true);
    });
    expect(lines).toHaveLength(r.citations.length + 1);
    expect(text.split(c0.url!)).toHaveLength(2);
    expect(rest.some((b) => b.type === 'divider')).toBe(true);
    expect((rest.at(-1) as AnyBlock).elements[0].text).toMatch(/^As of the newest source/);
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(m.text).toMatch(/^As of today \(2026-11-28\), the conclusion of the US–EU memorandum, due March 6, 2026.*\(2 sources quoted\)$/s);
  });

  it('renders deadlines as fields with their status, ten to a section', async () => {
    const r = reply({ kind: 'info', title: 'Deadlines', text: 'As of today: 12 deadlines.', deadlines: Array.from({ length: 12 }, (_, i) => deadline(i, { computation: 'Within 30 days.' })) });
    const m = renderReply(r);
    expectWithinBlockKitLimits(m);
    const sections = (m.blocks as AnyBlock[]).filter((b) => b.type === 'section' && b.fields);
    expect(sections.map((s) => s.fields.length)).toEqual([10, 2]);
    expect(sections[0]!.fields[0].text).toBe('*Deadline 0*\n2026-03-06 (estimated): *passed 267 days ago*\nAgreement 0. Within 30 days.');
  });

  it('lays out the help card and the agreement card within limits', async () => {
    for (const q of ['help', 'sources', 'agreement project vault', 'deadlines']) {
      const m = renderReply(await ask(q), { shareValue: 'k' });
      expectWithinBlockKitLimits(m);
    }
  });

  it('adds the share button only when asked', async () => {
    const r = await ask('sources');
    const m = renderReply(r, { shareValue: 'key-123' });
    expect(m.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [{ type: 'button', action_id: SHARE_ACTION_ID, text: { type: 'plain_text', text: 'Share in channel' }, value: 'key-123' }],
    });
    expect(renderReply(r).blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('adds 👍 and 👎 carrying the feedback id when asked, beside the share button in one actions block', async () => {
    const r = await ask('sources');
    const up = { type: 'button', action_id: FEEDBACK_UP_ACTION_ID, text: { type: 'plain_text', text: '👍', emoji: true }, value: 'fb-1', accessibility_label: 'This answer helped' };
    const down = { type: 'button', action_id: FEEDBACK_DOWN_ACTION_ID, text: { type: 'plain_text', text: '👎', emoji: true }, value: 'fb-1', accessibility_label: 'This answer did not help' };
    expect(renderReply(r, { feedbackId: 'fb-1' }).blocks.at(-1)).toEqual({ type: 'actions', elements: [up, down] });
    const both = renderReply(r, { shareValue: 'key-1', feedbackId: 'fb-1' });
    expect(both.blocks.filter((b) => b.type === 'actions')).toHaveLength(1);
    expect((both.blocks.at(-1) as AnyBlock).elements.map((e: AnyBlock) => e.action_id)).toEqual([SHARE_ACTION_ID, FEEDBACK_UP_ACTION_ID, FEEDBACK_DOWN_ACTION_ID]);
  });

  it('keeps a long reply within Block Kit’s limits without losing a citation', () => {
    const r = reply({
      kind: 'info',
      title: `A very long title ${'word '.repeat(100)}`,
      text: `${'A long answer with <tags> & ampersands. '.repeat(600)}`,
      fields: Array.from({ length: 60 }, (_, i) => ({ name: `Field ${i}`, value: `Value ${'x'.repeat(5000)}`, inline: i % 3 !== 0 })),
      deadlines: Array.from({ length: 40 }, (_, i) => deadline(i)),
      citations: Array.from({ length: 30 }, (_, i) => citation(i + 1, i % 4 === 0 ? { url: undefined } : {})),
      notes: Array.from({ length: 14 }, (_, i) => `Note ${i}`),
    });
    const m = renderReply(r, { shareValue: 'key', feedbackId: 'fb' });
    expectWithinBlockKitLimits(m);
    const all = texts(m);
    const total = all.reduce((n, t) => n + t.text.length, 0);
    expect(total).toBeLessThanOrEqual(LIMITS.totalText);
    const citationText = all.map((t) => t.text).join('\n');
    for (const [i, c] of r.citations.entries()) {
      // Every source's head, then its paragraph's number, locator and (cut) quote.
      const head = `${c.url ? `<${c.url}|${c.sourceTitle}>` : c.sourceTitle} · ${c.publisher} · ${c.published}\n`;
      expect(citationText, `citation ${i + 1}`).toContain(`${head}*[${i + 1}]* ${c.locator} “Quote ${i + 1}: the parties agree`);
      expect(citationText).toMatch(new RegExp(`\\*\\[${i + 1}\\]\\* [^\\n]*…”(\\n|$)`));
    }
    expect(all.some((t) => /\d+ more items not shown here\./.test(t.text))).toBe(true);
    expect((m.blocks[0] as AnyBlock).text.text).toMatch(/^\*A very long title[^\n]*…\*\nA long answer with &lt;tags&gt; &amp; ampersands\./);
    expect(m.blocks.at(-1)!.type).toBe('actions');
  });

  it('packs sources several to a context block when there are too many for one each, still keeping every reference', () => {
    const r = reply({ kind: 'answer', text: 'Many sources.', citations: Array.from({ length: 120 }, (_, i) => citation(i + 1, { quote: 'Short quote.' })), notes: ['n'] });
    const m = renderReply(r);
    expectWithinBlockKitLimits(m);
    const all = texts(m).map((t) => t.text);
    // This many references with links would pass Slack's total (and lose every block): titles shorten and links go first.
    const joined = all.join('\n');
    for (let i = 1; i <= 120; i += 1) expect(joined).toMatch(new RegExp(`(^|\\n)Source number ${i}\\b[^\\n]* · Publisher Inc\\. · 2026-02-05\\n\\*\\[${i}\\]\\* ¶${i} “Short quote\\.”`));
    // Sixty still fit whole, links and all.
    const sixty = texts(renderReply({ ...r, citations: r.citations.slice(0, 60) })).map((t) => t.text).join('\n');
    for (let i = 1; i <= 60; i += 1) expect(sixty).toContain(`<https://example.org/reports/${i}|Source number ${i}: a report on critical minerals trade policy> · Publisher Inc. · 2026-02-05\n*[${i}]* ¶${i} “Short quote.”`);
  });

  it('escapes every text from the reply: the only links are the sources’ addresses', () => {
    const hostile = '<!channel> <!here> @everyone <@U0VICTIM> <!subteam^S0ADMINS|@admins> <#C0SECRET> <https://evil.example|docs> & co';
    const r: Reply = reply({
      kind: 'answer',
      title: hostile,
      text: hostile,
      question: hostile,
      fields: [
        { name: hostile, value: hostile, inline: true },
        { name: hostile, value: hostile },
      ],
      deadlines: [deadline(1, { label: hostile, entryName: hostile, computation: hostile, status: { state: 'upcoming', days: 1, text: hostile } })],
      citations: [
        citation(1, { quote: hostile, sourceTitle: hostile, publisher: hostile, locator: hostile, url: 'https://ok.example/a?b=1&c=<2>|x' }),
        citation(2, { quote: hostile, url: 'javascript:alert(1)' }),
        citation(3, { quote: hostile, url: 'https://evil.example@ok.example/' }),
      ],
      notes: [hostile],
    });
    const m = renderReply(r);
    expectWithinBlockKitLimits(m);
    const everything = [m.text, ...texts(m).map((t) => t.text)].join('\n');
    const links = [...everything.matchAll(/<([^<>|]*)\|[^<>]*>/g)].map((x) => x[1]);
    expect(links).toEqual(['https://ok.example/a?b=1&amp;c=%3C2%3E%7Cx']);
    const withoutLinks = everything.replace(/<https:\/\/ok\.example[^<>]*>/g, '');
    expect(withoutLinks).not.toMatch(/[<>]/);
    expect(withoutLinks).not.toMatch(/@(channel|here|everyone)/);
    expect(withoutLinks).toContain('&lt;!channel&gt;');
    expect(withoutLinks).toContain('&amp; co');
  });
});
