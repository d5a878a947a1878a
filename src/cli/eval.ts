import path from 'node:path';
import { createCore } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../core/log.ts';
import { extractiveAnswerer } from '../knowledge/answer/answerer.ts';
import { createOutcomeTally } from '../knowledge/answer/llm/outcome.ts';
import { readEvalFile } from '../evaluation/dataset.ts';
import { judge, summarise, toRecord, type ItemResult } from '../evaluation/score.ts';
import { nowOption, parseArgs } from './args.ts';
import { runCli, UsageError } from './run.ts';

/**
 * `npm run eval -- FILE.jsonl [--now YYYY-MM-DD] [--verbose]` scores the bot on
 * a question file and prints grounded-correct, declined and quotes-not-in-source.
 * The clock defaults to 2026-11-28, the date the development set assumes.
 */
runCli(async () => {
  const { values, positionals } = parseArgs({
    options: { now: { type: 'string' }, verbose: { type: 'boolean', short: 'v', default: false }, llm: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) throw new UsageError('usage: npm run eval -- FILE.jsonl [--now YYYY-MM-DD] [--verbose] [--llm]');
  const env = loadConfig();
  const config = { ...env, now: nowOption(values.now) ?? env.now ?? '2026-11-28' };
  const log = createLogger(config.logLevel);
  if (values.llm && !config.llm) throw new UsageError('--llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI)');
  const tally = values.llm ? createOutcomeTally() : undefined;
  // Without --llm the evaluation is the extractive answerer's, even when a key is set: repeatable figures.
  const answerer = tally && config.llm ? (await import('../knowledge/answer/llm/llm-answerer.ts')).createLlmAnswerer({ config: config.llm, log, onOutcome: tally.record }) : extractiveAnswerer;
  const core = await createCore(config, log, { answerer });
  const items = await readEvalFile(path.resolve(file));
  const results: ItemResult[] = [];
  for (const item of items) {
    const context = { engine: core.knowledge.engine, today: core.clock.today() };
    let before: { topic: readonly string[]; previous: string } | undefined;
    for (const earlier of item.after ?? []) {
      const a = await core.answerer.answer(earlier, { ...context, ...before });
      if (a.topic.length > 0) before = { topic: a.topic, previous: a.question };
    }
    const answer = await core.answerer.answer(item.q, { ...context, ...before });
    results.push(judge(item, toRecord(answer), core.knowledge.kb));
  }
  const s = summarise(results);
  for (const r of s.results) {
    if (!values.verbose && (r.verdict === 'correct' || r.verdict === 'declined')) continue;
    process.stdout.write(`${r.verdict.padEnd(22)} ${r.item.id}  ${r.item.q}\n  → ${r.record.abstained ? '(declined) ' : ''}${r.record.answer.slice(0, 240)}\n`);
  }
  process.stdout.write(
    [
      `file: ${file} (clock ${core.clock.today()}, answerer ${core.answerer.name})`,
      `grounded-correct: ${s.correct}/${s.answerable} answerable`,
      `declined: ${s.declined}/${s.outOfScope} out-of-scope`,
      `wrongly declined: ${s.results.filter((r) => r.verdict === 'declined-wrongly').length}`,
      `quotes-not-in-source: ${s.quotesNotInSource}`,
      ...(tally ? [tally.summary()] : []),
      '',
    ].join('\n'),
  );
});
