import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord-adapter.ts';
import type { Bot } from '../../src/core/bot.ts';
import type { Answerer } from '../../src/knowledge/answer/answerer.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-stand-in.ts';
import { createTestBot, type TestBot } from '../support/core.ts';

/**
 * The real discord.js client, through the adapter, against Discord on
 * loopback. Everything started here is stopped by `stopAll()` (afterEach).
 */

export interface Running extends TestBot {
  readonly discord: FakeDiscord;
  readonly adapter: DiscordAdapter;
}

const running: (() => Promise<void>)[] = [];

export async function startStack(options: { answerer?: Answerer; mentions?: boolean; deferAfterMs?: number; start?: boolean; bot?: Bot } = {}): Promise<Running> {
  const discord = await startFakeDiscord();
  const made = await createTestBot(options.answerer ? { answerer: options.answerer } : {});
  const test = options.bot ? { ...made, bot: options.bot } : made;
  const adapter = createDiscordAdapter(test.bot, discord.config({ mentions: options.mentions ?? false }), test.log, options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {});
  running.push(async () => {
    await adapter.stop();
    await discord.close();
  });
  if (options.start ?? true) await adapter.start();
  return { ...test, discord, adapter };
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
