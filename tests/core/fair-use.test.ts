import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.ts';
import { createFairUse, type FairUseLimits } from '../../src/core/fair-use.ts';
import type { Answerer } from '../../src/knowledge/answer/answerer.ts';
import { extractiveAnswerer } from '../../src/knowledge/answer/answerer.ts';
import { MemoryRateCounters, type RateCounters } from '../../src/core/rate-counters.ts';
import { consoleInvocation } from '../../src/adapters/console/console-adapter.ts';
import { createTestBot } from '../support/core.ts';

const QUESTION = 'When is the US-EU memorandum due?';
const at = (platform: 'slack' | 'discord' | 'console', userId: string, channelId = 'C0FAIR') => ({ platform, userId, channelId });

/** A bot whose fair-use clock is a number the test moves. */
async function limitedBot(limits: FairUseLimits, options: { answerer?: Answerer; counters?: RateCounters } = {}) {
  const base = await createTestBot();
  let now = 0;
  const fairUse = createFairUse(limits, { now: () => now, log: base.log, ...(options.counters ? { counters: options.counters } : {}) });
  const bot = createBot({ knowledge: base.knowledge, clock: base.clock, log: base.log, fairUse, ...(options.answerer ? { answerer: options.answerer } : {}) });
  return { bot, fairUse, log: base.log, advance: (ms: number) => (now += ms) };
}

