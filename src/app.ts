import type { AnsweringPool } from './answering/pool.ts';
import { warmAnswering } from './answering/warm.ts';
import type { Config } from './config.ts';
import type { Following } from './commands/spec.ts';
import { createBot, type Bot, type BotDependencies } from './bot.ts';
import { fixedClock, systemClock, type Clock } from './core/clock.ts';
import { createFairUse } from './core/fair-use.ts';
import type { Logger } from './core/log.ts';
import { extractiveAnswerer, type Answerer } from './knowledge/answer/answerer.ts';
import { KnowledgeHolder } from './knowledge/holder.ts';
import { knowledgePaths } from './knowledge/load.ts';
import type { RateCounters } from './core/rate-counters.ts';

/** The pieces every entry point (bot, CLI, benchmark) assembles the same way. */
export interface Core {
  readonly bot: Bot;
  readonly knowledge: KnowledgeHolder;
  readonly clock: Clock;
  /** The answerer the bot uses (extractive, or an LLM over it). */
  readonly answerer: Answerer;
  /** The threads that answer, when the main thread does not (`workers` above 0). */
  readonly pool?: AnsweringPool;
  /** Stops what the core started (the answering threads). */
  close(): Promise<void>;
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
  /**
   * Threads that compute extractive answers, off the thread that acknowledges
   * requests (`npm start` passes `POLICYBOT_WORKERS` when Slack or Discord
   * runs). 0: this thread answers, but one question per turn of the event
   * loop, after the requests waiting to be acknowledged (`answering/turns.ts`).
   * Absent: this thread answers at once, as the console and the tools do.
   */
  readonly workers?: number;
  /** What reply buttons do (the curators' Accept and Dismiss), by name: see `Bot.handleAction`. */
  readonly actions?: BotDependencies['actions'];
  /** The knowledge base already loaded (the `ask` tool's start-up snapshot); otherwise read from `config.knowledgeDir`. */
  readonly knowledge?: KnowledgeHolder;
}

export async function createCore(config: Config, log: Logger, options: CoreOptions = {}): Promise<Core> {
  const knowledge = options.knowledge ?? (await KnowledgeHolder.load(knowledgePaths(config.knowledgeDir)));
  const clock = options.clock ?? clockFor(config);
  // The pool (piscina and its workers) is loaded only when used: the console and the tools answer on their own thread.
  const workers = options.answerer ? 0 : (options.workers ?? 0);
  const pool = workers > 0 ? (await import('./answering/pool.ts')).createAnsweringPool({ threads: workers, knowledge, log, evidence: config.llm?.maxPassages ?? 0 }) : undefined;
  const serving = !options.answerer && options.workers === 0;
  const extractive = pool ?? (serving ? (await import('./answering/turns.ts')).answerInTurns(extractiveAnswerer) : extractiveAnswerer);
  // With an API key, answers are written by an LLM from the retrieved passages and checked; the extractive answer stays its fallback.
  // (Loaded only when configured: the OpenAI SDK costs start-up time the extractive bot does not need.)
  const answerer = options.answerer ?? (config.llm ? (await import('./knowledge/answer/llm/llm-answerer.ts')).createLlmAnswerer({ config: config.llm, log, base: extractive }) : extractive);
  const fairUse = createFairUse(config.limits, { log, ...(options.rateCounters ? { counters: options.rateCounters } : {}) });
  const bot = createBot({ knowledge, clock, log, answerer, fairUse, ...(options.following ? { following: options.following } : {}), ...(options.actions ? { actions: options.actions } : {}) });
  return { bot, knowledge, clock, answerer, ...(pool ? { pool } : {}), close: async () => await pool?.close() };
}

/** Where the core computes answers, for the start-up log line: "main thread", "1 worker thread", "2 worker threads". */
export function answeringOn(core: Pick<Core, 'pool'>): string {
  return core.pool ? `${core.pool.threads} worker thread${core.pool.threads === 1 ? '' : 's'}` : 'main thread';
}

/**
 * Readies the answer path before a chat server listens, so that its first
 * questions do not stall every request behind them (`warmAnswering`): on
 * this thread, or, with a pool, on every answering thread (this one then
 * loads no language data at all). Never calls an LLM.
 */
export async function warmUp(core: Core): Promise<void> {
  if (core.pool) await core.pool.ready();
  else await warmAnswering(core.knowledge.engine, core.clock.today());
}
