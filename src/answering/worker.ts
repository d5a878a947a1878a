import { BroadcastChannel, parentPort, threadId, workerData } from 'node:worker_threads';
import type { Answer } from '../knowledge/answer/answer.ts';
import { extractiveAnswerer } from '../knowledge/answer/answerer.ts';
import { createEngineAsync, DEFAULT_INDEX_CACHE, type Engine } from '../knowledge/answer/engine.ts';
import { useSharedLanguage } from '../knowledge/language/shared.ts';
import { fromKnowledgeData } from '../knowledge/transfer.ts';
import type { AnswerTask, KnowledgeMessage, WorkerData, WorkerMessage } from './protocol.ts';
import { warmAnswering } from './warm.ts';

/**
 * An answering thread of the pool (`pool.ts`): holds its own engine (the
 * index, and the language data that is not shared: `workerData.language`) for
 * the knowledge base the main thread sends, and answers
 * extractively. The module's export is a promise, so piscina hands it no
 * question before it has its knowledge and has warmed up.
 *
 * Knowledge arrives by generation. A reload's base is built while this thread
 * keeps answering from the one it has; a question asked after the reload
 * (a newer generation) waits for the new base, one asked before it does not.
 */

/** How long a question waits for a knowledge base the main thread was asked for. */
const KNOWLEDGE_WAIT_MS = 30_000;

const port = parentPort;
if (!port) throw new Error('src/answering/worker.ts runs in a worker thread of the answering pool');
const { channel: channelName, language } = workerData as WorkerData;
useSharedLanguage(language);

let ready: { generation: number; engine: Engine } | undefined;
let building: { generation: number; done: Promise<void> } | undefined;
/** Woken by every knowledge message. */
let arrivals: (() => void)[] = [];

const channel = new BroadcastChannel(channelName);
channel.onmessage = (event) => {
  const message = (event as MessageEvent).data as KnowledgeMessage | undefined;
  if (message?.type !== 'knowledge') return;
  const newest = Math.max(ready?.generation ?? 0, building?.generation ?? 0);
  if (message.generation > newest) build(message);
  const woken = arrivals;
  arrivals = [];
  for (const wake of woken) wake();
};

function build(message: KnowledgeMessage): void {
  const previous = building?.done ?? Promise.resolve();
  const done = previous
    .catch(() => undefined)
    .then(async () => {
      const engine = await createEngineAsync(fromKnowledgeData(message.data), { cacheDir: DEFAULT_INDEX_CACHE });
      if (!ready || message.generation > ready.generation) ready = { generation: message.generation, engine };
    });
  const mine = { generation: message.generation, done };
  building = mine;
  // Settled either way: a failed build is reported to the questions waiting for it, and the next `need` asks again.
  void done.then(
    () => building === mine && (building = undefined),
    () => building === mine && (building = undefined),
  );
}

function tell(message: WorkerMessage): void {
  port!.postMessage(message);
}

/** The engine for a question of `generation`: the one this thread has, if it is that new, else the one it is building or is sent. */
async function engineFor(generation: number): Promise<Engine> {
  const until = Date.now() + KNOWLEDGE_WAIT_MS;
  for (;;) {
    if (ready && ready.generation >= generation) return ready.engine;
    if (building && building.generation >= generation) {
      await building.done;
      continue;
    }
    const left = until - Date.now();
    if (left <= 0) throw new Error(`answering worker: knowledge base ${generation} did not arrive within ${KNOWLEDGE_WAIT_MS / 1000} s`);
    const arrived = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      arrivals.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    tell({ type: 'need', generation });
    await arrived;
  }
}

async function answer(task: AnswerTask): Promise<Answer> {
  const engine = await engineFor(task.generation);
  const answer = await extractiveAnswerer.answer(task.question, {
    engine,
    today: task.today,
    ...(task.topic ? { topic: task.topic } : {}),
    ...(task.previous ? { previous: task.previous } : {}),
  });
  // What crosses back is copied: only the evidence an LLM answerer will phrase from, without the per-term credit (a map keyed by the question's terms).
  return { ...answer, evidence: answer.evidence.slice(0, task.evidence).map((e) => ({ ...e, matched: new Map() })) };
}

async function start(): Promise<(task: AnswerTask) => Promise<Answer>> {
  const engine = await engineFor(1);
  // As of the sources' newest date: any date warms the same code, and this one needs no clock.
  await warmAnswering(engine, engine.kb.asOf);
  tell({ type: 'ready', threadId, generation: ready!.generation });
  return answer;
}

export default start();
