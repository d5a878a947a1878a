import type { APIEmbed } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { EMBED_LIMITS, replyEmbeds } from '../../src/adapters/discord/embeds.ts';
import { replyMessages } from '../../src/adapters/discord/messages.ts';
import { clip, plain } from '../../src/adapters/discord/text.ts';
import { reply, type DeadlineView } from '../../src/core/reply.ts';
import { parseIsoDate, unixSeconds, type IsoDate } from '../../src/core/dates.ts';
import type { Citation } from '../../src/knowledge/model.ts';

function citation(i: number, quoteLength = 300): Citation {
  return {
    sourceId: `src-${i}`,
    sourceTitle: `Source number ${i} on critical minerals trade policy`,
    publisher: `Publisher ${i}`,
    published: parseIsoDate('2026-02-05')!,
    url: `https://example.org/news/source_${i}`,
    paragraphId: `p${i}`,
    locator: `¶${i}`,
    quote: `Quote ${i}: ${'the ministers agreed to coordinate '.repeat(Math.ceil(quoteLength / 35))}`.slice(0, quoteLength),
  };
}

function deadline(i: number, date: string, state: DeadlineView['status']['state'], citations: Citation[]): DeadlineView {
  return {
    id: `d${i}`,
    label: `Deadline ${i}`,
    entryId: `e${i}`,
    entryName: `Entry ${i}`,
    date: parseIsoDate(date)!,
    precision: 'exact',
    computation: `Counted from meeting ${i}`,
    status: { state, days: 3, text: state === 'passed' ? 'passed 3 days ago' : 'upcoming in 3 days' },
    citations,
  };
}

/** Checks every Discord limit on one message's embeds. */
function expectWithinLimits(embeds: readonly APIEmbed[]): void {
  expect(embeds.length).toBeGreaterThan(0);
  expect(embeds.length).toBeLessThanOrEqual(EMBED_LIMITS.embedsPerMessage);
  let total = 0;
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.footer);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
    }
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(EMBED_LIMITS.total);
}

describe('replyEmbeds', () => {
  test('a short answer is one embed: answer, deadline with Discord timestamps, the source and its cited paragraph, notes', () => {
    const c = citation(1, 120);
    const r = reply({ kind: 'answer', text: 'Due on March 6.', citations: [c], deadlines: [deadline(1, '2026-03-06', 'upcoming', [c])], notes: ['Sources as of 2026-02-05.'] });
    const [message, ...more] = replyEmbeds(r);
    expect(more).toHaveLength(0);
    expect(message).toHaveLength(1);
    const [embed] = message!;
    expect(embed!.description).toBe('Due on March 6.');
    expect(embed!.footer?.text).toBe('Sources as of 2026-02-05.');
    const noon = unixSeconds('2026-03-06' as IsoDate) + 12 * 3600;
    expect(embed!.fields![0]).toMatchObject({ name: 'Deadline 1' });
    expect(embed!.fields![0]!.value).toContain(`<t:${noon}:D> (<t:${noon}:R>)`);
    expect(embed!.fields![0]!.value).toMatch(/Upcoming/);
    expect(embed!.fields![0]!.value).toContain('Sources: [1]');
    expect(embed!.fields![1]).toEqual({ name: 'Source number 1 on critical minerals trade policy', value: 'Publisher 1 · 2026-02-05\nhttps://example.org/news/source_1' });
    expect(embed!.fields![2]).toEqual({ name: '[1] ¶1', value: `“${plain(c.quote)}”` });
  });

  test('a long reply fits every limit, cutting quotes but keeping every citation’s reference and the whole answer', () => {
    const citations = Array.from({ length: 18 }, (_, i) => citation(i + 1, 1000));
    const r = reply({
      kind: 'info',
      title: 'T'.repeat(400),
      text: 'Answer. '.repeat(700),
      fields: [{ name: 'N'.repeat(300), value: 'V'.repeat(2000) }],
      citations,
      deadlines: citations.slice(0, 5).map((c, i) => deadline(i, '2026-04-01', 'passed', [c])),
      notes: ['Note. '.repeat(500)],
    });
    const messages = replyEmbeds(r);
    // The answer (5,600 characters) and the field (2,000) are no longer cut to fit one message: they continue.
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expectWithinLimits(m);
    const embeds = messages.flat();
    const descriptions = embeds.flatMap((e) => (e.description ? [e.description] : []));
    expect(descriptions.length).toBeGreaterThan(1);
    expect(descriptions.join(' ')).toBe(r.text.trim());
    const fieldParts = embeds.flatMap((e) => e.fields ?? []).filter((f) => f.name.startsWith('NNN'));
    expect(fieldParts.map((f) => f.value).join('')).toBe('V'.repeat(2000));
    expect(fieldParts[1]!.name).toMatch(/ \(continued\)$/);
    const text = JSON.stringify(messages);
    for (const [i, c] of citations.entries()) {
      expect(text).toContain(`${c.publisher} · 2026-02-05`);
      expect(text).toContain(c.url);
      expect(text).toContain(`"name":"[${i + 1}] ${c.locator}"`);
    }
    // Quotes were cut, with an ellipsis, not dropped.
    expect(text).toMatch(/Quote 18: the ministers[^”]*…”/);
  });

  test('more citations than one message can hold spill into further messages, none lost', () => {
    const citations = Array.from({ length: 60 }, (_, i) => citation(i + 1, 400));
    const messages = replyEmbeds(reply({ kind: 'answer', text: 'Many sources.', citations }));
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expectWithinLimits(m);
    const names = messages.flat().flatMap((e) => e.fields ?? []).map((f) => f.name);
    // Sixty sources, each named once, each followed by its one cited paragraph.
    expect(names).toHaveLength(120);
    expect(names.slice(118)).toEqual(['Source number 60 on critical minerals trade policy', '[60] ¶60']);
    expect(messages[0]![0]!.description).toBe('Many sources.');
  });

  test('more than 25 fields continue in another embed of the same colour', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `F${i}`, value: 'v' }));
    const [message] = replyEmbeds(reply({ kind: 'info', text: 'x', fields }));
    expect(message).toHaveLength(2);
    expect(message![0]!.fields).toHaveLength(25);
    expect(message![1]!.fields).toHaveLength(5);
    expect(message![1]!.color).toBe(message![0]!.color);
  });

  test('markdown and mentions in untrusted text show as written and ping nobody', () => {
    const r = reply({ kind: 'answer', text: '**bold** @everyone <@123> [x](https://evil.example) # not a heading', notes: ['@here'] });
    const [[embed]] = replyEmbeds(r) as [[APIEmbed]];
    expect(embed.description).not.toMatch(/(^|[^\\])\*\*bold/);
    expect(embed.description).toContain('@\u200beveryone');
    expect(embed.description).toContain('<@\u200b123>');
    expect(embed.footer?.text).toBe('@\u200bhere');
  });
});

