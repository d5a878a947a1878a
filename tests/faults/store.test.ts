import { mkdir, readFile, rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PostOutcome } from '../../src/core/adapter.ts';
import { APOLOGY, createBot, type Bot } from '../../src/bot.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Reply } from '../../src/core/reply.ts';
import { Scheduler } from '../../src/following/scheduler.ts';
import { isoDate } from '../../src/core/dates.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { StoreWriteError, type ChannelRef } from '../../src/store/store.ts';
import { memoryLogger, shippedKnowledgeBase } from '../support/core.ts';
import { tempDataDir } from '../support/store.ts';
import { faultyDisk, type DiskFault, type FaultyDisk } from './disk.ts';

/**
 * The data file's disk full (ENOSPC) or read-only (EROFS, EACCES) under a
 * running bot: whoever wanted something saved is told it was not, memory goes
 * back to what the file holds, the file is left as it was and still loads,
 * the scheduler posts nothing it could not record first and catches up once
 * the disk accepts writes again, and questions are answered throughout.
 */

const channel = (id: string): ChannelRef => ({ platform: 'discord', channelId: id });
const at = new Date('2026-02-10T10:00:00Z');

let data: Awaited<ReturnType<typeof tempDataDir>>;
let disk: FaultyDisk;
let log: ReturnType<typeof memoryLogger>;
let store: LowdbStore;
beforeEach(async () => {
  data = await tempDataDir();
  disk = faultyDisk();
  log = memoryLogger();
  store = await LowdbStore.open(data.file, { adapter: disk.adapter, log });
});
afterEach(async () => {
  await store.close();
  await data.dispose();
});

const lines = () => log.lines.map((l) => JSON.parse(l) as { level: string; message: string; [key: string]: unknown });

