import { describe, expect, it } from 'vitest';
import { replyEmbeds } from '../../src/adapters/discord/embeds.ts';
import { LIMITS, renderReply } from '../../src/adapters/slack/blocks.ts';
import { escapeMrkdwn } from '../../src/adapters/slack/escape.ts';
import { reply } from '../../src/core/reply.ts';
import { expectDiscordSafe, expectSlackSafe, slackTexts } from './checks.ts';
import { replyMessages } from '../../src/adapters/discord/messages.ts';

/** Long answers and fields continue rather than being cut, within each platform's limits. */

const paragraph = (i: number) => `Paragraph ${i}. ${'The parties agree to coordinate on critical minerals & prices. '.repeat(12)}`;
const code = `\`\`\`\n${'code line\n'.repeat(50)}\`\`\``;
const longAnswer = `${Array.from({ length: 8 }, (_, i) => paragraph(i)).join('\n\n')}\n\n${code}`;
const squash = (s: string) => s.replace(/\s+/g, '');

describe('Slack: a long answer', () => {
  it('continues over several sections, cut between paragraphs, with nothing lost while the message has room', () => {
    const m = renderReply(reply({ kind: 'answer', title: 'Title', text: longAnswer }));
    expectSlackSafe(m);
    const sections = m.blocks.filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    expect(sections.length).toBeGreaterThan(2);
    expect(sections[0]!.startsWith('*Title*\nParagraph 0.')).toBe(true);
    for (const s of sections.slice(1, -1)) expect(s).toMatch(/^Paragraph \d+\./);
    expect(squash(sections.join('')).replace('*Title*', '')).toBe(squash(escapeMrkdwn(longAnswer)));
    // The code block is whole in one section.
    expect(sections.some((s) => s.includes(code))).toBe(true);
  });

  it('is cut, with an ellipsis, only where the message’s total runs out', () => {
    const huge = Array.from({ length: 40 }, (_, i) => paragraph(i)).join('\n\n');
    const m = renderReply(reply({ kind: 'answer', text: huge }));
    expectSlackSafe(m);
    const all = slackTexts(m).map((t) => t.text);
    expect(all.reduce((n, t) => n + t.length, 0)).toBeGreaterThan(LIMITS.totalText * 0.9);
    expect(all.filter((t) => t.startsWith('Paragraph')).at(-1)).toMatch(/…$/);
  });

  it('gives a field too long to sit beside another sections of its own', () => {
    const m = renderReply(reply({ kind: 'info', text: 'Card.', fields: [{ name: 'Also', value: 'A fact worth knowing. '.repeat(200), inline: true }, { name: 'Kind', value: 'Pledge', inline: true }] }));
    expectSlackSafe(m);
    const texts = m.blocks.filter((b) => b.type === 'section').map((b) => (b as { text?: { text: string } }).text?.text);
    expect(texts[1]).toMatch(/^\*Also\*\nA fact worth knowing\./);
    expect(texts[2]).toMatch(/^A fact worth knowing\./);
    expect(m.blocks.some((b) => b.type === 'section' && (b as { fields?: { text: string }[] }).fields?.[0]?.text === '*Kind*\nPledge')).toBe(true);
  });
});

describe('Discord: a long answer', () => {
  it('continues in further embeds and messages, whole, cut between paragraphs', () => {
    const huge = Array.from({ length: 30 }, (_, i) => paragraph(i)).join('\n\n');
    const messages = replyEmbeds(reply({ kind: 'answer', title: 'Title', text: huge }));
    expect(messages.length).toBeGreaterThan(1);
    const descriptions = messages.flat().map((e) => e.description ?? '');
    for (const d of descriptions) expect(d).toMatch(/^Paragraph \d+\..*prices\.$/s);
    expect(squash(descriptions.join(''))).toBe(squash(huge));
    expectDiscordSafe(replyMessages(reply({ kind: 'answer', title: 'Title', text: huge })));
  });

  it('continues a field too long for one in fields named “(continued)”', () => {
    const value = 'A fact worth knowing. '.repeat(120);
    const [[embed]] = replyEmbeds(reply({ kind: 'info', text: 'Card.', fields: [{ name: 'Also', value }] })) as unknown as [[{ fields: { name: string; value: string }[] }]];
    expect(embed.fields.map((f) => f.name)).toEqual(['Also', 'Also (continued)', 'Also (continued)']);
    expect(squash(embed.fields.map((f) => f.value).join(''))).toBe(squash(value));
  });
});
