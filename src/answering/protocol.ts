import type { IsoDate } from '../core/dates.ts';
import type { SharedLanguage } from '../knowledge/language/shared.ts';
import type { KnowledgeData } from '../knowledge/transfer.ts';

/**
 * What the answering pool (`pool.ts`, the main thread) and its workers
 * (`worker.ts`) say to each other. Tasks and answers go through piscina;
 * the knowledge base goes out to every worker at once on a BroadcastChannel
 * of the pool's own, and a worker asks for it on its parent port.
 */

/** Given to every worker when it starts. */
export interface WorkerData {
  /** The pool's BroadcastChannel (unique per pool: two pools in one process never mix their knowledge). */
  readonly channel: string;
  /** The language data, in memory every thread shares (built once by the pool). */
  readonly language: SharedLanguage;
}

/**
 * One question. `generation` counts the main thread's knowledge bases (1 at
 * start, one more per reload): a worker answers from that one or a newer.
 */
export interface AnswerTask {
  readonly question: string;
  readonly today: IsoDate;
  readonly topic?: readonly string[];
  readonly previous?: string;
  readonly generation: number;
  /** How many pieces of evidence to send back (an LLM answerer phrases from them); 0 for none. */
  readonly evidence: number;
}

/** Main → every worker. */
export interface KnowledgeMessage {
  readonly type: 'knowledge';
  readonly generation: number;
  readonly data: KnowledgeData;
}

/** A worker → main (piscina's `message` event). */
export type WorkerMessage =
  /** "Send me the current knowledge base": at start, and when a task names a generation the worker has not seen. */
  | { readonly type: 'need'; readonly generation: number }
  /** Started, knowledge loaded and the answer path warmed: ready for questions. */
  | { readonly type: 'ready'; readonly threadId: number; readonly generation: number };

