import path from 'node:path';
import { createCore } from '../app.ts';
import { loadConfig } from '../config.ts';
import { errnoCode } from '../core/files.ts';
import { createLogger } from '../core/log.ts';
import { extractiveAnswerer } from '../knowledge/answer/answerer.ts';
import { createOutcomeTally } from '../knowledge/answer/llm/outcome.ts';
import { readEvalFile } from '../evaluation/dataset.ts';
import { judge, summarise, toRecord, type ItemResult } from '../evaluation/score.ts';
import { dateFlag, FileArgumentError, UsageError, type ToolSpec } from './command-line.ts';
import { runTool } from './run.ts';

const EVAL = {
  run: 'npm run eval --',
  synopsis: ['FILE.jsonl [--now YYYY-MM-DD] [--verbose] [--llm]'],
  summary: 'Scores the bot on a question file (format: tests/fixtures/eval/README.md): grounded-correct, declined, quotes not in the source.',
  flags: {
    now: { type: 'string', value: 'YYYY-MM-DD', description: 'the date to answer as of (default: POLICYBOT_NOW, else 2026-11-28, the date the development set assumes)' },
    verbose: { type: 'boolean', short: 'v', description: 'print every item, not only the misses' },
    llm: { type: 'boolean', description: 'score the LLM answerer (needs OPENAI_API_KEY) and count grounded, trimmed and fallen-back answers' },
  },
  positionals: true,
} as const satisfies ToolSpec;

/** `npm run eval`: scores the bot on a question file. Without --llm the answerer is the extractive one, even when a key is set: repeatable figures. */
runTool(EVAL, async ({ values, positionals }) => {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('a question file (FILE.jsonl) is needed');
  if (extra.length > 0) throw new UsageError(`one question file at a time, not also "${extra[0]}"`);
  const env = loadConfig();
  const config = { ...env, now: dateFlag('now', values.now) ?? env.now ?? '2026-11-28' };
  const log = createLogger(config.logLevel);
  if (values.llm && !config.llm) throw new UsageError('--llm needs OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI)');
  const items = await readEvalFile(path.resolve(file)).catch((error: unknown) => {
    throw errnoCode(error) ? new FileArgumentError('FILE.jsonl', path.resolve(file), error, 'read') : error;
  });
  const tally = values.llm ? createOutcomeTally() : undefined;
  const answerer = tally && config.llm ? (await import('../knowledge/answer/llm/llm-answerer.ts')).createLlmAnswerer({ config: config.llm, log, onOutcome: tally.record }) : extractiveAnswerer;
  const core = await createCore(config, log, { answerer });
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
