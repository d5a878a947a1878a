import { createDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from '../../src/adapters/discord/discord-adapter.ts';
import { createBot, type Bot } from '../../src/bot.ts';
import type { Answerer } from '../../src/knowledge/answer/answerer.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../fakes/discord-stand-in.ts';
import { createTestBot, type TestBot } from '../support/core.ts';
import { tempDataDir } from '../support/store.ts';

/**
 * The real discord.js client, through the adapter, against Discord on
 * loopback. Everything started here is stopped by `stopAll()` (afterEach).
 */

export interface Running extends TestBot {
  readonly discord: FakeDiscord;
  readonly adapter: DiscordAdapter;
  /** The bot's data store (subscriptions, feedback), when started with `store: true`. */
  readonly store?: LowdbStore;
}

const running: (() => Promise<void>)[] = [];

export interface StackOptions {
  readonly answerer?: Answerer;
  readonly mentions?: boolean;
  readonly deferAfterMs?: number;
  readonly start?: boolean;
  /** Replaces the bot (after `store` built it, so a wrapper can reach the store). */
  readonly bot?: (made: Bot) => Bot;
  /** Runs the bot with a data store on a temporary file: subscriptions, and 👍/👎 under answers. */
  readonly store?: boolean;
  /** Passed to the adapter (a publish limit, a clock). */
  readonly adapter?: Omit<DiscordAdapterOptions, 'deferAfterMs'>;
  /** The bot's date (default: the development set's). */
  readonly now?: string;
  /** How Discord on loopback is set up (a second server, the shards it recommends). */
  readonly discord?: FakeDiscordOptions;
  /** DISCORD_SHARDS. */
  readonly shards?: 'auto' | number;
}

export async function startStack(options: StackOptions = {}): Promise<Running> {
  const discord = await startFakeDiscord(options.discord);
  const made = await createTestBot({ ...(options.answerer ? { answerer: options.answerer } : {}), ...(options.now ? { now: options.now } : {}) });
  const data = options.store ? await tempDataDir() : undefined;
  const store = data ? await LowdbStore.open(data.file) : undefined;
  let bot = store
    ? createBot({ knowledge: made.knowledge, clock: made.clock, log: made.log, ...(options.answerer ? { answerer: options.answerer } : {}), following: { store, reminderDays: [7, 0], subscriptionsChanged: () => {} } })
    : made.bot;
  if (options.bot) bot = options.bot(bot);
  const test = { ...made, bot };
  const adapter = createDiscordAdapter(test.bot, discord.config({ mentions: options.mentions ?? false, ...(options.shards !== undefined ? { shards: options.shards } : {}) }), test.log, { ...options.adapter, ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}) });
  running.push(async () => {
    await adapter.stop();
    await discord.close();
    await store?.close();
    await data?.dispose();
  });
  if (options.start ?? true) await adapter.start();
  return { ...test, discord, adapter, ...(store ? { store } : {}) };
}

export async function stopAll(): Promise<void> {
  const stops = running.splice(0);
  await Promise.all(stops.map((stop) => stop()));
}

/** Parsed JSON log lines. */
export function logged(lines: readonly string[]): { level: string; message: string; [key: string]: any }[] {
  return lines.map((l) => JSON.parse(l));
}

/** An answerer that waits before answering with the real extractive one (or failing). */
export function slowAnswerer(delayMs: number, fail?: Error): Answerer {
  return {
    name: 'slow',
    async answer(question, context) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (fail) throw fail;
      const { extractiveAnswerer } = await import('../../src/knowledge/answer/answerer.ts');
      return extractiveAnswerer.answer(question, context);
    },
  };
}

/** Every string anywhere in a JSON value, for "nothing says @everyone" checks. */
export function allText(value: unknown): string {
  return JSON.stringify(value);
}
