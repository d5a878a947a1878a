import { describe, expect, it } from 'vitest';
import { renderForConsole } from '../../src/adapters/console/render.ts';
import { sanitizeForTerminal } from '../../src/adapters/console/sanitize.ts';
import { replyEmbeds } from '../../src/adapters/discord/embeds.ts';
import { replyMessages } from '../../src/adapters/discord/messages.ts';
import { toDiscordPayload } from '../../src/adapters/discord/payload.ts';
import { linkTarget, plain } from '../../src/adapters/discord/text.ts';
import { renderReply } from '../../src/adapters/slack/blocks.ts';
import { escapeWithin } from '../../src/adapters/slack/escape.ts';
import { reply } from '../../src/core/reply.ts';
import type { IsoDate } from '../../src/core/dates.ts';
import type { Citation } from '../../src/knowledge/model.ts';
import { expectDiscordSafe, expectSlackSafe } from './checks.ts';

/** One sanitiser per platform, and the holes the fuzz test found in them (each test names its bug). */

const citation = (over: Partial<Citation>): Citation => ({
  sourceId: 's',
  sourceTitle: 'Title',
  publisher: 'Publisher',
  published: '2026-02-05' as IsoDate,
  paragraphId: 'p1',
  locator: '¶1',
  quote: 'Quote.',
  ...over,
});

describe('console: sanitizeForTerminal', () => {
  it('drops escape sequences whole, control characters and bidi controls, and keeps newlines and tabs', () => {
    const hostile = 'a\u001b[31mred\u001b[0m b\u001b]0;title\u0007c \u001b]8;;https://evil\u001b\\link\u001b]8;;\u001b\\ d\r\nnext\rover \u009b2J \u202Eevil\u202C \u0000nul\ttab\u001bc end';
    expect(sanitizeForTerminal(hostile)).toBe('ared bc link d\nnext\nover  evil nul\ttab end');
  });

  it('does not let an unterminated string swallow the rest of an answer', () => {
    expect(sanitizeForTerminal('before \u001b]0;never ends\nthe answer')).toBe('before \nthe answer');
  });

  it('replaces lone surrogates and is applied to every part of a rendered reply', () => {
    const bad = '\u001b[2J\uD800\u202E';
    const out = renderForConsole(
      reply({ kind: 'answer', title: bad, text: bad, fields: [{ name: bad, value: bad }], citations: [citation({ quote: bad, sourceTitle: bad, url: `https://x.example/${bad}` })], notes: [bad] }),
    );
    expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(out).toContain('\uFFFD');
  });
});

describe('Discord: plain, literal and every message', () => {
  it('escapes a masked link even when its URL is left clickable (bug: discord.js’s rule saw it split in two)', () => {
    const out = plain('see [docs](https://evil.example) and [a](x) [b](https://evil.example/2)');
    expect(out).not.toMatch(/(^|[^\\])\[[^\]]*\]\(https/);
    expect(out).toContain('https://evil.example');
    // Citation markers stay as they are.
    expect(plain('The loan [1][2].')).toBe('The loan [1][2].');
  });

  it('breaks a broadcast glued to the next letters (bug: "@everyone__x" pinged once its underscores were escaped)', () => {
    expect(plain('@everyone__x @heretofore')).toBe('@\u200beveryone\\_\\_x @\u200bheretofore');
    expect(plain('https://x.example/@everyone')).toBe('https://x.example/%40everyone');
  });

  it('shows a source address only as a plain, safe link (bug: any string went out raw, pings and brackets included)', () => {
    expect(linkTarget('javascript:alert(1)')).toBeUndefined();
    expect(linkTarget('https://u:p@x.example/')).toBeUndefined();
    expect(linkTarget('https://x.example/@here[1](https://evil.example)')).toBe('https://x.example/%40here%5B1%5D(https://evil.example)');
    const [[embed]] = replyEmbeds(reply({ kind: 'answer', text: 'x', citations: [citation({ url: 'https://x.example/@everyone', publisher: 'P'.repeat(5000), locator: 'L'.repeat(5000) })] })) as unknown as [[{ fields: { value: string }[] }]];
    // Bug: a long publisher or locator made the citation's field longer than Discord accepts.
    expect(embed.fields[0]!.value.length).toBeLessThanOrEqual(1024);
    expect(embed.fields[0]!.value).toContain('https://x.example/%40everyone');
  });

  it('escapes a long line in linear time (bug: discord.js’s italic rule took seconds on 50,000 characters)', () => {
    const started = performance.now();
    plain('word_with_underscores *and stars* '.repeat(1500));
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('always sends something, and never lets an option take allowed_mentions away', () => {
    expectDiscordSafe(replyMessages(reply({ kind: 'answer', text: '\u202E' })));
    expectDiscordSafe(replyMessages(reply({ kind: 'user-error', text: '' })));
    const target = { client: { options: { jsonTransformer: (x: unknown) => x } }, messages: { resolveId: (x: unknown) => x } };
    const [m] = replyMessages(reply({ kind: 'answer', text: '@everyone' }));
    const body = toDiscordPayload(target as never, m!, { allowedMentions: { parse: ['everyone'] } } as never).body as { allowed_mentions: unknown };
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});

describe('Slack: escapeMrkdwn and every message', () => {
  it('does not leave a broadcast where a cut ends (bug: "@everyoneword" cut to "@everyone…")', () => {
    for (let max = 8; max < 20; max += 1) expect(escapeWithin('see @everyoneword and more words', max)).not.toMatch(/@everyone\b/);
    const m = renderReply(reply({ kind: 'answer', text: 'x', citations: [citation({ locator: 'https://x.example/@everyoneword then more words here' })] }));
    expectSlackSafe(m);
  });

  it('never sends an empty notification text (bug: a title of bidi controls escaped to nothing)', () => {
    const m = renderReply(reply({ kind: 'answer', title: '\u2066', text: '' }));
    expect(m.text).toBe('…');
    expectSlackSafe(m);
  });

  it('shortens references when a reply cites many sources with long titles and addresses (bug: over the total)', () => {
    const citations = Array.from({ length: 25 }, (_, i) => citation({ sourceId: `s${i}`, sourceTitle: 'T'.repeat(300), publisher: 'P'.repeat(300), locator: 'L'.repeat(300), url: `https://example.org/${'x'.repeat(1400)}/${i}` }));
    expectSlackSafe(renderReply(reply({ kind: 'answer', text: 'Many sources.', citations })));
  });
});
