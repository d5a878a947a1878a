import { afterEach, describe, expect, test } from 'vitest';
import { createDiscordAdapter, restLimits, type DiscordAdapter, type DiscordAdapterOptions } from '../../src/adapters/discord/discord-adapter.ts';
import { createBot } from '../../src/bot.ts';
import { reply } from '../../src/core/reply.ts';
import { Scheduler } from '../../src/following/scheduler.ts';
import type { Answerer } from '../../src/knowledge/answer/answerer.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { HANG } from '../fakes/discord-api.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-stand-in.ts';
import { logged, slowAnswerer } from '../discord/harness.ts';
import { createTestBot, type TestBot } from '../support/core.ts';
import { tempDataDir } from '../support/store.ts';
import { faultyDisk, type FaultyDisk } from './disk.ts';

/**
 * Discord's REST API answering 429, 5xx or nothing at all, under the real
 * discord.js client: every request ends within the adapter's bounds, a
 * failure is logged with its cause, nothing that may have gone through is
 * sent again, and the next interaction is answered.
 */

const REST_TIMEOUT_MS = 400;
const MAX_RATE_LIMIT_WAIT_MS = 2000;
/** Timers, teardown, a busy machine. */
const MARGIN_MS = 1000;
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const CHANNEL_MESSAGES = /^\/channels\/\d+\/messages$/;
const MOU = 'When is the US-EU memorandum due?';

