import { writeFile } from 'node:fs/promises';
import { clockFor } from '../app.ts';
import { loadConfig } from '../config.ts';
import { deadlineView } from '../knowledge/deadlines.ts';
import { deadlinesCalendar } from '../knowledge/ics.ts';
import { knowledgePaths, loadKnowledgeBase } from '../knowledge/load.ts';
import { nowOption, parseArgs } from './args.ts';
import { runCli } from './run.ts';

/** `npm run ics [-- --out FILE] [--now YYYY-MM-DD]`: every deadline as an iCalendar file (stdout by default). */
runCli(async () => {
  const { values } = parseArgs({ options: { out: { type: 'string', short: 'o' }, now: { type: 'string' } } });
  const now = nowOption(values.now);
  const config = { ...loadConfig(), ...(now ? { now } : {}) };
  const clock = clockFor(config);
  const kb = await loadKnowledgeBase(knowledgePaths(config.knowledgeDir));
  const ics = deadlinesCalendar(kb.deadlines.map((d) => deadlineView(d, clock.today())), { now: clock.now(), asOf: kb.asOf });
  if (values.out) {
    await writeFile(values.out, ics);
    process.stderr.write(`Wrote ${kb.deadlines.length} deadlines to ${values.out}\n`);
  } else process.stdout.write(ics);
});
