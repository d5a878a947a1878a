import { fixedClock } from '../src/core/clock.ts';
import { createLogger } from '../src/core/log.ts';
import { Scheduler } from '../src/following/scheduler.ts';
import { KnowledgeHolder } from '../src/knowledge/holder.ts';
import { knowledgePaths, loadKnowledgeBase } from '../src/knowledge/load.ts';
import { PgStore } from '../src/store/pg-store.ts';
import { PROJECT_ROOT } from './paths.ts';

/**
 * One instance of the fan-out benchmark (`fanout.ts`), in a process of its
 * own as a deployed instance is: the real scheduler on the real PostgreSQL
 * store, posting through a stand-in that takes `POST_MS` per post (a
 * platform's round trip). Says `ready`, waits for a line on stdin, runs one
 * tick, and prints what it posted as one JSON line.
 */
const [url, postMs, today] = process.argv.slice(2) as [string, string, string];
const log = createLogger('warn');
const store = await PgStore.open(url, { log });
const knowledge = new KnowledgeHolder(await loadKnowledgeBase(knowledgePaths(PROJECT_ROOT)));
const posted: string[] = [];
const scheduler = new Scheduler({
  store,
  knowledge,
  clock: fixedClock(today),
  log,
  posters: {
    slack: async (channelId, reply) => {
      await new Promise((resolve) => setTimeout(resolve, Number(postMs)));
      posted.push(`${channelId} ${reply.title ?? ''}`);
      return { ok: true, messageId: `m${posted.length}` };
    },
  },
  reminderDays: [30, 7, 1, 0],
});
await scheduler.noteKnowledge();
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const started = performance.now();
const report = await scheduler.tick();
process.stdout.write(`${JSON.stringify({ ms: performance.now() - started, sent: report.sent, posted })}\n`);
await scheduler.stop();
await store.close();
process.exit(0);
