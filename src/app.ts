import type { Config } from './config.ts';
import type { Following } from './commands/spec.ts';
import { createBot, type Bot } from './bot.ts';
import { fixedClock, systemClock, type Clock } from './core/clock.ts';
import { createFairUse } from './core/fair-use.ts';
import type { Logger } from './core/log.ts';
import { extractiveAnswerer, type Answerer } from './knowledge/answer/answerer.ts';
import { KnowledgeHolder } from './knowledge/holder.ts';
import { spelling } from './knowledge/language/spelling.ts';
import { knowledgePaths } from './knowledge/load.ts';
import type { RateCounters } from './core/rate-counters.ts';

/** The pieces every entry point (bot, CLI, benchmark) assembles the same way. */
export interface Core {
  readonly bot: Bot;
  readonly knowledge: KnowledgeHolder;
  readonly clock: Clock;
  /** The answerer the bot uses (extractive, or an LLM over it). */
  readonly answerer: Answerer;
}

export function clockFor(config: Pick<Config, 'now'>): Clock {
  return config.now ? fixedClock(config.now) : systemClock;
}

export interface CoreOptions {
  readonly answerer?: Answerer;
  readonly clock?: Clock;
  readonly following?: Following;
  /** Where fair-use counters live; in memory unless several instances share a store. */
  readonly rateCounters?: RateCounters;
}

export async function createCore(config: Config, log: Logger, options: CoreOptions = {}): Promise<Core> {
  const knowledge = await KnowledgeHolder.load(knowledgePaths(config.knowledgeDir));
  const clock = options.clock ?? clockFor(config);
  // With an API key, answers are written by an LLM from the retrieved passages and checked; the extractive answer stays its fallback.
  // (Loaded only when configured: the OpenAI SDK costs start-up time the extractive bot does not need.)
  const answerer = options.answerer ?? (config.llm ? (await import('./knowledge/answer/llm/llm-answerer.ts')).createLlmAnswerer({ config: config.llm, log }) : extractiveAnswerer);
  const fairUse = createFairUse(config.limits, { log, ...(options.rateCounters ? { counters: options.rateCounters } : {}) });
  const bot = createBot({ knowledge, clock, log, answerer, fairUse, ...(options.following ? { following: options.following } : {}) });
  return { bot, knowledge, clock, answerer };
}

/**
 * Builds what the answer path builds lazily (the English word-frequency table
 * behind typo correction takes ~150 ms on first use) and compiles its hot
 * code, so that a chat server's first questions do not stall every request
 * behind them. Extractive on purpose: warming must not call an LLM.
 */
export async function warmUp(core: Core): Promise<void> {
  spelling();
  await extractiveAnswerer.answer('Who leads the Mexico action plan for the US?', { engine: core.knowledge.engine, today: core.clock.today() });
}
