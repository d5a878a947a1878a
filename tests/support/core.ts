import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBot, type Bot } from '../../src/bot.ts';
import { fixedClock, type Clock } from '../../src/core/clock.ts';
import { createLogger, type Logger } from '../../src/core/log.ts';
import type { Answerer } from '../../src/knowledge/answer/answerer.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { knowledgePaths, loadKnowledgeBase } from '../../src/knowledge/load.ts';
import type { KnowledgeBase } from '../../src/knowledge/model.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The date the development set assumes. */
export const EVAL_NOW = '2026-11-28';

let shipped: Promise<KnowledgeBase> | undefined;
/** The shipped knowledge base, loaded once per test file. */
export function shippedKnowledgeBase(): Promise<KnowledgeBase> {
  shipped ??= loadKnowledgeBase(knowledgePaths(PROJECT_ROOT));
  return shipped;
}

/** A logger that keeps its lines, for asserting what was (and was not) logged. */
export function memoryLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger(level, (line) => lines.push(line)), { lines });
}

export interface TestBot {
  readonly bot: Bot;
  readonly clock: Clock;
  readonly log: Logger & { lines: string[] };
  readonly knowledge: KnowledgeHolder;
}

/** A bot on the shipped knowledge base with a fixed clock and a memory logger. */
export async function createTestBot(options: { now?: string; answerer?: Answerer } = {}): Promise<TestBot> {
  const knowledge = new KnowledgeHolder(await shippedKnowledgeBase(), knowledgePaths(PROJECT_ROOT));
  const clock = fixedClock(options.now ?? EVAL_NOW);
  const log = memoryLogger();
  const bot = createBot({ knowledge, clock, log, ...(options.answerer ? { answerer: options.answerer } : {}) });
  return { bot, clock, log, knowledge };
}
