import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Logger } from '../core/log.ts';
import type { Answer } from '../knowledge/answer/answer.ts';
import type { Answerer, AnswererContext } from '../knowledge/answer/answerer.ts';
import { buildSharedLanguage } from '../knowledge/language/shared.ts';
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
 * The workers share one copy of the largest language data (the spelling
 * dictionary, the tagger's words: `knowledge/language/shared.ts`), built
 * before they start.
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
  /**
   * How long a question may take, queue included, before its asker gets the
   * apology instead (and the thread answering it is replaced); default 30 s.
   * A safety net: answers take milliseconds, and the Bot's in-flight bound
   * keeps the queue short.
   */
  readonly answerTimeoutMs?: number;
}

const READY_TIMEOUT_MS = 120_000;
const ANSWER_TIMEOUT_MS = 30_000;
const NICE_INCREMENT = 10;
const YOUNG_GENERATION_MB = 4;
const OLD_GENERATION_MB = 512;

export function createAnsweringPool(options: AnsweringPoolOptions): AnsweringPool {
  const { threads, knowledge, log } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`createAnsweringPool: threads must be a whole number above 0, got ${threads}`);
  const file = options.workerFile ?? new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
  const channelName = `policybot-knowledge-${randomUUID()}`;
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
  /** The first failure of a thread before all were ready: a worker that cannot start would be started again forever, so start-up stops instead. */
  let startFailure: Error | undefined;
  let onReady: (() => void)[] = [];
  const wakeAll = () => {
    for (const wake of onReady) wake();
  };
  const failStart = (error: unknown) => {
    if (startFailure) return;
    startFailure = error instanceof Error ? error : new Error(String(error));
    wakeAll();
  };
  const onMessage = (message: WorkerMessage) => {
    if (message.type === 'need') broadcast();
    else if (message.type === 'ready') {
      readyThreads.add(message.threadId);
      wakeAll();
    }
  };
  // Without a listener, an error of an idle worker would be thrown on this thread and end the process; piscina replaces the worker.
  const onError = (error: unknown) => {
    const starting = readyThreads.size < threads;
    log.error(starting ? 'answering worker could not start' : 'answering worker failed between questions; a new one replaces it', { error: error instanceof Error ? error : String(error) });
    if (starting) failStart(error);
  };

  // The threads start once the language data they share is built (in a thread of its own, so that its garbage is not this thread's).
  const pool = buildSharedLanguage().then((language) => {
    const piscina = new Piscina({
      filename: file.href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      // An idle worker's event loop keeps running, so it builds a reloaded knowledge base before the next question needs it.
      atomics: 'disabled',
      // Answering threads run at a lower priority (nice +10; Linux sets it per thread): when the cores are oversubscribed (more
      // threads than cores, or other programs on the machine), the thread that acknowledges requests is scheduled first.
      niceIncrement: NICE_INCREMENT,
      // A young generation of 4 MB, not V8's 32 (two semi-spaces of 16 MB, all of it resident once a thread has answered a while):
      // what an answer allocates dies young, and what survives is small now that the language data is shared. Measured with
      // `npm run bench -- --memory --workers=2`: 8 MB took the process's peak from 404–410 MB to 342–356 MB (before the sharing
      // no size saved anything, docs/load-and-memory.md); with the old-generation ceiling below, 4 MB peaks at 290–296 MB against
      // 295–303 MB with 8.
      // An old generation of at most 512 MB, not V8's default of several GB: V8 lets a heap grow further past what survived its
      // last full collection the higher its ceiling (up to 4 times from about 2 GB), and a thread's garbage (6 MB tables of each
      // spelling suggestion, a knowledge-base search's arrays) then piled up to twice the thread's live heap, 23 MB. With 512 MB
      // the peak went to 288–298 MB; 256 MB saved nothing more. The ceiling is 20 times that live heap: a thread that reached it
      // would be replaced (its question answered with the apology), where the ceilings of 160–192 MB tried before the sharing
      // were a few knowledge bases' growth away.
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: OLD_GENERATION_MB },
      workerData: { channel: channelName, language } satisfies WorkerData,
      execArgv: [
        ...(process.execArgv.includes('--enable-source-maps') ? ['--enable-source-maps'] : []),
        // The TypeScript sources run in place only under tests and the bench, which have tsx; the build runs `worker.js`.
        ...(file.pathname.endsWith('.ts') ? ['--import', 'tsx'] : []),
      ],
    });
    piscina.on('message', onMessage);
    piscina.on('error', onError);
    return piscina;
  });
  pool.catch((error: unknown) => {
    log.error('answering pool: the shared language data could not be built', { error: error instanceof Error ? error : String(error) });
    failStart(error);
  });

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
      const signal = AbortSignal.timeout(options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS);
      return (await (await pool).run(task, { signal })) as Answer;
    },
    ready(timeoutMs = READY_TIMEOUT_MS) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`answering pool: ${readyThreads.size} of ${threads} threads ready after ${timeoutMs / 1000} s`)), timeoutMs);
        const check = () => {
          if (readyThreads.size < threads && !startFailure) return;
          clearTimeout(timer);
          onReady = onReady.filter((w) => w !== check);
          if (readyThreads.size >= threads) resolve();
          else reject(new Error(`answering pool: a worker thread could not start: ${startFailure!.message}`, { cause: startFailure }));
        };
        onReady.push(check);
        check();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      // (A pool whose language data could not be built has no threads to close; that failure is logged where it happens.)
      await (await pool.catch(() => undefined))?.close();
      channel.close();
    },
  };
}
