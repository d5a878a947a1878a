import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PassThrough, Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { createConsoleAdapter } from '../src/adapters/console/console-adapter.ts';
import { createCore } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { readEvalFile } from '../src/evaluation/dataset.ts';
import { answerKind, type AnswerKind } from './answer-kind.ts';
import { countingLogger, type LogCounts } from './counting-log.ts';
import { summarise, type LatencySummary } from './load-stats.ts';
import { openLoop } from './open-loop.ts';
import { PROJECT_ROOT } from './paths.ts';

/**
 * The console path under the same load: the real console adapter, as
 * `npm start` runs it with piped input, fed one question a line at the
 * given rate (open-loop), each answer timed from when its line was due to
 * when the adapter wrote it. The console answers in input order, one at a
 * time, so the n-th answer written belongs to the n-th line.
 */
export interface ConsoleFigures {
  readonly sent: number;
  readonly measured: number;
  readonly throughput: number;
  readonly latency: LatencySummary;
  /** In the measured window. */
  readonly outcomes: Record<AnswerKind, number> & { readonly missing: number };
  readonly log: LogCounts;
}

export async function runConsoleLoad(options: { readonly rate: number; readonly durationMs: number; readonly warmupMs: number; readonly answerTimeoutMs: number; readonly now: string }): Promise<ConsoleFigures> {
  const questions = (await readEvalFile(path.join(PROJECT_ROOT, 'tests/fixtures/eval/dev.jsonl'))).map((i) => i.q);
  // The environment `npm start` would read with no platform configured, and nothing from this one (no tokens, no LLM key).
  const config = loadConfig({ POLICYBOT_NOW: options.now });
  const { log, counts } = countingLogger(config.logLevel);
  const core = await createCore(config, log);

  const due: number[] = [];
  const answered: { at: number; kind: AnswerKind }[] = [];
  const input = new PassThrough();
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = chunk.toString();
      // A lone newline separates answers; everything else is one whole answer.
      if (text !== '\n') answered.push({ at: performance.now(), kind: answerKind(text) });
      done();
    },
  });
  const adapter = createConsoleAdapter(core.bot, { input, output });
  const running = adapter.start();

  const count = Math.max(1, Math.round((options.rate * options.durationMs) / 1000));
  const { startedAt } = await openLoop({
    rate: options.rate,
    count,
    fire(i, at) {
      due.push(at);
      input.write(`${questions[i % questions.length]!}\n`);
    },
  });
  const deadline = performance.now() + options.answerTimeoutMs;
  while (answered.length < count && performance.now() < deadline) await delay(20);
  input.end();
  await Promise.race([running, delay(1000)]);
  await adapter.stop();

  const windowStart = startedAt + options.warmupMs;
  const measured = due.map((d, i) => ({ due: d, answer: answered[i] })).filter((r) => r.due >= windowStart);
  const done = measured.filter((r) => r.answer !== undefined);
  const lastAt = done.reduce((latest, r) => Math.max(latest, r.answer!.at), windowStart + 1);
  const outcomes = { answered: 0, throttledUser: 0, throttledChannel: 0, busy: 0, apologies: 0, missing: measured.length - done.length };
  for (const r of done) outcomes[r.answer!.kind] += 1;
  return {
    sent: count,
    measured: measured.length,
    throughput: (done.length * 1000) / (lastAt - windowStart),
    latency: summarise(done.map((r) => r.answer!.at - r.due)),
    outcomes,
    log: counts,
  };
}