describe('the store on a disk that refuses writes', () => {
  it.each<DiskFault>(['ENOSPC', 'EROFS', 'EACCES'])('%s: every change is refused and undone, the file is left as it was, and it loads afterwards with everything stored before', async (fault) => {
    await store.subscribe(channel('kept'), ['deadlines'], at);
    await store.claimPost({ key: 'posted-before', channel: channel('kept'), kind: 'reminder', at: at.toISOString() });
    await store.recordFeedback({ kind: 'declined', at: at.toISOString(), question: 'q', answer: 'a', citations: [], kbVersion: 'v', platform: 'discord' });
    const onDisk = await readFile(data.file, 'utf8');

    disk.fail(fault);
    const refused = await Promise.allSettled([
      store.subscribe(channel('new'), ['announcements'], at),
      store.subscribe(channel('kept'), ['announcements'], at),
      store.unsubscribe(channel('kept')),
      store.claimPost({ key: 'new-post', channel: channel('kept'), kind: 'reminder', at: at.toISOString() }),
      store.settlePost('posted-before', 'sent'),
      store.releasePost('posted-before'),
      store.markUnreachable(channel('kept'), 'gone', at),
      store.recordFeedback({ kind: 'vote', vote: 'up', answerId: 'x', at: at.toISOString(), question: 'q', answer: 'a', citations: [], kbVersion: 'v', platform: 'discord' }),
      store.recordKnowledge({ e: 'h' }, [{ id: 'a1', entryId: 'e', change: 'new', hash: 'h', at: at.toISOString() }]),
    ]);
    for (const r of refused) {
      expect(r.status).toBe('rejected');
      const error = (r as PromiseRejectedResult).reason as StoreWriteError;
      expect(error).toBeInstanceOf(StoreWriteError);
      expect(error.errno).toBe(fault);
    }

    // Memory is what the file holds: none of the refused changes shows.
    expect((await store.subscriptions())).toEqual([{ channel: channel('kept'), topics: ['deadlines'], since: at.toISOString() }]);
    expect((await store.post('new-post'))).toBeUndefined();
    expect((await store.post('posted-before'))).toMatchObject({ state: 'pending' });
    expect((await store.feedback())).toHaveLength(1);
    expect((await store.knownEntries())).toBeUndefined();
    expect((await store.announcements())).toEqual([]);
    expect(await readFile(data.file, 'utf8')).toBe(onDisk);
    // Each refusal is logged once, with the reason, as a warning: the bot goes on.
    const warnings = lines().filter((l) => l.message.startsWith('store: could not write'));
    expect(warnings).toHaveLength(refused.length);
    expect(warnings.every((w) => w.level === 'warn' && w.errno === fault)).toBe(true);

    // A change that changes nothing needs no disk.
    expect(await store.unsubscribe(channel('never-subscribed'))).toBe(false);
    expect(await store.claimPost({ key: 'posted-before', channel: channel('kept'), kind: 'reminder', at: at.toISOString() })).toBe(false);

    disk.heal();
    await store.subscribe(channel('new'), ['announcements'], at);
    await store.close();
    store = await LowdbStore.open(data.file, { adapter: disk.adapter, log });
    expect((await store.subscriptions()).map((s) => s.channel.channelId)).toEqual(['kept', 'new']);
    expect((await store.post('posted-before'))).toMatchObject({ state: 'pending' });
    expect((await store.feedback())).toHaveLength(1);
  });

  it('closing does not fail when the lock file cannot be removed', async () => {
    await store.subscribe(channel('kept'), ['deadlines'], at);
    // As root nothing refuses an unlink, but a directory in the lock's place does.
    await rm(`${data.file}.lock`);
    await mkdir(`${data.file}.lock/held`, { recursive: true });
    await expect(store.close()).resolves.toBeUndefined();
    expect(lines().some((l) => l.level === 'warn' && l.message.startsWith('store: could not remove the lock file'))).toBe(true);
    await rm(`${data.file}.lock`, { recursive: true });
    store = await LowdbStore.open(data.file, { adapter: disk.adapter, log });
    expect((await store.subscriptions())).toHaveLength(1);
  });

  it('a temporary file left short by a full disk is not read back: the last complete file is', async () => {
    await store.subscribe(channel('kept'), ['deadlines'], at);
    disk.fail('ENOSPC');
    await expect(store.subscribe(channel('lost'), ['deadlines'], at)).rejects.toBeInstanceOf(StoreWriteError);
    await expect(readFile(`${data.dir}/.policybot.json.tmp`, 'utf8')).resolves.toBeTruthy();
    await store.close();
    disk.heal();
    store = await LowdbStore.open(data.file, { adapter: disk.adapter, log });
    expect((await store.subscriptions()).map((s) => s.channel.channelId)).toEqual(['kept']);
  });

  it('changes queued behind a refused one are each judged on their own: what the disk accepts lands', async () => {
    let remaining = 1;
    const once: FaultyDisk = {
      ...disk,
      adapter: (file) => {
        const inner = disk.adapter(file);
        return {
          read: inner.read,
          write: async (d) => {
            if (remaining-- > 0) disk.fail('ENOSPC');
            else disk.heal();
            return inner.write(d);
          },
        };
      },
    };
    await store.close();
    store = await LowdbStore.open(data.file, { adapter: once.adapter, log });
    const [first, second] = await Promise.allSettled([store.subscribe(channel('a'), ['deadlines'], at), store.subscribe(channel('b'), ['deadlines'], at)]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
    expect((await store.subscriptions()).map((s) => s.channel.channelId)).toEqual(['b']);
    const saved = JSON.parse(await readFile(data.file, 'utf8')) as { subscriptions: { channel: ChannelRef }[] };
    expect(saved.subscriptions.map((s) => s.channel.channelId)).toEqual(['b']);
  });

  it('a batch of declined questions the disk refuses is refused for each of them, and logged once', async () => {
    disk.fail('EROFS');
    const question = (q: string) => store.recordFeedback({ kind: 'declined', at: at.toISOString(), question: q, answer: 'a', citations: [], kbVersion: 'v', platform: 'slack' });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => question(`q${i}`)));
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof StoreWriteError)).toBe(true);
    expect((await store.feedback())).toEqual([]);
    expect(lines().filter((l) => l.message.startsWith('store: could not write')).length).toBeLessThanOrEqual(2);
    disk.heal();
    await question('after');
    expect((await store.feedback()).map((f) => f.question)).toEqual(['after']);
  });
});

