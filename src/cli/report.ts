import { loadConfig } from '../config.ts';
import { LowdbStore } from '../store/lowdb-store.ts';
import { feedbackReport } from '../store/report.ts';
import { nowOption, parseArgs } from './args.ts';
import { runCli } from './run.ts';

/**
 * `npm run report [-- --since YYYY-MM-DD]`: for curators, the answers voted
 * down and the questions declined most often (the coverage gaps), from the
 * data store. Opens the store, so run it while the bot is stopped, or against
 * a copy of the file (POLICYBOT_DATA=copy.json).
 */
runCli(async () => {
  const { values } = parseArgs({ options: { since: { type: 'string' }, top: { type: 'string' } } });
  const since = nowOption(values.since);
  const config = loadConfig();
  const store = await LowdbStore.open(config.dataFile);
  try {
    process.stdout.write(feedbackReport(store.feedback(), { ...(since ? { since } : {}), top: Number(values.top ?? 10) }));
  } finally {
    await store.close();
  }
});
