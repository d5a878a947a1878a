import path from 'node:path';
import { loadConfig, type Config } from '../config.ts';
import { createLogger } from '../core/log.ts';
import { OperatorError } from '../core/errors.ts';
import { readStoreFile } from '../store/lowdb-store.ts';
import { feedbackReport, unconfirmedPostsReport } from '../store/report.ts';
import type { FeedbackRecord, PostRecord } from '../store/store.ts';
import { countFlag, dateFlag, type ToolSpec } from './command-line.ts';
import { runTool } from './run.ts';

const REPORT = {
  run: 'npm run report --',
  synopsis: ['[--since YYYY-MM-DD] [--top N] [--data FILE]'],
  summary:
    'For curators: the answers voted down and the questions declined most often (the coverage gaps), and posts whose outcome is unknown\n' +
    '(their process stopped mid-post), from the data file, or the database when POLICYBOT_DATABASE_URL is set.\n' +
    'It only reads: it is safe to run while the bot runs.',
  flags: {
    since: { type: 'string', value: 'YYYY-MM-DD', description: 'only feedback from that day on' },
    top: { type: 'string', value: 'N', description: 'how many declined questions to list (default 10)' },
    data: { type: 'string', value: 'FILE', description: 'the data file to read (default: POLICYBOT_DATA, else ./data/policybot.json)' },
  },
  positionals: false,
} as const satisfies ToolSpec;

runTool(REPORT, async ({ values }) => {
  const since = dateFlag('since', values.since);
  const top = countFlag('top', values.top) ?? 10;
  const config = loadConfig();
  const { feedback, posts } = values.data || !config.databaseUrl ? await readFile(values.data ? path.resolve(values.data) : config.dataFile) : await readDatabase(config);
  process.stdout.write(feedbackReport(feedback, { ...(since ? { since } : {}), top }));
  process.stdout.write(`\n${unconfirmedPostsReport(posts, since ? { since } : {})}`);
});

async function readFile(file: string): Promise<{ feedback: readonly FeedbackRecord[]; posts: readonly PostRecord[] }> {
  // Never created here: a mistyped path must not become an empty store reported as "0 votes".
  const data = await readStoreFile(file);
  if (!data) throw new OperatorError(`no data file at ${file}. Point POLICYBOT_DATA (or --data) at the file the bot writes.`);
  return { feedback: data.feedback, posts: Object.values(data.posts) };
}

/** With POLICYBOT_DATABASE_URL: the shared database (its tables are created, or found, as at the bot's start). */
async function readDatabase(config: Config): Promise<{ feedback: readonly FeedbackRecord[]; posts: readonly PostRecord[] }> {
  const { PgStore } = await import('../store/pg-store.ts');
  const store = await PgStore.open(config.databaseUrl!, { log: createLogger(config.logLevel) });
  try {
    return { feedback: await store.feedback(), posts: await store.posts() };
  } finally {
    await store.close();
  }
}