describe('commands while the disk refuses writes', () => {
  let bot: Bot;
  let pokes: number;
  const where = (channelId = 'C1') => ({ platform: 'discord' as const, channelId, userId: 'U1', canManageChannel: true });

  beforeEach(async () => {
    pokes = 0;
    bot = createBot({
      knowledge: new KnowledgeHolder(await shippedKnowledgeBase()),
      clock: { now: () => new Date('2026-02-27T09:00:00Z'), today: () => '2026-02-27' as ReturnType<Clock['today']> },
      log,
      following: { store, reminderDays: [30, 7, 1, 0], subscriptionsChanged: () => void pokes++ },
    });
  });

  it('subscribe says it could not be saved, and where things stand; nothing changed and the scheduler is not told', async () => {
    disk.fail('ENOSPC');
    const r = await bot.handleCommand('subscribe', { topics: 'all' }, where());
    expect(r.kind).toBe('user-error');
    expect(r.text).toBe('Sorry, I could not save that just now: my data store is not accepting changes. This channel is not subscribed.');
    expect(r.notes).toEqual(['Please try again later; whoever runs policybot has been told why.']);
    expect(r.text).not.toContain(APOLOGY);
    expect(pokes).toBe(0);
    expect((await bot.handleCommand('subscriptions', {}, where())).text).toMatch(/not subscribed/);

    disk.heal();
    expect(await bot.handleCommand('subscribe', { topics: 'deadlines' }, where())).toMatchObject({ kind: 'info', title: 'Subscribed' });
    disk.fail('EROFS');
    const change = await bot.handleCommand('subscribe', { topics: 'announcements' }, where());
    expect(change.text).toMatch(/could not save that just now.*This channel still receives deadline reminders, as before\.$/);
    expect((await store.subscription(channel('C1')))?.topics).toEqual(['deadlines']);
  });

  it('unsubscribe says the channel is still subscribed, not that it stopped', async () => {
    await bot.handleCommand('subscribe', { topics: 'all' }, where());
    pokes = 0;
    disk.fail('EACCES');
    const r = await bot.handleCommand('unsubscribe', {}, where());
    expect(r).toMatchObject({ kind: 'user-error', text: expect.stringMatching(/could not save that just now.*This channel is still subscribed/) });
    expect((await store.subscription(channel('C1')))).toBeDefined();
    expect(pokes).toBe(0);
    // Nothing to undo needs no disk, and is said as it is.
    expect((await bot.handleCommand('unsubscribe', {}, where('C2'))).text).toBe('This channel was not subscribed.');
  });

  it('a 👍/👎 is not thanked for: the voter is told it was not recorded, and may vote again once the disk is back', async () => {
    const answer = await bot.handleQuestion('How big is the EXIM loan behind Project Vault?', where());
    disk.fail('ENOSPC');
    const r = await bot.handleFeedback({ feedbackId: answer.feedbackId!, vote: 'up' }, where());
    expect(r).toMatchObject({ kind: 'user-error', text: expect.stringMatching(/^Sorry, I could not save that just now: .*nothing was recorded\./) });
    expect(r.text).not.toMatch(/Thanks/);
    expect((await store.feedback())).toEqual([]);
    disk.heal();
    expect((await bot.handleFeedback({ feedbackId: answer.feedbackId!, vote: 'up' }, where())).text).toBe('Thanks for the feedback.');
    expect((await store.feedback())).toHaveLength(1);
  });

  it('questions are answered as ever; a declined one that cannot be recorded only logs a warning', async () => {
    disk.fail('ENOSPC');
    const answered = await bot.handleQuestion('When is the US-EU memorandum due?', where());
    expect(answered).toMatchObject({ kind: 'answer', text: expect.stringMatching(/March 6, 2026/) });
    const declined = await bot.handleQuestion('Who will win the World Cup?', where());
    expect(declined.kind).toBe('declined');
    await vi.waitFor(() => expect(lines().some((l) => l.level === 'warn' && l.message === 'could not record a declined question')).toBe(true));
    expect(lines().filter((l) => l.level === 'error')).toEqual([]);
    expect((await bot.handleCommand('deadlines', {}, where())).kind).toBe('info');
  });
});

