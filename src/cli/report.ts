import path from 'node:path';
import { loadConfig } from '../config.ts';
import { OperatorError } from '../core/errors.ts';
import { readStoreFile } from '../store/lowdb-store.ts';
import { feedbackReport } from '../store/report.ts';
import { countFlag, dateFlag, type ToolSpec } from './command-line.ts';
import { runTool } from './run.ts';

const REPORT = {
  run: 'npm run report --',
  synopsis: ['[--since YYYY-MM-DD] [--top N] [--data FILE]'],
  summary:
    'For curators: the answers voted down and the questions declined most often (the coverage gaps), from the data file.\n' +
    'It only reads the file: it is safe to run while the bot runs.',
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
  const file = values.data ? path.resolve(values.data) : loadConfig().dataFile;
  // Never created here: a mistyped path must not become an empty store reported as "0 votes".
  const data = await readStoreFile(file);
  if (!data) throw new OperatorError(`no data file at ${file}. Point POLICYBOT_DATA (or --data) at the file the bot writes.`);
  process.stdout.write(feedbackReport(data.feedback, { ...(since ? { since } : {}), top }));
});
