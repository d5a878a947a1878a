import { createInterface } from 'node:readline';
import { renderForConsole } from '../adapters/console/render.ts';
import { createCore } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../core/log.ts';
import { toRecord } from '../evaluation/score.ts';
import { nowOption, parseArgs } from './args.ts';
import { runCli } from './run.ts';

/**
 * `npm run ask -- "question"` answers once, in plain text.
 * `npm run ask -- --json [--now YYYY-MM-DD] [--conversation] [question]` prints one
 * JSON line per question; with no question it reads questions from stdin, one a
 * line, and answers them in order, each on its own unless `--conversation`.
 */
runCli(async () => {
  const { values, positionals } = parseArgs({
    options: { json: { type: 'boolean', default: false }, now: { type: 'string' }, conversation: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const now = nowOption(values.now);
  const config = { ...loadConfig(), ...(now ? { now } : {}) };
  const core = await createCore(config, createLogger(config.logLevel));

  // Each line is its own question, unless --conversation makes the lines one conversation ("and who leads it?").
  let before: { topic: readonly string[]; previous: string } | undefined;
  const answerOne = async (question: string) => {
    if (values.json) {
      const answer = await core.answerer.answer(question, { engine: core.knowledge.engine, today: core.clock.today(), ...(values.conversation && before ? before : {}) });
      if (values.conversation && answer.topic.length > 0) before = { topic: answer.topic, previous: answer.question };
      process.stdout.write(`${JSON.stringify(toRecord(answer))}\n`);
    } else {
      const reply = await core.bot.handleQuestion(question, { platform: 'cli', ...(values.conversation ? { conversation: 'cli' } : {}) });
      process.stdout.write(`${renderForConsole(reply)}\n\n`);
    }
  };

  if (positionals.length > 0) return void (await answerOne(positionals.join(' ')));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim()) await answerOne(line.trim());
  }
});
