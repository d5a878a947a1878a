import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { Scheduler } from '../../src/following/scheduler.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { PgStore } from '../../src/store/pg-store.ts';
import { isStoreWriteError, StoreWriteError } from '../../src/store/store.ts';
import { memoryLogger, shippedKnowledgeBase } from '../support/core.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';

/**
 * PostgreSQL stops under a running bot (this file has a server of its own,
 * stopped and started again): whoever wanted something saved is told it was
 * not, nothing crashes, the scheduler waits, and once the server is back the
 * pool reconnects and writes land again, with nothing restarted.
 */

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.dispose();
});

const where = (channelId: string) => ({ platform: 'discord', channelId, userId: 'U1', canManageChannel: true, manageChannelHint: 'It needs the Manage Channels permission.' });

describe('a PostgreSQL that goes away while the bot runs', () => {
  it('says "not saved", keeps answering and does not crash; writes resume when it is back', async () => {
    const log = memoryLogger();
    const store = await PgStore.open(await postgres.createDatabase('outage'), { log, connectTimeoutMs: 2000 });
    const clock = fixedClock('2026-02-27');
    const knowledge = new KnowledgeHolder(await shippedKnowledgeBase());
    const bot = createBot({ knowledge, clock, log, following: { store, reminderDays: [7], subscriptionsChanged: () => undefined } });
    const posted: string[] = [];
    const scheduler = new Scheduler({ store, knowledge, clock, log, posters: { discord: async (id) => (posted.push(id), { ok: true }) }, reminderDays: [7] });
    try {
      expect(await bot.handleText('/subscribe deadlines', where('C1'))).toMatchObject({ kind: 'info', title: 'Subscribed' });

      await postgres.stop();
      const refused = await bot.handleText('/subscribe deadlines', where('C2'));
      expect(refused).toMatchObject({ kind: 'user-error', text: expect.stringMatching(/^Sorry, I could not (save|do) that just now: my data store is not/) });
      expect((await bot.handleText('/unsubscribe', where('C1'))).kind).toBe('user-error');
      const claim = await store.claimPost({ key: 'k', channel: { platform: 'discord', channelId: 'C1' }, kind: 'reminder', at: clock.now().toISOString() }).catch((e: unknown) => e);
      expect(claim).toBeInstanceOf(StoreWriteError);
      expect(isStoreWriteError(await store.subscriptions().catch((e: unknown) => e))).toBe(true);
      // The scheduler posts nothing it could not record, and says why.
      expect(await scheduler.tick()).toMatchObject({ sent: 0, retryLater: 1 });
      expect(posted).toEqual([]);
      // Questions need no store: answered as ever.
      expect((await bot.handleText('When is the US-EU MOU due?', where('C1'))).kind).toBe('answer');
      expect(log.lines.some((l) => l.includes('"level":"warn"') && l.includes('the database did not answer'))).toBe(true);

      await postgres.start();
      // The pool opens new connections on the next query: nothing to restart.
      expect(await bot.handleText('/subscribe deadlines', where('C2'))).toMatchObject({ kind: 'info', title: 'Subscribed' });
      expect((await store.subscriptions()).map((s) => s.channel.channelId)).toEqual(['C1', 'C2']);
      const report = await scheduler.tick();
      expect(report.retryLater).toBe(0);
      expect(posted.sort()).toEqual(['C1', 'C2']);
      expect(log.lines.some((l) => l.includes('"level":"error"'))).toBe(false);
    } finally {
      await scheduler.stop();
      await store.close();
    }
  }, 60_000);
});
