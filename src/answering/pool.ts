import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Logger } from '../core/log.ts';
import type { Answer } from '../knowledge/answer/answer.ts';
import type { Answerer, AnswererContext } from '../knowledge/answer/answerer.ts';
import type { KnowledgeBase } from '../knowledge/model.ts';
import { knowledgeData } from '../knowledge/transfer.ts';
import type { AnswerTask, KnowledgeMessage, WorkerData, WorkerMessage } from './protocol.ts';

/**
 * The extractive answerer on worker threads (piscina), so that the thread
 * that acknowledges Slack's and Discord's requests never waits behind an
 * answer being computed: it hands the question over and goes back to its
 * sockets. Each worker holds its own engine for the knowledge base this
 * thread validated (sent as data, not read again from the files), and a
 * reload reaches every worker (see `worker.ts` for how generations keep a
 * question on the base that was current when it was asked, or a newer one).
 *
 * Nothing about fair use changes: the Bot admits a request (in-flight bound,
 * per-user and per-channel rates) before it reaches the answerer, so the
 * pool's queue never holds more than `POLICYBOT_MAX_IN_FLIGHT` questions.
 * A worker that dies takes only its question with it: that question's
 * promise rejects (the Bot logs it and apologises to the asker) and piscina
 * starts a new worker, which asks for the knowledge base and warms up first.
 */
export interface AnsweringPool extends Answerer {
  readonly threads: number;
  /** Resolves once every thread has its knowledge base and has warmed up; rejects after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  /** Lets the questions being answered finish, then stops the threads. */
  close(): Promise<void>;
}

export interface AnsweringPoolOptions {
  readonly threads: number;
  /** Where the current knowledge base is, and tells of a new one (a `KnowledgeHolder`). */
  readonly knowledge: { readonly kb: KnowledgeBase; onChange(listener: (next: KnowledgeBase) => void): () => void };
  readonly log: Logger;
  /** Pieces of evidence to bring back with each answer (an LLM answerer phrases from them); default none. */
  readonly evidence?: number;
  /** Another worker module (a test's wrapper of `worker.ts`); default `worker.ts` beside this file. */
  readonly workerFile?: URL;
}

const READY_TIMEOUT_MS = 120_000;
const NICE_INCREMENT = 10;

export function createAnsweringPool(options: AnsweringPoolOptions): AnsweringPool {
  const { threads, knowledge, log } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`createAnsweringPool: threads must be a whole number above 0, got ${threads}`);
  const file = options.workerFile ?? new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  const channelName = `policybot-knowledge-${randomUUID()}`;
  const pool = new Piscina({
    filename: file.href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    // An idle worker's event loop keeps running, so it builds a reloaded knowledge base before the next question needs it.
    atomics: 'disabled',
    // Answering threads run at a lower priority (nice +10; Linux sets it per thread): when the cores are oversubscribed (more
    // threads than cores, or other programs on the machine), the thread that acknowledges requests is scheduled first.
    niceIncrement: NICE_INCREMENT,
    workerData: { channel: channelName } satisfies WorkerData,
    execArgv: [
      ...(process.execArgv.includes('--enable-source-maps') ? ['--enable-source-maps'] : []),
      // The TypeScript sources run in place only under tests and the bench, which have tsx; the build runs `worker.js`.
      ...(file.pathname.endsWith('.ts') ? ['--import', 'tsx'] : []),
    ],
  });

  let generation = 1;
  let current = knowledgeData(knowledge.kb);
  const channel = new BroadcastChannel(channelName);
  const broadcast = () => channel.postMessage({ type: 'knowledge', generation, data: current } satisfies KnowledgeMessage);
  const unsubscribe = knowledge.onChange((next) => {
    generation += 1;
    current = knowledgeData(next);
    broadcast();
  });

  const readyThreads = new Set<number>();
  let onReady: (() => void)[] = [];
  pool.on('message', (message: WorkerMessage) => {
    if (message.type === 'need') broadcast();
    else if (message.type === 'ready') {
      readyThreads.add(message.threadId);
      for (const wake of onReady) wake();
    }
  });
  // Without a listener, an error of an idle worker would be thrown on this thread and end the process; piscina replaces the worker.
  pool.on('error', (error: unknown) => log.error('answering worker failed between questions; a new one replaces it', { error: error instanceof Error ? error : String(error) }));

  let closed = false;
  return {
    name: 'extractive (worker pool)',
    threads,
    async answer(question: string, context: AnswererContext): Promise<Answer> {
      if (closed) throw new Error('answering pool: closed');
      const task: AnswerTask = {
        question,
        today: context.today,
        ...(context.topic ? { topic: context.topic } : {}),
        ...(context.previous ? { previous: context.previous } : {}),
        generation,
        evidence: options.evidence ?? 0,
      };
      return (await pool.run(task)) as Answer;
    },
    ready(timeoutMs = READY_TIMEOUT_MS) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`answering pool: ${readyThreads.size} of ${threads} threads ready after ${timeoutMs / 1000} s`)), timeoutMs);
        const check = () => {
          if (readyThreads.size < threads) return;
          clearTimeout(timer);
          onReady = onReady.filter((w) => w !== check);
          resolve();
        };
        onReady.push(check);
        check();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      await pool.close();
      channel.close();
    },
  };
}
