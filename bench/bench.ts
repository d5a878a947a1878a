import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractiveAnswerer } from '../src/knowledge/answer/answerer.ts';
import { createEngine } from '../src/knowledge/answer/engine.ts';
import { parseIsoDate } from '../src/core/dates.ts';
import { knowledgePaths, loadKnowledgeBase } from '../src/knowledge/load.ts';
import { readEvalFile } from '../src/evaluation/dataset.ts';
import { judge, summarise, toRecord } from '../src/evaluation/score.ts';
import { createBaseline } from './baseline.ts';
import { coldStart, formatColdStart } from './cold-start.ts';
import { PROJECT_ROOT } from './paths.ts';
import { latencies } from './timing.ts';

/**
 * `npm run bench`: answer latency (p50/p99, in process) over the development
 * set, memory, and the same for a plain MiniSearch BM25 over the same
 * paragraphs, then the cold start of the `ask` tool beside npm's floor and a
 * plain MiniSearch script (`cold-start.ts`), in one run. Figures are printed,
 * never asserted: timing belongs here, not in tests.
 *
 * `npm run bench -- --cold-start [--runs=N]`: only the cold start (N ≥ 10
 * alternating runs each; default 11, or BENCH_LAUNCHES).
 * `npm run bench -- --load`: the Slack HTTP receiver and the console under a
 * fixed request rate instead (`load.ts`); none of the figures below.
 * `npm run bench -- --fanout`: reminder fan-out to 1,000 channels by 1 and 3
 * instances on one PostgreSQL (`fanout.ts`).
 * `npm run bench -- --scale N`: cost at N more documents beside a plain
 * MiniSearch script (`scale.ts`).
 */
if (process.argv.includes('--fanout')) {
  await (await import('./fanout.ts')).main(process.argv.slice(2));
  process.exit(0);
}
if (process.argv.includes('--scale')) {
  await (await import('./scale.ts')).main(process.argv.slice(2));
  process.exit(0);
}
const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? process.env.BENCH_LAUNCHES ?? 11);
const PROBE = 'When is the US-EU MOU due?';
if (process.argv.includes('--cold-start')) {
  console.log(formatColdStart(await coldStart({ runs: RUNS, question: PROBE })));
  process.exit(0);
}
if (process.argv.includes('--memory')) {
  await (await import('./memory.ts')).main(process.argv.slice(2));
  process.exit(0);
}
if (process.argv.includes('--load')) {
  await (await import('./load.ts')).main(process.argv.slice(2));
  // The rest of this file is the other benchmark.
  process.exit(0);
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const DEV = path.join(PROJECT_ROOT, 'tests/fixtures/eval/dev.jsonl');

const items = await readEvalFile(DEV);
const questions = items.map((i) => i.q);
const today = parseIsoDate('2026-11-28')!;

const heapBefore = process.memoryUsage().heapUsed;
let t = performance.now();
const kb = await loadKnowledgeBase(knowledgePaths(PROJECT_ROOT));
const engine = createEngine(kb);
const loadMs = performance.now() - t;
const heapAfterLoad = process.memoryUsage().heapUsed;
t = performance.now();
const baseline = createBaseline(kb);
const baselineBuildMs = performance.now() - t;

// Warm up both (JIT, lazy word lists), then measure.
for (const q of questions) {
  await extractiveAnswerer.answer(q, { engine, today });
  baseline(q);
}
const ours = await timeEach(async (q) => void (await extractiveAnswerer.answer(q, { engine, today })));
const theirs = await timeEach(async (q) => void baseline(q));

const oursScore = summarise(await Promise.all(items.map(async (i) => judge(i, toRecord(await extractiveAnswerer.answer(i.q, { engine, today })), kb))));
const baseScore = summarise(items.map((i) => judge(i, { question: i.q, ...baseline(i.q) }, kb)));

const cold = await coldStart({ runs: RUNS, question: PROBE });

const row = (label: string, value: string) => `  ${label.padEnd(44)} ${value}`;
const ms = (n: number) => `${n.toFixed(n < 1 ? 3 : 1)} ms`;
console.log(`policybot bench: ${questions.length} questions from tests/fixtures/eval/dev.jsonl, ${ROUNDS} rounds, Node ${process.version}`);
console.log('policybot (extractive)');
console.log(row('answer latency p50 / p99 (in process)', `${ms(ours.p50)} / ${ms(ours.p99)}`));
console.log(row('load knowledge base + build index', ms(loadMs)));
console.log(row('heap for knowledge base + index', `${((heapAfterLoad - heapBefore) / 1e6).toFixed(1)} MB`));
console.log(row('dev set: correct / declined / bad quotes', `${oursScore.correct}/${oursScore.answerable} / ${oursScore.declined}/${oursScore.outOfScope} / ${oursScore.quotesNotInSource}`));
console.log('plain MiniSearch BM25 over the same paragraphs (default options, top paragraph)');
console.log(row('answer latency p50 / p99 (in process)', `${ms(theirs.p50)} / ${ms(theirs.p99)}`));
console.log(row('build index', ms(baselineBuildMs)));
console.log(row('dev set: correct / declined / bad quotes', `${baseScore.correct}/${baseScore.answerable} / ${baseScore.declined}/${baseScore.outOfScope} / ${baseScore.quotesNotInSource}`));
console.log(row('process RSS at end', `${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`));
console.log(formatColdStart(cold));

function timeEach(fn: (q: string) => Promise<void>): Promise<{ p50: number; p99: number }> {
  return latencies(questions, ROUNDS, fn);
}