interface Stack extends TestBot {
  readonly discord: FakeDiscord;
  readonly adapter: DiscordAdapter;
  readonly store?: LowdbStore;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stack(options: { answerer?: Answerer; deferAfterMs?: number; disk?: FaultyDisk; adapter?: DiscordAdapterOptions } = {}): Promise<Stack> {
  const discord = await startFakeDiscord();
  cleanups.push(() => discord.close());
  const test = await createTestBot(options.answerer ? { answerer: options.answerer } : {});
  let store: LowdbStore | undefined;
  let bot = test.bot;
  if (options.disk) {
    const data = await tempDataDir();
    store = await LowdbStore.open(data.file, { adapter: options.disk.adapter, log: test.log });
    const opened = store;
    cleanups.push(async () => {
      await opened.close();
      await data.dispose();
    });
    bot = createBot({ knowledge: test.knowledge, clock: test.clock, log: test.log, following: { store, reminderDays: [7], subscriptionsChanged: () => {} } });
  }
  const adapter = createDiscordAdapter(bot, discord.config(), test.log, {
    restTimeoutMs: REST_TIMEOUT_MS,
    maxRateLimitWaitMs: MAX_RATE_LIMIT_WAIT_MS,
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    ...options.adapter,
  });
  cleanups.push(() => adapter.stop());
  await adapter.start();
  return { ...test, bot, discord, adapter, ...(store ? { store } : {}) };
}

const requestsFor = (discord: FakeDiscord, interactionId: string) => discord.api.requests.filter((r) => r.path.startsWith(`/interactions/${interactionId}/`));
const errors = (log: TestBot['log']) => logged(log.lines).filter((l) => l.level === 'error');

/** The next slash command is answered as ever. */
async function answersTheNext(discord: FakeDiscord): Promise<void> {
  const next = discord.command('ask', { question: MOU });
  const callback = await discord.callback(next.id);
  expect(callback.body.type).toBe(4);
  expect(callback.body.data.embeds[0].description).toMatch(/March 6, 2026/);
}

test('the adapter bounds discord.js: a timeout, no blind retries, and no endless rate-limit waits', () => {
  const limits = restLimits();
  expect(limits).toMatchObject({ timeout: 10_000, retries: 0 });
  const limited = (ms: number) => limits.rejectOnRateLimit instanceof Function && limits.rejectOnRateLimit({ retryAfter: ms, timeToReset: ms, sublimitTimeout: 0, method: 'post', route: '/channels/:id/messages' } as never);
  expect(limited(1000)).toBe(false);
  expect(limited(60_000)).toBe(true);
});

describe('the interaction callback', () => {
  test('429: waits the Retry-After Discord names, then answers once', async () => {
    const { discord, log } = await stack();
    discord.api.on('POST', CALLBACK, { status: 429, headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user' }, body: { message: 'You are being rate limited.', retry_after: 1, global: false } }, 1);
    const { id } = discord.command('ask', { question: MOU });
    await discord.api.waitFor((r) => r.path.startsWith(`/interactions/${id}/`) && requestsFor(discord, id).length === 2, 4000);
    const [limited, answered] = requestsFor(discord, id);
    expect(answered!.at - limited!.at).toBeGreaterThanOrEqual(1000);
    expect(answered!.body.type).toBe(4);
    expect(logged(log.lines).find((l) => l.message.startsWith('discord rate limit'))).toMatchObject({ level: 'warn', message: 'discord rate limit; waiting as Discord asks', method: 'POST' });
    expect(errors(log)).toEqual([]);
  });

  test('429 with a long global retry_after: not waited out (the token would die meanwhile), logged at once, and the next is answered', async () => {
    const { discord, log } = await stack();
    discord.api.on('POST', CALLBACK, { status: 429, headers: { 'retry-after': '30', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' }, body: { message: 'You are being rate limited.', retry_after: 30, global: true } }, 1);
    const sent = Date.now();
    const { id } = discord.command('ask', { question: MOU });
    await waitUntil(() => errors(log).some((l) => l.message === 'discord interaction failed'));
    expect(Date.now() - sent).toBeLessThan(MARGIN_MS);
    expect(requestsFor(discord, id)).toHaveLength(1);
    expect(errors(log)[0]!.reason).toMatch(/^rate limited for 30\d\d\d ms \(global\) on POST \/interactions\//);
    expect(logged(log.lines).some((l) => l.level === 'warn' && l.message === 'discord rate limit longer than the bot waits; the request fails' && l.global === true)).toBe(true);
    await answersTheNext(discord);
  });

  test.each([500, 503])('%i: sent once (it may have landed), logged with its cause, and the next is answered', async (status) => {
    const { discord, log } = await stack();
    discord.api.on('POST', CALLBACK, { status, body: { message: 'Service Unavailable' } }, 1);
    const { id } = discord.command('ask', { question: MOU });
    await waitUntil(() => errors(log).some((l) => l.message === 'discord interaction failed'));
    await new Promise((r) => setTimeout(r, 200));
    expect(requestsFor(discord, id)).toHaveLength(1);
    expect(errors(log)[0]!.reason).toMatch(new RegExp(`^${status} `));
    await answersTheNext(discord);
  });

  test('a callback Discord never answers ends within the REST timeout, logged, and the next is answered', async () => {
    const { discord, log } = await stack();
    discord.api.on('POST', CALLBACK, HANG, 1);
    const sent = Date.now();
    const { id } = discord.command('ask', { question: MOU });
    await waitUntil(() => errors(log).some((l) => l.message === 'discord interaction failed'), REST_TIMEOUT_MS + 3000);
    expect(Date.now() - sent).toBeLessThan(REST_TIMEOUT_MS + MARGIN_MS);
    expect(requestsFor(discord, id)).toHaveLength(1);
    expect(errors(log)[0]!.interaction).toBe(id);
    await answersTheNext(discord);
  });
});

describe('follow-ups and edits of a deferred answer', () => {
  test('an edit that hangs ends within the REST timeout, and the next deferred answer (same webhook queue) still lands', async () => {
    const { discord, log } = await stack({ answerer: slowAnswerer(100), deferAfterMs: 10 });
    discord.api.on('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/, HANG, 1);
    const first = discord.command('ask', { question: MOU });
    expect((await discord.callback(first.id)).body.type).toBe(5);
    const second = discord.command('ask', { question: MOU });
    expect((await discord.callback(second.id)).body.type).toBe(5);
    const edited = await discord.api.waitFor((r) => r.method === 'PATCH' && r.path.includes(second.token), REST_TIMEOUT_MS + 3000);
    await waitUntil(() => errors(log).some((l) => l.message === 'discord interaction failed' && l.interaction === first.id));
    expect(edited.body.embeds[0].description).toMatch(/March 6, 2026/);
    expect(discord.api.find('PATCH', new RegExp(first.token))).toHaveLength(1);
  });

  test('a follow-up that meets a 500 is sent once and logged', async () => {
    const { discord, log } = await stack({ answerer: slowAnswerer(100, new Error('the model timed out')), deferAfterMs: 10 });
    discord.api.on('POST', /^\/webhooks\/\d+\/[^/]+$/, { status: 500, body: { message: 'Internal Server Error' } }, 1);
    const { id, token } = discord.command('ask', { question: MOU });
    expect((await discord.callback(id)).body.type).toBe(5);
    await waitUntil(() => errors(log).some((l) => l.message === 'discord interaction failed'));
    expect(discord.api.find('POST', new RegExp(`^/webhooks/\\d+/${token}$`))).toHaveLength(1);
  });
});

describe('channel posts (reminders, announcements)', () => {
  const reminder = reply({ kind: 'info', title: 'Reminder', text: 'A deadline is near.' });

  test('429: waits as asked, then posts once', async () => {
    const { discord, adapter } = await stack();
    discord.api.on('POST', CHANNEL_MESSAGES, { status: 429, headers: { 'retry-after': '1' }, body: { message: 'You are being rate limited.', retry_after: 1, global: false } }, 1);
    expect(await adapter.post(discord.ids.channelId, reminder)).toMatchObject({ ok: true });
    expect(discord.api.find('POST', CHANNEL_MESSAGES)).toHaveLength(2);
  });

  test('429 beyond the longest wait: a transient failure at once, nothing posted', async () => {
    const { discord, adapter } = await stack();
    discord.api.on('POST', CHANNEL_MESSAGES, { status: 429, headers: { 'retry-after': '120', 'x-ratelimit-global': 'true' }, body: { message: 'You are being rate limited.', retry_after: 120, global: true } });
    const started = Date.now();
    expect(await adapter.post(discord.ids.channelId, reminder)).toMatchObject({ ok: false, permanent: false });
    expect(Date.now() - started).toBeLessThan(MARGIN_MS);
    expect(discord.api.find('POST', CHANNEL_MESSAGES)).toHaveLength(1);
  });

  test.each([500, 503])('%i: transient, and not sent again (it may have been posted)', async (status) => {
    const { discord, adapter } = await stack();
    discord.api.on('POST', CHANNEL_MESSAGES, { status, body: { message: 'Server Error' } });
    expect(await adapter.post(discord.ids.channelId, reminder)).toMatchObject({ ok: false, permanent: false, reason: expect.stringContaining(String(status)) });
    expect(discord.api.find('POST', CHANNEL_MESSAGES)).toHaveLength(1);
  });

  test('a post Discord never answers is a transient failure within the REST timeout', async () => {
    const { discord, adapter, log } = await stack();
    discord.api.on('POST', CHANNEL_MESSAGES, HANG);
    const started = Date.now();
    expect(await adapter.post(discord.ids.channelId, reminder)).toMatchObject({ ok: false, permanent: false });
    expect(Date.now() - started).toBeLessThan(REST_TIMEOUT_MS + MARGIN_MS);
    expect(discord.api.find('POST', CHANNEL_MESSAGES)).toHaveLength(1);
    expect(logged(log.lines).some((l) => l.message === 'discord post failed')).toBe(true);
  });

  test('a reminder whose post hangs is released, and posted once on the next tick', async () => {
    const disk = faultyDisk();
    const { discord, adapter, store, knowledge, log } = await stack({ disk });
    const clock = { now: () => new Date('2026-02-27T09:00:00Z'), today: () => '2026-02-27' as never };
    const channel = { platform: 'discord' as const, channelId: discord.ids.channelId };
    await store!.subscribe(channel, ['deadlines'], new Date('2026-02-01T00:00:00Z'));
    const scheduler = new Scheduler({ store: store!, knowledge, clock, log, posters: { discord: adapter.post.bind(adapter) }, reminderDays: [7] });
    discord.api.on('POST', CHANNEL_MESSAGES, HANG, 1);
    expect(await scheduler.tick()).toMatchObject({ sent: 0, retryLater: 1 });
    expect((await store!.posts())).toEqual([]);
    expect(await scheduler.tick()).toMatchObject({ sent: 1 });
    expect(await scheduler.tick()).toMatchObject({ sent: 0, retryLater: 0 });
    const answered = discord.api.find('POST', CHANNEL_MESSAGES);
    expect(answered).toHaveLength(2);
    expect(answered[1]!.body.embeds[0].title).toMatch(/memorandum/);
    await scheduler.stop();
  });
});

describe('the data store refusing writes, seen from Discord', () => {
  test('/subscribe answers privately that it could not be saved; questions are answered meanwhile', async () => {
    const disk = faultyDisk();
    const { discord, store } = await stack({ disk });
    disk.fail('ENOSPC');
    const { id } = discord.command('subscribe', { topics: 'all' }, { permissions: String((1 << 10) | (1 << 4)) });
    const callback = await discord.callback(id);
    expect(callback.body.data.flags).toBe(64);
    expect(callback.body.data.content).toMatch(/could not save that just now.*This channel is not subscribed\.\nPlease try again later/s);
    expect((await store!.subscriptions())).toEqual([]);
    await answersTheNext(discord);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
