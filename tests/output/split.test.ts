import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISCORD_ATOMIC } from '../../src/adapters/discord/text.ts';
import { MRKDWN_ATOMIC } from '../../src/adapters/slack/escape.ts';
import { cutText, splitText } from '../../src/core/split.ts';

const FENCES = /```/g;
const ATOMIC = [...MRKDWN_ATOMIC, ...DISCORD_ATOMIC];

describe('splitText', () => {
  it('returns a text that fits as it is', () => {
    expect(splitText('  short  ', { limit: 20 })).toEqual(['  short  ']);
    expect(splitText('', { limit: 2 })).toEqual(['']);
  });

  it('prefers a paragraph break, then a line, then a sentence, then a word, in the second half of a piece', () => {
    const paragraph = 'First paragraph, short.\n\nSecond one goes on. And on and on.';
    expect(splitText(paragraph, { limit: 40 })).toEqual(['First paragraph, short.', 'Second one goes on. And on and on.']);
    expect(splitText('A first line, long enough\nthen the next one', { limit: 30 })).toEqual(['A first line, long enough', 'then the next one']);
    expect(splitText('It was agreed in May. The parties will meet again', { limit: 30 })).toEqual(['It was agreed in May.', 'The parties will meet again']);
    expect(splitText('words without any sentence end at all here', { limit: 20 })).toEqual(['words without any', 'sentence end at all', 'here']);
    // A paragraph break early in the piece loses to a sentence end late in it: pieces stay at least half full.
    expect(splitText('Hi.\n\nThis sentence is long. Then more text follows', { limit: 30 })).toEqual(['Hi.\n\nThis sentence is long.', 'Then more text follows']);
  });

  it('keeps a citation marker with the words it cites, before or after the full stop', () => {
    const before = splitText('The loan is ten billion dollars [1]. The plan runs 60 days [2][3].', { limit: 40 });
    expect(before).toEqual(['The loan is ten billion dollars [1].', 'The plan runs 60 days [2][3].']);
    const after = splitText('The ministers agreed.” [3] Next they met.', { limit: 28 });
    expect(after[0]).toBe('The ministers agreed.” [3]');
    // Escaped for Discord, a marker is still a marker.
    expect(splitText('a b c d e f g h i j k \\[12\\] more words', { limit: 30 })[0]).toBe('a b c d e f g h i j k \\[12\\]');
    expect(splitText('a b c d e f g h i j k \\[12\\] more words', { limit: 26 })[0]).toBe('a b c d e f g h i j');
  });

  it('ends a piece before a code block rather than inside it', () => {
    const text = `Intro line.\n\`\`\`\ncode one\ncode two\n\`\`\`\nAfter.`;
    expect(splitText(text, { limit: 32 })).toEqual(['Intro line.', '```\ncode one\ncode two\n```\nAfter.']);
  });

  it('closes a code block too long for a piece at the cut and reopens it, with its language, in the next', () => {
    const code = Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n');
    const pieces = splitText(`\`\`\`ts\n${code}\n\`\`\``, { limit: 40 });
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(40);
      expect(p.startsWith('```ts\n')).toBe(true);
      expect(p.endsWith('```')).toBe(true);
      expect(p.match(FENCES)).toHaveLength(2);
    }
    // Cut at line ends, and nothing of the code is lost.
    expect(pieces.map((p) => p.slice('```ts\n'.length, -'```'.length)).join('')).toBe(`${code}\n`);
  });

  it('treats fences as Slack and Discord pair them, anywhere in a line', () => {
    const pieces = splitText('see ```a b c d e f g h i j``` then', { limit: 16 });
    for (const p of pieces) expect((p.match(FENCES) ?? []).length % 2).toBe(0);
  });

  it('never cuts a link, an entity or an escape the platform passes as atomic', () => {
    const slack = 'read <https://example.org/a/b|the source> &amp; more &lt;text&gt; here';
    for (let limit = 40; limit <= 70; limit += 1) {
      const pieces = splitText(slack, { limit, atomic: MRKDWN_ATOMIC });
      expect(pieces.some((p) => p.includes('<https://example.org/a/b|the source>'))).toBe(true);
      for (const p of pieces) expect(p).not.toMatch(/&(?!amp;|lt;|gt;)|&(amp|lt|gt)$/);
    }
    const discord = 'escaped \\*\\*stars\\*\\* and https://example.org/long/path_with_underscores ok';
    for (let limit = 46; limit <= 80; limit += 1) {
      const pieces = splitText(discord, { limit, atomic: DISCORD_ATOMIC });
      expect(pieces.some((p) => p.includes('https://example.org/long/path_with_underscores'))).toBe(true);
      for (const p of pieces) expect(p).not.toMatch(/(^|[^\\])(\\\\)*\\$/);
    }
  });

  it('never splits a surrogate pair, and keeps marks and joiners with their character', () => {
    for (let limit = 2; limit <= 9; limit += 1) {
      for (const p of splitText('😀'.repeat(7), { limit })) expect(p).toMatch(/^(😀)+$/);
      for (const p of splitText('e\u0301'.repeat(7), { limit })) expect(p).toMatch(/^(e\u0301)+$/);
    }
    expect(splitText('👨‍👩‍👧👨‍👩‍👧', { limit: 9 })).toEqual(['👨‍👩‍👧', '👨‍👩‍👧']);
  });

  it('cuts what no piece can hold: an atomic span longer than a piece', () => {
    const pieces = splitText(`<https://example.org/${'x'.repeat(50)}|label>`, { limit: 20, atomic: MRKDWN_ATOMIC });
    expect(pieces.every((p) => p.length <= 20)).toBe(true);
    expect(pieces.join('')).toBe(`<https://example.org/${'x'.repeat(50)}|label>`);
  });

  it('stops at `total`, ending the last piece with an ellipsis at a good boundary', () => {
    const pieces = splitText('word '.repeat(100), { limit: 50, total: 120 });
    expect(pieces.join('').length).toBeLessThanOrEqual(120);
    expect(pieces.every((p) => p.length <= 50)).toBe(true);
    expect(pieces.at(-1)).toMatch(/word…$/);
    // Inside code, the mark goes after the closing fence, on a line of its own.
    const code = splitText(`\`\`\`\n${'line\n'.repeat(40)}\`\`\``, { limit: 30, total: 50 });
    expect(code.at(-1)).toMatch(/```\n…$/);
    expect(code.join('').length).toBeLessThanOrEqual(50);
  });

  it('refuses a limit that cannot hold every character', () => {
    expect(() => splitText('abc', { limit: 1 })).toThrow(RangeError);
  });
});

describe('cutText', () => {
  it('keeps a text that fits, and otherwise cuts at a boundary with an ellipsis', () => {
    expect(cutText('short', 10)).toBe('short');
    expect(cutText('one two three four five six seven', 20)).toBe('one two three four…');
    expect(cutText('😀😀😀', 4)).toBe('😀…');
    expect(cutText('abc', 1)).toBe('…');
    expect(cutText('abc', 0)).toBe('');
  });
});

// ---- properties ----

/** Words in capitals, so that a fence's language (lower case) is the only lower-case run after backticks. */
const word = fc.stringMatching(/^[A-Z0-9]{1,12}$/);
const atomicToken = fc.oneof(
  fc.nat(999).map((n) => `<https://example.org/${n}|Label ${n}>`),
  fc.nat(999).map((n) => `[Doc ${n}](https://example.org/d/${n})`),
  fc.constantFrom('&amp;', '&lt;', '&gt;', '\\*', '\\_'),
);
const separator = fc.constantFrom(' ', ' ', ' ', '. ', '! ', '? ', ', ', '\n', '\n\n', '“Q” ', ' [3]', ' [12]. ', '[1][2]. ');
const exotic = fc.constantFrom('😀', '👍🏽', 'E\u0301', '👨‍👩‍👧', '🇫🇷');
const fence = fc
  .tuple(fc.constantFrom('', 'ts', 'py'), fc.array(fc.oneof(word, fc.constantFrom(' ', '\n', '  INDENTED', '&amp;')), { maxLength: 60 }))
  .map(([language, parts]) => `\n\`\`\`${language}\n${parts.join('')}\n\`\`\`\n`);
const text = fc
  .array(fc.oneof({ weight: 12, arbitrary: word }, { weight: 10, arbitrary: separator }, { weight: 3, arbitrary: atomicToken }, { weight: 2, arbitrary: exotic }, { weight: 1, arbitrary: fence }), {
    maxLength: 300,
  })
  .map((parts) => parts.join(''));

/** The text without what a split may drop or add: whitespace at cuts, fences closed and reopened (with their language). */
const content = (s: string) => s.replace(/```[a-z]*/g, '').replace(/\s+/g, '');

describe('splitText, properties', () => {
  it('every piece fits, none is empty, and together they hold the whole text', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 16, max: 400 }), (t, limit) => {
        const pieces = splitText(t, { limit, atomic: ATOMIC });
        for (const p of pieces) expect(p.length).toBeLessThanOrEqual(limit);
        if (t.length > limit) for (const p of pieces) expect(p.trim().length).toBeGreaterThan(0);
        expect(pieces.map(content).join('')).toBe(content(t));
      }),
      { numRuns: 400 },
    );
  });

  it('cuts no atomic span, surrogate pair or code block that a piece could hold', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 96, max: 400 }), (t, limit) => {
        const pieces = splitText(t, { limit, atomic: ATOMIC });
        for (const token of t.match(/<https:[^<>]*>|\[Doc \d+\]\([^)]*\)|&(?:amp|lt|gt);/g) ?? []) {
          expect(pieces.some((p) => p.includes(token))).toBe(true);
        }
        for (const p of pieces) {
          expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
          // Every code block a piece opens, it closes.
          expect((p.match(FENCES) ?? []).length % 2).toBe(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('with a total, stays within it and within the limit, and marks the cut', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 16, max: 200 }), fc.integer({ min: 8, max: 1000 }), (t, limit, total) => {
        const pieces = splitText(t, { limit, total, atomic: ATOMIC });
        expect(pieces.join('').length).toBeLessThanOrEqual(total);
        for (const p of pieces) expect(p.length).toBeLessThanOrEqual(limit);
        if (t.length <= Math.min(limit, total)) expect(pieces).toEqual([t]);
        else if (content(t).length > total) expect(pieces.at(-1)).toMatch(/…$/);
      }),
      { numRuns: 300 },
    );
  });
});