describe('the GCRA counters', () => {
  it('allow a burst, then one request per interval, and say exactly when the next passes', async () => {
    const counters = new MemoryRateCounters();
    const rate = { count: 3, perMs: 30_000 };
    for (let i = 0; i < 3; i++) expect(await counters.take([{ key: 'k', rate }], 0)).toEqual({ allowed: true });
    expect(await counters.take([{ key: 'k', rate }], 0)).toEqual({ allowed: false, retryAfterMs: 10_000, key: 'k' });
    expect(await counters.take([{ key: 'k', rate }], 9_999)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    expect(await counters.take([{ key: 'k', rate }], 10_000)).toEqual({ allowed: true });
  });

  it('take from every key or from none', async () => {
    const counters = new MemoryRateCounters();
    const roomy = { key: 'user', rate: { count: 10, perMs: 1000 } };
    const tight = { key: 'channel', rate: { count: 1, perMs: 1000 } };
    expect(await counters.take([roomy, tight], 0)).toEqual({ allowed: true });
    expect(await counters.take([roomy, tight], 0)).toMatchObject({ allowed: false, key: 'channel' });
    // The refused request took nothing from the roomy key: 9 more fit.
    for (let i = 0; i < 9; i++) expect((await counters.take([roomy], 0)).allowed).toBe(true);
    expect((await counters.take([roomy], 0)).allowed).toBe(false);
  });

  it('forget counters that are back at their full allowance once there are many', async () => {
    const counters = new MemoryRateCounters();
    const rate = { count: 1, perMs: 1000 };
    for (let i = 0; i < 10_001; i++) await counters.take([{ key: `u${i}`, rate }], 0);
    await counters.take([{ key: 'late', rate }], 5_000);
    expect(counters.size).toBe(1);
  });
});

describe('fair use in the bot', () => {
  it('tells a person over their limit when to try again, while others in the same channel are answered', async () => {
    const { bot, advance } = await limitedBot({ user: { count: 2, perMs: 20_000 }, inFlight: 8 });
    expect((await bot.handleText(QUESTION, at('slack', 'U1'))).kind).toBe('answer');
    expect((await bot.handleText(QUESTION, at('slack', 'U1'))).kind).toBe('answer');
    const refused = await bot.handleText(QUESTION, at('slack', 'U1'));
    expect(refused).toMatchObject({ kind: 'user-error', text: expect.stringMatching(/faster than I answer everyone fairly/), notes: ['Try again in 10 seconds.'] });
    expect((await bot.handleText(QUESTION, at('slack', 'U2'))).kind).toBe('answer');
    // The same id on another platform is another person.
    expect((await bot.handleText(QUESTION, at('discord', 'U1'))).kind).toBe('answer');
    advance(10_000);
    expect((await bot.handleText(QUESTION, at('slack', 'U1'))).kind).toBe('answer');
  });

  it('keeps a channel within its budget, whoever asks, and leaves other channels alone', async () => {
    const { bot } = await limitedBot({ channel: { count: 3, perMs: 60_000 }, inFlight: 8 });
    for (let i = 0; i < 3; i++) expect((await bot.handleText(QUESTION, at('discord', `U${i}`, 'busy'))).kind).toBe('answer');
    const refused = await bot.handleText(QUESTION, at('discord', 'U9', 'busy'));
    expect(refused.text).toMatch(/This channel has asked me a lot/);
    expect(refused.notes).toEqual(['Try again in 20 seconds.']);
    expect((await bot.handleText(QUESTION, at('discord', 'U9', 'quiet'))).kind).toBe('answer');
  });

  it('refuses work beyond the in-flight bound at once instead of queueing it, and frees the slot after', async () => {
    let unblock!: () => void;
    const gate = new Promise<void>((resolve) => (unblock = resolve));
    const slow: Answerer = { name: 'slow', answer: async (q, ctx) => (await gate, extractiveAnswerer.answer(q, ctx)) };
    const { bot, fairUse } = await limitedBot({ inFlight: 2 }, { answerer: slow });
    const first = bot.handleText(QUESTION, at('slack', 'U1'));
    const second = bot.handleText(QUESTION, at('slack', 'U2'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fairUse.inFlight).toBe(2);
    const third = await bot.handleText(QUESTION, at('slack', 'U3'));
    expect(third).toMatchObject({ kind: 'user-error', text: expect.stringMatching(/many questions at once/), notes: ['Try again in 5 seconds.'] });
    unblock();
    expect((await first).kind).toBe('answer');
    expect((await second).kind).toBe('answer');
    expect(fairUse.inFlight).toBe(0);
    expect((await bot.handleText(QUESTION, at('slack', 'U3'))).kind).toBe('answer');
  });

  it('frees the slot when a command fails', async () => {
    const failing: Answerer = { name: 'failing', answer: async () => Promise.reject(new Error('boom')) };
    const { bot, fairUse } = await limitedBot({ inFlight: 1 }, { answerer: failing });
    expect((await bot.handleText(QUESTION, at('slack', 'U1'))).kind).toBe('internal-error');
    expect(fairUse.inFlight).toBe(0);
  });

  it('does not limit the operator at the console, and does not count usage hints or malformed input', async () => {
    const { bot } = await limitedBot({ user: { count: 1, perMs: 60_000 }, channel: { count: 1, perMs: 60_000 }, inFlight: 4 });
    for (let i = 0; i < 5; i++) expect((await bot.handleText(QUESTION, consoleInvocation('operator'))).kind).toBe('answer');
    await bot.handleText('', at('slack', 'U1'));
    await bot.handleText('@alice', at('slack', 'U1'));
    await bot.handleText('x'.repeat(5000), at('slack', 'U1'));
    expect((await bot.handleText(QUESTION, at('slack', 'U1'))).kind).toBe('answer');
  });

  it('answers when a shared counter store is down, rather than refusing everyone', async () => {
    const down: RateCounters = { take: async () => Promise.reject(new Error('ECONNREFUSED')) };
    const { bot, log } = await limitedBot({ user: { count: 1, perMs: 60_000 }, inFlight: 4 }, { counters: down });
    expect((await bot.handleText(QUESTION, at('slack', 'U1'))).kind).toBe('answer');
    expect((await bot.handleText(QUESTION, at('slack', 'U1'))).kind).toBe('answer');
    expect(log.lines.filter((l) => l.includes('counters unavailable') && l.includes('ECONNREFUSED'))).toHaveLength(2);
  });
});
