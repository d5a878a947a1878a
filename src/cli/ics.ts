import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { clockFor } from '../app.ts';
import { loadConfig } from '../config.ts';
import { deadlineView } from '../knowledge/deadlines.ts';
import { deadlinesCalendar } from '../knowledge/ics.ts';
import { knowledgePaths, loadKnowledgeBase } from '../knowledge/load.ts';
import { dateFlag, FileArgumentError, type ToolSpec } from './command-line.ts';
import { runTool } from './run.ts';

const ICS = {
  run: 'npm run ics --',
  synopsis: ['[--out FILE] [--now YYYY-MM-DD]'],
  summary: 'Every deadline as an iCalendar file, on stdout unless --out names a file.',
  flags: {
    out: { type: 'string', short: 'o', value: 'FILE', description: 'write the calendar to FILE (its folder must exist)' },
    now: { type: 'string', value: 'YYYY-MM-DD', description: 'the date the calendar is stamped with (default: POLICYBOT_NOW, else today)' },
  },
  positionals: false,
} as const satisfies ToolSpec;

runTool(ICS, async ({ values }) => {
  const now = dateFlag('now', values.now);
  const config = { ...loadConfig(), ...(now ? { now } : {}) };
  const clock = clockFor(config);
  const kb = await loadKnowledgeBase(knowledgePaths(config.knowledgeDir));
  const ics = deadlinesCalendar(kb.deadlines.map((d) => deadlineView(d, clock.today())), { now: clock.now(), asOf: kb.asOf });
  if (!values.out) return void process.stdout.write(ics);
  const out = path.resolve(values.out);
  await writeFile(out, ics).catch((error: unknown) => {
    throw new FileArgumentError('--out', out, error, 'write');
  });
  process.stderr.write(`Wrote ${kb.deadlines.length} deadlines to ${out}\n`);
});
