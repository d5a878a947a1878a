import { createInterface } from 'node:readline';
import { renderForConsole } from '../adapters/console/render.ts';
import { consolePlatform } from '../adapters/console/platform.ts';
import { useColour } from '../adapters/console/style.ts';
import { createCore } from '../app.ts';
import { loadConfig, sectionOf, type Config } from '../config.ts';
import { createLogger } from '../core/log.ts';
import { toRecord } from '../evaluation/score.ts';
import type { KnowledgeHolder } from '../knowledge/holder.ts';
import { dateFlag, type CommandLine, type ToolSpec } from './command-line.ts';

export const ASK = {
  run: 'npm run ask --',
  synopsis: ['[--now YYYY-MM-DD] [--conversation] "question"', '--json [--now YYYY-MM-DD] [--conversation] [question]'],
  summary:
    'Answers a question once, in plain text; with --json, one JSON line per question {"question","answer","abstained","citations"}.\n' +
    'With no question, reads questions from stdin, one a line. For JSON, run it as `npm run --silent ask -- --json`:\n' +
    "--silent keeps npm's own banner off stdout, so stdout holds nothing but the JSON lines.",
  flags: {
    json: { type: 'boolean', description: 'one JSON line per answer, for scripts' },
    now: { type: 'string', value: 'YYYY-MM-DD', description: 'the date to answer as of (default: POLICYBOT_NOW, else today)' },
    conversation: { type: 'boolean', description: 'read the lines as one conversation, so follow-ups ("and who leads it?") refer back' },
  },
  positionals: true,
} as const satisfies ToolSpec;

/**
 * `npm run ask`: answers from the command line, as text or as JSON lines for
 * scripts. `knowledge` is the knowledge base already loaded (the start-up
 * snapshot's, `src/snapshot/`); without it, it is loaded from the files.
 */
export async function ask({ values, positionals }: CommandLine<(typeof ASK)['flags']>, options: { config?: Config; knowledge?: KnowledgeHolder } = {}): Promise<void> {
  const now = dateFlag('now', values.now);
  const config = { ...(options.config ?? loadConfig()), ...(now ? { now } : {}) };
  const core = await createCore(config, createLogger(config.logLevel), options.knowledge ? { knowledge: options.knowledge } : {});
  // At a terminal, as the console shows it (colour unless NO_COLOR, wrapped to the window); piped, plain.
  const look = { colour: useColour(sectionOf(config, consolePlatform)?.colour ?? 'auto', process.stdout), ...(process.stdout.isTTY && process.stdout.columns ? { width: process.stdout.columns } : {}) };

  // Each line is its own question, unless --conversation makes the lines one conversation ("and who leads it?").
  let before: { topic: readonly string[]; previous: string } | undefined;
  const answerOne = async (question: string) => {
    if (values.json) {
      const answer = await core.answerer.answer(question, { engine: core.knowledge.engine, today: core.clock.today(), ...(values.conversation && before ? before : {}) });
      if (values.conversation && answer.topic.length > 0) before = { topic: answer.topic, previous: answer.question };
      process.stdout.write(`${JSON.stringify(toRecord(answer))}\n`);
    } else {
      const reply = await core.bot.handleQuestion(question, { platform: 'cli', local: true, ...(values.conversation ? { conversation: 'cli' } : {}) });
      process.stdout.write(`${renderForConsole(reply, look)}\n\n`);
    }
  };

  if (positionals.length > 0) return void (await answerOne(positionals.join(' ')));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim()) await answerOne(line.trim());
  }
}
