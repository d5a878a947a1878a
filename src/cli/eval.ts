import path from 'node:path';
import { createCore } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../core/log.ts';
import { readEvalFile } from '../evaluation/dataset.ts';
import { judge, summarise, toRecord, type ItemResult } from '../evaluation/score.ts';
import { nowOption, parseArgs } from './args.ts';
import { runCli } from './run.ts';

/**
 * `npm run eval -- FILE.jsonl [--now YYYY-MM-DD] [--verbose]` scores the bot on
 * a question file and prints grounded-correct, declined and quotes-not-in-source.
 * The clock defaults to 2026-11-28, the date the development set assumes.
 */
runCli(async () => {
  const { values, positionals } = parseArgs({
    options: { now: { type: 'string' }, verbose: { type: 'boolean', short: 'v', default: false } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: npm run eval -- FILE.jsonl [--now YYYY-MM-DD] [--verbose]');
  const config = { ...loadConfig(), now: nowOption(values.now) ?? loadConfig().now ?? '2026-11-28' };
  const core = await createCore(config, createLogger(config.logLevel));
  const items = await readEvalFile(path.resolve(file));
  const results: ItemResult[] = [];
  for (const item of items) {
    const answer = await core.answerer.answer(item.q, { engine: core.knowledge.engine, today: core.clock.today() });
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
      '',
    ].join('\n'),
  );
});