describe('replyMessages', () => {
  test('user and internal errors are one short ephemeral line', () => {
    const [m] = replyMessages(reply({ kind: 'user-error', text: 'No agreement matches “x”.', notes: ['Try: agreement Project Vault'] }));
    expect(m).toEqual({ content: 'No agreement matches “x”.\nTry: agreement Project Vault', embeds: [], files: [], ephemeral: true });
    expect(replyMessages(reply({ kind: 'internal-error', text: 'Sorry.' }))[0]?.ephemeral).toBe(true);
  });

  test('a rateable answer carries its feedback id on its last message only; other replies on none', () => {
    const citations = Array.from({ length: 60 }, (_, i) => citation(i + 1, 400));
    const messages = replyMessages(reply({ kind: 'answer', text: 'Many sources.', citations, feedbackId: 'f-1' }));
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.map((m) => m.feedbackId)).toEqual([...messages.slice(1).map(() => undefined), 'f-1']);
    expect(replyMessages(reply({ kind: 'answer', text: 'One.' }))[0]?.feedbackId).toBeUndefined();
    expect(replyMessages(reply({ kind: 'user-error', text: 'No.', feedbackId: 'f-2' }))[0]?.feedbackId).toBeUndefined();
  });

  test('answers are public embeds', () => {
    const [m] = replyMessages(reply({ kind: 'declined', text: 'My sources do not say.' }));
    expect(m?.ephemeral).toBe(false);
    expect(m?.embeds[0]?.description).toBe('My sources do not say.');
  });
});

describe('text helpers', () => {
  test('clip cuts at a word, adds an ellipsis and never leaves a dangling escape', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('one two three four five six seven', 20)).toBe('one two three four…');
    const cut = clip(plain('a'.repeat(9) + '*b'), 11);
    expect(cut.length).toBeLessThanOrEqual(11);
    expect(cut).not.toMatch(/[^\\]\\…$/);
    expect(clip('😀😀😀', 4)).toBe('😀…');
  });

  test('URLs stay clickable inside escaped text', () => {
    expect(plain('see https://example.org/a_b_c and _this_')).toBe('see https://example.org/a_b_c and \\_this\\_');
  });
});