describe('the scheduler while the disk refuses writes', () => {
  // The US–EU memorandum is due 2026-03-06: its 7-day reminder falls due on 2026-02-27.
  function setUp(poster: (channelId: string, reply: Reply) => Promise<PostOutcome>) {
    let now = new Date('2026-02-27T09:00:00Z');
    const clock: Clock & { next(): void } = { now: () => new Date(now), today: () => isoDate(now), next: () => void (now = new Date(now.getTime() + 60_000)) };
    return { clock, make: async () => new Scheduler({ store, knowledge: new KnowledgeHolder(await shippedKnowledgeBase()), clock, log, posters: { discord: poster }, reminderDays: [7] }) };
  }
  const posted: string[] = [];
  const ok = async (channelId: string, reply: Reply): Promise<PostOutcome> => {
    posted.push(`${channelId} ${reply.title}`);
    return { ok: true, messageId: `m${posted.length}` };
  };
  beforeEach(() => void (posted.length = 0));
  const memorandum = () => posted.filter((p) => p.includes('memorandum'));

  it('posts nothing it could not claim first, and posts it once on a later tick when the disk is back', async () => {
    await store.subscribe(channel('c1'), ['deadlines'], new Date('2026-02-01T00:00:00Z'));
    const { clock, make } = setUp(ok);
    const scheduler = await make();
    disk.fail('ENOSPC');
    const refused = await scheduler.tick();
    expect(refused).toMatchObject({ sent: 0, retryLater: 1 });
    expect(posted).toEqual([]);
    expect((await store.posts())).toEqual([]);
    expect(lines().some((l) => l.level === 'warn' && l.message.startsWith('scheduler: the data store refused a write') && l.errno === 'ENOSPC')).toBe(true);

    clock.next();
    expect((await scheduler.tick()).sent).toBe(0);
    disk.heal();
    clock.next();
    await scheduler.tick();
    expect(memorandum()).toEqual(['c1 Deadline in 7 days: Conclusion of the US–EU memorandum']);
    clock.next();
    await scheduler.tick();
    expect(memorandum()).toHaveLength(1);
    await scheduler.stop();
  });

  it('a failed post whose release cannot be recorded stays claimed (never twice), and is released and posted once the disk is back', async () => {
    await store.subscribe(channel('c1'), ['deadlines'], new Date('2026-02-01T00:00:00Z'));
    let platformDown = true;
    const { clock, make } = setUp(async (channelId, reply) => {
      if (!platformDown) return ok(channelId, reply);
      // The platform fails the post, and the disk fills up meanwhile.
      disk.fail('ENOSPC');
      return { ok: false, permanent: false, reason: '503 Service Unavailable' };
    });
    const scheduler = await make();
    expect((await scheduler.tick()).retryLater).toBeGreaterThan(0);
    const key = (await store.posts())[0]!.key;
    expect((await store.post(key))).toMatchObject({ state: 'pending' });
    platformDown = false;
    clock.next();
    await scheduler.tick(); // the disk is still full: nothing moves
    expect(posted).toEqual([]);
    disk.heal();
    clock.next();
    await scheduler.tick();
    expect(memorandum()).toEqual(['c1 Deadline in 7 days: Conclusion of the US–EU memorandum']);
    expect((await store.post(key))).toMatchObject({ state: 'sent' });
    clock.next();
    await scheduler.tick();
    expect(memorandum()).toHaveLength(1);
    await scheduler.stop();
  });

  it('a post that went out but could not be recorded as sent is never posted again, even after a restart', async () => {
    await store.subscribe(channel('c1'), ['deadlines'], new Date('2026-02-01T00:00:00Z'));
    const { clock, make } = setUp(async (channelId, reply) => {
      const outcome = await ok(channelId, reply);
      disk.fail('EROFS');
      return outcome;
    });
    const scheduler = await make();
    await scheduler.tick();
    expect(memorandum()).toHaveLength(1);
    expect(lines().some((l) => l.message.startsWith('scheduler: could not record the outcome of a post'))).toBe(true);
    disk.heal();
    clock.next();
    await scheduler.tick();
    await scheduler.stop();
    await store.close();
    store = await LowdbStore.open(data.file, { adapter: disk.adapter, log });
    const restarted = await make();
    await restarted.tick();
    expect(memorandum()).toHaveLength(1);
    await restarted.stop();
  });

  it('announcements the store could not record at start are recorded and posted on a later tick', async () => {
    await store.subscribe(channel('c1'), ['announcements'], new Date('2026-02-01T00:00:00Z'));
    await store.recordKnowledge({}, []); // an earlier knowledge base with no entries: every entry is new
    const { clock, make } = setUp(ok);
    const scheduler = await make();
    disk.fail('ENOSPC');
    await scheduler.noteKnowledge();
    expect((await store.announcements())).toEqual([]);
    disk.heal();
    clock.next();
    await scheduler.tick();
    expect((await store.announcements()).length).toBeGreaterThan(0);
    expect(posted.filter((p) => p.includes('New in the knowledge base')).length).toBe((await store.announcements()).length);
    await scheduler.stop();
  });
});

describe('the scheduler under a platform that holds a post up', () => {
  it('the timer does not pile runs up behind a slow one', async () => {
    await store.subscribe(channel('c1'), ['deadlines'], new Date('2026-02-01T00:00:00Z'));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const clock = { now: () => new Date('2026-02-27T09:00:00Z'), today: () => '2026-02-27' as ReturnType<Clock['today']> };
    const scheduler = new Scheduler({
      store,
      knowledge: new KnowledgeHolder(await shippedKnowledgeBase()),
      clock,
      log,
      posters: {
        discord: async () => {
          calls += 1;
          await held;
          return { ok: true, messageId: 'm1' };
        },
      },
      reminderDays: [7],
    });
    scheduler.start(10);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toBe(1);
    expect(lines().filter((l) => l.message === 'scheduler: the previous run is still going; skipping this one').length).toBeGreaterThan(5);
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduler.stop();
    expect(calls).toBe(1);
    expect((await store.posts())).toEqual([expect.objectContaining({ state: 'sent' })]);
  });
});
