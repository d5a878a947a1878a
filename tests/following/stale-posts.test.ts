import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.ts';
import { isoDate } from '../../src/core/dates.ts';
import { DEFAULT_POST_TIMEOUT_MS, Scheduler } from '../../src/following/scheduler.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { unconfirmedPostsReport } from '../../src/store/report.ts';
import { memoryLogger, shippedKnowledgeBase } from '../support/core.ts';
import { tempDataDir } from '../support/store.ts';

/**
 * A post claimed by a process that stopped mid-post stays pending: at the
 * next start (and on every tick), once it is older than the post timeout, it
 * is settled as unknown, said at warn level with the channel and what was not
 * confirmed, not posted again, and listed by the report.
 */

let data: Awaited<ReturnType<typeof tempDataDir>>;
beforeEach(async () => {
  data = await tempDataDir();
});
afterEach(async () => {
  await data.dispose();
});

describe('posts left pending by a stop', () => {
  it('are settled as unknown once older than the post timeout, logged with the channel, never repeated, and reported', async () => {
    const store = await LowdbStore.open(data.file);
    let now = new Date('2026-02-27T09:00:00Z');
    const clock: Clock = { now: () => new Date(now), today: () => isoDate(now) };
    const channel = { platform: 'discord', channelId: 'c1' };
    await store.subscribe(channel, ['deadlines'], new Date('2026-01-01T00:00:00Z'));
    // The 7-day reminder of the MOU, claimed by a process killed before Discord answered.
    const key = 'reminder:discord:c1:us-eu-mou-conclusion@2026-03-06:7';
    await store.claimPost({ key, channel, kind: 'reminder', at: now.toISOString() });

    const log = memoryLogger();
    const sent: string[] = [];
    const scheduler = new Scheduler({ store, knowledge: new KnowledgeHolder(await shippedKnowledgeBase()), clock, log, posters: { discord: async (id, r) => (sent.push(`${id} ${r.title}`), { ok: true }) }, reminderDays: [7] });

    await scheduler.tick();
    // Too recent to judge: another instance may still be posting it.
    expect((await store.post(key))?.state).toBe('pending');
    now = new Date(now.getTime() + DEFAULT_POST_TIMEOUT_MS + 1000);
    await scheduler.tick();
    await scheduler.tick();
    expect(await store.post(key)).toMatchObject({ state: 'unknown', detail: expect.stringMatching(/stopped before the platform confirmed/) });
    const warnings = log.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'warn' && String(l.message).startsWith('post not confirmed'));
    expect(warnings).toEqual([expect.objectContaining({ channel: 'discord:c1', kind: 'reminder', key, claimedAt: '2026-02-27T09:00:00.000Z' })]);
    expect(sent.filter((s) => s.includes('memorandum'))).toEqual([]);
    expect(unconfirmedPostsReport(await store.posts())).toContain(`reminder in discord:c1: ${key}`);
    await scheduler.stop();
    await store.close();
  });
});
