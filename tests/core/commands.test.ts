import { describe, expect, it } from 'vitest';
import { APOLOGY } from '../../src/bot.ts';
import type { Answerer } from '../../src/knowledge/answer/answerer.ts';
import { createTestBot } from '../support/core.ts';

const console = { platform: 'console' as const };

describe('deadlines', () => {
  it('lists every deadline, upcoming apart from passed, each soonest first, with how it was computed', async () => {
    const { bot } = await createTestBot({ now: '2026-03-20' });
    const r = await bot.handleCommand('deadlines', {}, console);
    expect(r.deadlines.map((d) => [d.id, d.status.state])).toEqual([
      ['us-mexico-negotiation-window', 'upcoming'],
      ['pledge-projects-identified', 'upcoming'],
      ['us-eu-mou-conclusion', 'passed'],
    ]);
    expect(r.text).toMatch(/As of 2026-03-20: 2 upcoming, 1 passed/);
    expect(r.deadlines[0]).toMatchObject({ date: '2026-04-05', status: { text: 'upcoming in 16 days' } });
    expect(r.notes).toContain('As of the newest source, 2026-02-05; nothing later is recorded.');
    expect(r.citations.length).toBeGreaterThan(0);
  });

  it('filters by agreement, by any of its names', async () => {
    const { bot } = await createTestBot();
    const r = await bot.handleCommand('deadlines', { agreement: 'MOU' }, console);
    expect(r.deadlines.map((d) => d.id)).toEqual(['us-eu-mou-conclusion']);
    const none = await bot.handleCommand('deadlines', { agreement: 'Project Vault' }, console);
    expect(none.text).toMatch(/no deadline for the Project Vault/);
  });

  it('suggests what was meant when no agreement matches', async () => {
    const { bot } = await createTestBot();
    const r = await bot.handleCommand('deadlines', { agreement: 'mexico actoin plan stuff' }, console);
    expect(r.kind).toBe('info');
    const unknown = await bot.handleCommand('agreement', { name: 'Treaty of Westphalia' }, console);
    expect(unknown).toMatchObject({ kind: 'user-error', text: 'No agreement matches “Treaty of Westphalia”.' });
  });
});

describe('agreement', () => {
  it('shows a card: parties and leads, instruments, deadlines, status and sources', async () => {
    const { bot } = await createTestBot();
    const r = await bot.handleCommand('agreement', { name: 'mexcio action plan' }, console);
    expect(r.title).toBe('US–Mexico Critical Minerals Action Plan');
    const fields = Object.fromEntries(r.fields.map((f) => [f.name, f.value]));
    expect(fields['Parties and leads']).toMatch(/Mexico: led by the Secretariat of Economy/);
    expect(fields['Instruments']).toMatch(/border-adjusted price floors/);
    expect(fields['Status']).toMatch(/60-day negotiation window/);
    expect(r.deadlines.map((d) => d.date)).toEqual(['2026-04-05']);
    expect(r.citations.every((c) => c.url?.startsWith('https://'))).toBe(true);
  });

  it('asks which agreement when none is given', async () => {
    const { bot } = await createTestBot();
    expect(await bot.handleCommand('agreement', {}, console)).toMatchObject({ kind: 'user-error' });
  });
});

describe('sources and help', () => {
  it('lists the documents with their dates', async () => {
    const { bot } = await createTestBot();
    const r = await bot.handleCommand('sources', {}, console);
    expect(r.fields[0]).toMatchObject({ name: 'US-Led Efforts to Coordinate Critical Minerals Trade Policies Take Shape', value: expect.stringMatching(/^Cassidy Levy Kent, 2026-02-05/) });
  });

  it('lists every command from its spec', async () => {
    const { bot } = await createTestBot();
    const r = await bot.handleCommand('help', {}, console);
    for (const c of bot.commands) expect(r.fields.some((f) => f.name === c.name)).toBe(true);
  });
});

describe('text lines', () => {
  it('runs /commands and bare command words, and asks anything else', async () => {
    const { bot } = await createTestBot();
    expect((await bot.handleText('/deadlines mou', console)).title).toMatch(/Deadlines for the US–EU Memorandum/);
    expect((await bot.handleText('sources', console)).title).toBe('Sources');
    expect((await bot.handleText('How big is the EXIM loan?', console)).text).toMatch(/\$10 billion/);
    expect((await bot.handleText('/frobnicate', console))).toMatchObject({ kind: 'user-error', text: expect.stringMatching(/no command “frobnicate”/) });
  });

  it('reads a sentence that starts with a command word as a question', async () => {
    const { bot } = await createTestBot();
    expect((await bot.handleText('help me understand Project Vault', console)).text).toMatch(/^Project Vault: A critical minerals stockpiling initiative/);
    expect((await bot.handleText('sources of funding for Project Vault', console)).text).toMatch(/Project Vault/);
    expect((await bot.handleText('unsubscribe me please', console)).title).not.toBe('Unsubscribed');
  });
});

describe('errors a user can cause, and internal ones', () => {
  it('an empty question', async () => {
    const { bot } = await createTestBot();
    expect(await bot.handleQuestion('   \u200B ', console)).toMatchObject({ kind: 'user-error', text: expect.stringMatching(/Ask me a question/) });
  });

  it('a 5,000-character message', async () => {
    const { bot } = await createTestBot();
    const r = await bot.handleQuestion(`Why${' is that so'.repeat(454)}?`.padEnd(5000, '?'), console);
    expect(r).toMatchObject({ kind: 'user-error', text: expect.stringMatching(/5,000 characters long; I read questions of up to 1,000/) });
  });

  it('an internal error is logged with its cause and answered with an apology', async () => {
    const broken: Answerer = { name: 'broken', answer: async () => { throw new Error('disk on fire'); } };
    const { bot, log } = await createTestBot({ answerer: broken });
    const r = await bot.handleQuestion('How big is the EXIM loan?', console);
    expect(r).toMatchObject({ kind: 'internal-error', text: APOLOGY });
    expect(log.lines.some((l) => l.includes('disk on fire') && l.includes('"level":"error"'))).toBe(true);
  });
});
