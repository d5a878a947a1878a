import fc from 'fast-check';
import type { DeadlineView, Reply, ReplyField } from '../../src/core/reply.ts';
import type { IsoDate } from '../../src/core/dates.ts';
import type { Citation } from '../../src/knowledge/model.ts';

/**
 * Generated hostile text, and replies built from it: what a question, a
 * pasted document or a compromised source could put in front of a renderer.
 */

/** Markup that means something to a platform or a terminal, and characters that break naive code. */
const LOADED = [
  // Slack
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '<@U0VICTIM|victim>',
  '<!subteam^S0ADMINS|@admins>',
  '<#C0SECRET>',
  '<https://evil.example|docs>',
  '<!date^1392734382^{date}|x>',
  '&amp;',
  '&lt;',
  '&',
  '<',
  '>',
  '|',
  // Discord
  '@everyone',
  '@here',
  '@channel',
  '@EveryOne',
  '<@123>',
  '<@!123456789012345678>',
  '<@&456>',
  '</ask:1>',
  '<t:1:R>',
  '[docs](https://evil.example)',
  '[1](https://evil.example)',
  '[3]',
  '**bold**',
  '__u__',
  '~~s~~',
  '||spoiler||',
  '`',
  '```',
  '```js\n',
  '\n```\n',
  '> quote',
  '>>> all quoted',
  '# heading',
  '-# small',
  '- item',
  '1. item',
  '\\',
  '\\*',
  'https://example.org/a_b_c',
  'https://x.example/@everyone',
  // Unicode that disguises or breaks
  '\u202E',
  '\u2066',
  '\u200B',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u{E0041}\u{E0042}',
  '\uD800',
  '\uDFFF',
  '😀',
  '👨‍👩‍👧',
  'e\u0301',
  // Terminals
  '\u0000',
  '\u0007',
  '\u001B[31m',
  '\u001B[2J',
  '\u001B]0;title\u0007',
  '\u001B]8;;https://evil.example\u001B\\',
  '\u009B2J',
  '\u0085',
  '\r',
  '\r\n',
  '\t',
  '\n',
  '\n\n',
] as const;

const chunk = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...LOADED) },
  { weight: 3, arbitrary: fc.constantFrom('word ', 'The loan is $10 billion [1]. ', 'agreed.” [2] ', 'Project Vault ', 'deadlines ', '/help ') },
  // Any code point (astral ones included) and any grapheme.
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  // Binary-ish: C0, C1, lone surrogates.
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
);

/** A message of up to a few hundred characters. */
export const hostileShort = fc.array(chunk, { maxLength: 30 }).map((parts) => parts.join(''));

/** A message repeated up to ~50,000 characters; cut anywhere, so it may end in half a surrogate pair. */
export const hostileHuge = fc
  .tuple(fc.array(chunk, { minLength: 1, maxLength: 8 }), fc.integer({ min: 2_000, max: 50_000 }))
  .map(([parts, size]) => {
    const unit = parts.join('') || '@everyone ';
    return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  });

export const hostileText = fc.oneof({ weight: 9, arbitrary: hostileShort }, { weight: 1, arbitrary: hostileHuge });

const isoDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10) as IsoDate);

const url = fc.oneof(
  fc.constantFrom('https://example.org/a', 'javascript:alert(1)', 'https://user:pw@example.org/', 'https://x.example/@everyone', 'https://x.example/a|b>c<d', 'not a url', `https://example.org/${'x'.repeat(2000)}`),
  fc.webUrl(),
  hostileShort,
);

function citation(text: fc.Arbitrary<string>): fc.Arbitrary<Citation> {
  return fc.record({
    sourceId: fc.string({ maxLength: 8 }),
    sourceTitle: text,
    publisher: text,
    published: isoDate,
    url: fc.option(url, { nil: undefined }),
    paragraphId: fc.string({ maxLength: 8 }),
    locator: text,
    quote: text,
  });
}

function deadline(text: fc.Arbitrary<string>): fc.Arbitrary<DeadlineView> {
  return fc.record({
    id: fc.string({ maxLength: 8 }),
    label: text,
    entryId: fc.string({ maxLength: 8 }),
    entryName: text,
    date: isoDate,
    precision: fc.constantFrom('exact' as const, 'estimated' as const),
    computation: text,
    status: fc.record({ state: fc.constantFrom('upcoming' as const, 'today' as const, 'passed' as const), days: fc.nat(10_000), text }),
    citations: fc.array(citation(text), { maxLength: 3 }),
  });
}

function field(text: fc.Arbitrary<string>): fc.Arbitrary<ReplyField> {
  return fc.record({ name: text, value: text, inline: fc.boolean() });
}

/**
 * A reply with every text hostile. Counts stay where a reply can keep every
 * citation within a platform's limits (Slack drops none, so a few hundred
 * could not fit in one message whatever the renderer did).
 */
export function hostileReply(text: fc.Arbitrary<string>): fc.Arbitrary<Reply> {
  return fc.record({
    kind: fc.constantFrom('answer' as const, 'declined' as const, 'info' as const, 'user-error' as const, 'internal-error' as const),
    title: fc.option(text, { nil: undefined }),
    text,
    fields: fc.array(field(text), { maxLength: 12 }),
    citations: fc.array(citation(text), { maxLength: 25 }),
    deadlines: fc.array(deadline(text), { maxLength: 6 }),
    notes: fc.array(text, { maxLength: 5 }),
    attachments: fc.constant([]),
    question: fc.option(text, { nil: undefined }),
    feedbackId: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
  });
}

/** A reply of short hostile texts, one of them (title, answer, a field, a quote, a note) huge. */
export const replyWithOneHugeText: fc.Arbitrary<Reply> = fc
  .tuple(hostileReply(hostileShort), hostileHuge, fc.constantFrom('title', 'text', 'field', 'quote', 'note', 'computation'))
  .map(([r, huge, where]) => {
    switch (where) {
      case 'title':
        return { ...r, title: huge };
      case 'text':
        return { ...r, text: huge };
      case 'field':
        return { ...r, fields: [...r.fields, { name: 'Huge', value: huge }] };
      case 'quote':
        return r.citations.length > 0 ? { ...r, citations: [{ ...r.citations[0]!, quote: huge }, ...r.citations.slice(1)] } : { ...r, text: huge };
      case 'note':
        return { ...r, notes: [...r.notes, huge] };
      default:
        return r.deadlines.length > 0 ? { ...r, deadlines: [{ ...r.deadlines[0]!, computation: huge }, ...r.deadlines.slice(1)] } : { ...r, text: huge };
    }
  });
