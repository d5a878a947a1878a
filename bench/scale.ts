import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import { extractiveAnswerer } from '../src/knowledge/answer/answerer.ts';
import { createEngine } from '../src/knowledge/answer/engine.ts';
import { parseIsoDate } from '../src/core/dates.ts';
import { knowledgePaths, loadKnowledgeBase } from '../src/knowledge/load.ts';
import { readEvalFile } from '../src/evaluation/dataset.ts';
import { PROJECT_ROOT } from './paths.ts';
import { syntheticKnowledge } from './synthetic-corpus.ts';
import { firstOutput, latencies } from './timing.ts';

/**
 * `npm run bench -- --scale N`: the shipped knowledge base plus N synthetic
 * documents (names and figures changed), and in one run, for policybot and a
 * plain MiniSearch script over the same paragraphs: load time, answer latency
 * p50/p99 in process, and time from launch to the first answer. Prints the
 * ratios the answering engine is held to (≤ 2 at N = 500).
 */
export async function main(args: readonly string[]): Promise<void> {
  const n = Number(args[args.indexOf('--scale') + 1] ?? 500);
  const launchesEach = Number(process.env.BENCH_LAUNCHES ?? 5);
  // The launches run the built `ask` script, as `npm run ask` does.
  await run('npm', ['run', '--silent', 'build']);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'policybot-scale-'));
  try {
    const { paragraphs } = await syntheticKnowledge(PROJECT_ROOT, dir, n);
    const questions = (await readEvalFile(path.join(PROJECT_ROOT, 'tests/fixtures/eval/dev.jsonl'))).map((i) => i.q);
    const today = parseIsoDate('2026-11-28')!;

    // Each loaded once, alternating, cold: the first load of either pays for compiling its code and filling its caches, as a process's does.
    const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      const start = performance.now();
      const value = await fn();
      return [value, performance.now() - start];
    };
    const loadOurs = async () => createEngine(await loadKnowledgeBase(knowledgePaths(dir)));
    const [plain, plainLoad] = await timed(() => plainIndex(dir));
    const [engine, oursLoad] = await timed(loadOurs);
    const kb = engine.kb;

    for (const q of questions) {
      await extractiveAnswerer.answer(q, { engine, today });
      plain.search(q);
    }
    const ours = await latencies(questions, 10, async (q) => void (await extractiveAnswerer.answer(q, { engine, today })));
    const theirs = await latencies(questions, 10, async (q) => void plain.search(q));

    const probe = questions[0]!;
    const env = { POLICYBOT_KNOWLEDGE_DIR: dir, POLICYBOT_NOW: '2026-11-28' };
    const oursDirect: number[] = [];
    const oursNpm: number[] = [];
    const plainLaunch: number[] = [];
    // Alternate the commands so that machine noise falls on all of them alike.
    for (let i = 0; i < launchesEach; i++) {
      // The `ask` script's own command (what `npm run ask` runs, without npm): the start-up snapshot when it is current.
      oursDirect.push(await firstOutput('sh', ['dist/cli/ask.sh', '--json', probe], env));
      oursNpm.push(await firstOutput('npm', ['run', '--silent', 'ask', '--', '--json', probe], env));
      plainLaunch.push(await firstOutput(process.execPath, ['bench/plain-minisearch.mjs', dir, probe], {}));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const row = (label: string, a: number, b: number) =>
      console.log(`  ${label.padEnd(40)} ${fmt(a).padStart(10)} ${fmt(b).padStart(10)}   ${(a / b).toFixed(2)}x`);
    console.log(`policybot bench --scale ${n}: ${kb.sources.length} documents, ${paragraphs} paragraphs, ${questions.length} questions, ${launchesEach} launches each, Node ${process.version}`);
    console.log(`  ${''.padEnd(40)} ${'policybot'.padStart(10)} ${'MiniSearch'.padStart(10)}   ratio`);
    row('load + index (in process)', oursLoad, plainLoad);
    row('answer p50 (in process)', ours.p50, theirs.p50);
    row('answer p99 (in process)', ours.p99, theirs.p99);
    row('launch -> first answer, ask command (median)', median(oursDirect), median(plainLaunch));
    row('launch -> first answer, npm run ask (median)', median(oursNpm), median(plainLaunch));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

function fmt(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

async function plainIndex(dir: string): Promise<MiniSearch<{ id: string; text: string }>> {
  const seeds = path.join(dir, 'seeds');
  const docs: { id: string; text: string }[] = [];
  for (const file of (await readdir(seeds)).filter((f) => f.endsWith('.txt'))) {
    (await readFile(path.join(seeds, file), 'utf8')).split(/\n\s*\n/).forEach((text, i) => text.trim() && docs.push({ id: `${file}#p${i + 1}`, text }));
  }
  const search = new MiniSearch<{ id: string; text: string }>({ fields: ['text'], storeFields: ['text'] });
  search.addAll(docs);
  return search;
}
