import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostOutcome } from '../../src/core/adapter.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Reply } from '../../src/core/reply.ts';
import { Scheduler } from '../../src/following/scheduler.ts';
import { isoDate } from '../../src/core/dates.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { knowledgePaths } from '../../src/knowledge/load.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import type { ChannelRef } from '../../src/store/store.ts';
import { memoryLogger, shippedKnowledgeBase } from '../support/core.ts';
import { recordDevelopment } from '../support/developments.ts';
import { copyKnowledge, type KnowledgeCopy } from '../support/kb-copy.ts';
import { tempDataDir } from '../support/store.ts';

/** A clock the test moves. */
function movableClock(start: string): Clock & { set(day: string): void } {
  let now = new Date(`${start}T09:00:00Z`);
  return { now: () => new Date(now), today: () => isoDate(now), set: (day) => void (now = new Date(`${day}T09:00:00Z`)) };
}

/** Records what each channel was sent; a channel can be made to fail. */
function fakePoster() {
  const sent: { channelId: string; reply: Reply }[] = [];
  const failing = new Map<string, PostOutcome>();
  const post = async (channelId: string, reply: Reply): Promise<PostOutcome> => {
    const failure = failing.get(channelId);
    if (failure) return failure;
    sent.push({ channelId, reply });
    return { ok: true, messageId: `m${sent.length}` };
  };
  return { sent, failing, post };
}

const chan = (id: string): ChannelRef => ({ platform: 'discord', channelId: id });
// Deadlines of the shipped knowledge base: MOU 2026-03-06, Mexico window 2026-04-05, pledge 2026-08-04.

let data: Awaited<ReturnType<typeof tempDataDir>>;
beforeEach(async () => {
  data = await tempDataDir();
});
afterEach(async () => {
  await data.dispose();
});

async function setUp(start: string, knowledge?: KnowledgeHolder) {
  const store = await LowdbStore.open(data.file);
  const clock = movableClock(start);
  const poster = fakePoster();
  const holder = knowledge ?? new KnowledgeHolder(await shippedKnowledgeBase());
  const scheduler = new Scheduler({ store, knowledge: holder, clock, log: memoryLogger(), posters: { discord: poster.post }, reminderDays: [30, 7, 1, 0] });
  return { store, clock, poster, scheduler, holder };
}

const titles = (sent: { channelId: string; reply: Reply }[]) => sent.map((s) => `${s.channelId} ${s.reply.title}`);

describe('deadline reminders', () => {
  it('posts each offset once and only once, day by day, across a restart', async () => {
    let s = await setUp('2026-01-01');
    await s.store.subscribe(chan('c1'), ['deadlines'], s.clock.now());
    const sent: string[] = [];
    for (const day of ['2026-02-04', '2026-02-05', '2026-02-27', '2026-02-27', '2026-03-05', '2026-03-06', '2026-03-07']) {
      s.clock.set(day);
      await s.scheduler.tick();
      if (day === '2026-02-27') {
        // Restart between two ticks of the same day: a new process, the same file.
        sent.push(...titles(s.poster.sent));
        await s.store.close();
        s = await setUp(day);
      }
    }
    sent.push(...titles(s.poster.sent));
    // (The Mexico window's 30-day reminder, due 2026-03-06 too, goes out beside them.)
    expect(sent.filter((t) => t.includes('memorandum'))).toEqual([
      'c1 Deadline in 30 days: Conclusion of the US–EU memorandum',
      'c1 Deadline in 7 days: Conclusion of the US–EU memorandum',
      'c1 Deadline in 1 day: Conclusion of the US–EU memorandum',
      'c1 Deadline today: Conclusion of the US–EU memorandum',
    ]);
    await s.store.close();
  });

  it('carries the date, how it was computed, its citation and the sources’ age', async () => {
    const s = await setUp('2026-02-27');
    await s.store.subscribe(chan('c1'), ['deadlines'], s.clock.now());
    await s.scheduler.tick();
    const r = s.poster.sent[0]!.reply;
    expect(r.text).toMatch(/March 6, 2026 \(2026-03-06\) \(estimated\)\. Computed as 30 days \("Within the next 30 days"\) counted from the Critical Minerals Ministerial/);
    expect(r.citations[0]!.quote).toMatch(/Within the next 30 days/);
    expect(r.notes).toContain('As of the newest source, 2026-02-05; nothing later is recorded.');
    await s.store.close();
  });

  it('a channel that subscribes gets the reminder due that day at once, and none that fell due before', async () => {
    const s = await setUp('2026-02-27'); // the MOU's 7-day reminder falls due today; its 30-day one fell due on 2026-02-04
    await s.store.subscribe(chan('late-joiner'), ['deadlines'], s.clock.now());
    await s.scheduler.tick();
    expect(titles(s.poster.sent)).toEqual(['late-joiner Deadline in 7 days: Conclusion of the US–EU memorandum']);
    expect(s.poster.sent[0]!.reply.text).not.toMatch(/late/);
    await s.store.close();
  });

  it('after downtime, sends only the latest missed reminder, says it is late, and nothing once the deadline passed', async () => {
    const s = await setUp('2026-01-20');
    await s.store.subscribe(chan('c1'), ['deadlines'], s.clock.now());
    s.clock.set('2026-03-02'); // down since before the 30-day (02-04) and 7-day (02-27) reminders of the MOU
    await s.scheduler.tick();
    expect(titles(s.poster.sent)).toEqual(['c1 Deadline in 4 days: Conclusion of the US–EU memorandum']);
    expect(s.poster.sent[0]!.reply.text).toMatch(/This reminder is late: it fell due on 2026-02-27/);
    expect((await s.store.post('reminder:discord:c1:us-eu-mou-conclusion@2026-03-06:30'))).toMatchObject({ state: 'superseded' });
    s.clock.set('2026-03-20'); // down again across the MOU's deadline: its 1-day and same-day reminders are not sent late
    await s.scheduler.tick();
    expect(titles(s.poster.sent)).toEqual([
      'c1 Deadline in 4 days: Conclusion of the US–EU memorandum',
      // The Mexico window's 30-day reminder (due 2026-03-06) was missed too; its deadline is still ahead, so it goes, late.
      'c1 Deadline in 16 days: End of the 60-day US–Mexico negotiation window',
    ]);
    expect(s.poster.sent[1]!.reply.text).toMatch(/late: it fell due on 2026-03-06/);
    await s.store.close();
  });

  it('never repeats a post after a crash between recording it and posting it', async () => {
    let s = await setUp('2026-02-04');
    await s.store.subscribe(chan('c1'), ['deadlines'], s.clock.now());
    // The crash: the post was recorded, then the process died before posting.
    await s.store.claimPost({ key: 'reminder:discord:c1:us-eu-mou-conclusion@2026-03-06:30', channel: chan('c1'), kind: 'reminder', at: s.clock.now().toISOString() });
    await s.store.close();
    s = await setUp('2026-02-04');
    await s.scheduler.tick();
    expect(s.poster.sent).toEqual([]);
    await s.store.close();
  });

  it('two ticks racing post once', async () => {
    const s = await setUp('2026-02-04');
    await s.store.subscribe(chan('c1'), ['deadlines'], s.clock.now());
    await Promise.all([s.scheduler.tick(), s.scheduler.tick(), s.scheduler.tick()]);
    expect(s.poster.sent).toHaveLength(1);
    await s.store.close();
  });

  it('records a channel it can no longer post to, skips it from then on, and does not stop the others', async () => {
    const s = await setUp('2026-02-04');
    for (const c of ['gone', 'fine']) await s.store.subscribe(chan(c), ['deadlines'], s.clock.now());
    s.poster.failing.set('gone', { ok: false, permanent: true, reason: 'Unknown Channel' });
    await s.scheduler.tick();
    expect(titles(s.poster.sent)).toEqual(['fine Deadline in 30 days: Conclusion of the US–EU memorandum']);
    expect((await s.store.subscription(chan('gone')))!.unreachable).toMatchObject({ reason: 'Unknown Channel' });
    s.poster.failing.delete('gone');
    s.clock.set('2026-02-27');
    await s.scheduler.tick();
    expect(titles(s.poster.sent)).not.toContain('gone Deadline in 7 days: Conclusion of the US–EU memorandum');
    await s.store.close();
  });

  it('keeps what a post learnt about its channel (a caveat) for subscriptions, changes it only when it changes, and clears it', async () => {
    const s = await setUp('2026-02-04');
    await s.store.subscribe(chan('news'), ['deadlines'], s.clock.now());
    s.poster.failing.set('news', { ok: true, caveat: 'Posts here cannot be published.' });
    await s.scheduler.tick();
    expect((await s.store.subscription(chan('news')))!.caveat).toEqual({ at: '2026-02-04T09:00:00.000Z', text: 'Posts here cannot be published.' });
    // Nothing learnt (undefined): it stays, with its first day.
    s.clock.set('2026-02-27');
    s.poster.failing.set('news', { ok: true });
    await s.scheduler.tick();
    expect((await s.store.subscription(chan('news')))!.caveat?.at).toBe('2026-02-04T09:00:00.000Z');
    // None (null): cleared.
    s.clock.set('2026-03-05');
    s.poster.failing.set('news', { ok: true, caveat: null });
    await s.scheduler.tick();
    expect((await s.store.subscription(chan('news')))!.caveat).toBeUndefined();
    await s.store.close();
  });

  it('retries a post that failed for a passing reason', async () => {
    const s = await setUp('2026-02-04');
    await s.store.subscribe(chan('c1'), ['deadlines'], s.clock.now());
    s.poster.failing.set('c1', { ok: false, permanent: false, reason: 'HTTP 503' });
    await s.scheduler.tick();
    s.poster.failing.delete('c1');
    await s.scheduler.tick();
    expect(s.poster.sent).toHaveLength(1);
    await s.store.close();
  });
});

describe('announcements', () => {
  let kb: KnowledgeCopy;
  beforeEach(async () => {
    kb = await copyKnowledge();
  });
  afterEach(async () => {
    await kb.dispose();
  });

  it('announces what a reload adds or changes, once, to channels following announcements', async () => {
    const holder = await KnowledgeHolder.load(knowledgePaths(kb.root));
    const s = await setUp('2026-03-01', holder);
    await s.scheduler.noteKnowledge(); // the first run records a baseline: nothing to announce
    await s.store.subscribe(chan('news'), ['announcements'], s.clock.now());
    await s.store.subscribe(chan('dates-only'), ['deadlines'], s.clock.now());
    await s.scheduler.tick();
    expect(s.poster.sent).toEqual([]);

    const text = await kb.read('curated/entries/g7.yaml');
    await kb.write('curated/entries/g20.yaml', text.replace('id: g7', 'id: g20').replace('name: G7', 'name: G20').replace('aliases: [Group of Seven, G-7]', 'aliases: [Group of Twenty]'));
    await kb.edit('curated/entries/project-vault.yaml', 'aliases: [Vault,', 'aliases: [Fort Knox, Vault,');
    await holder.reload();
    await s.scheduler.noteKnowledge();
    await s.scheduler.tick();
    await s.scheduler.tick();
    expect(titles(s.poster.sent).sort()).toEqual(['news New in the knowledge base: G20', 'news Updated in the knowledge base: Project Vault']);
    expect(s.poster.sent[0]!.reply.citations.length).toBeGreaterThan(0);
    // An announcement of an entry with deadlines shows where they stand today.
    await kb.edit('curated/entries/us-eu-mou.yaml', 'aliases:\n', 'aliases:\n  - the transatlantic MOU\n');
    await holder.reload();
    await s.scheduler.noteKnowledge();
    await s.scheduler.tick();
    const mou = s.poster.sent.find((x) => x.reply.title?.includes('US–EU Memorandum'))!;
    expect(mou.reply.deadlines[0]).toMatchObject({ id: 'us-eu-mou-conclusion', status: { state: 'upcoming', days: 5 } });
    s.poster.sent.splice(2);

    // A restart sees nothing new.
    await s.store.close();
    const again = await setUp('2026-03-02', holder);
    await again.scheduler.noteKnowledge();
    await again.scheduler.tick();
    expect(again.poster.sent).toEqual([]);
    await again.store.close();
  });

  it('announces a recorded development exactly once, as an update with its citation, across restarts', async () => {
    const holder = await KnowledgeHolder.load(knowledgePaths(kb.root));
    const s = await setUp('2026-03-22', holder);
    await s.scheduler.noteKnowledge();
    await s.store.subscribe(chan('news'), ['announcements'], s.clock.now());
    await s.store.subscribe(chan('dates-only'), ['deadlines'], s.clock.now());
    await s.scheduler.tick();
    expect(s.poster.sent).toEqual([]);

    await recordDevelopment(kb);
    await holder.reload();
    await s.scheduler.noteKnowledge();
    await s.scheduler.tick();
    await s.scheduler.tick();
    // One post, to the channel that follows announcements: the development, not also the entry as "updated".
    expect(titles(s.poster.sent)).toEqual(['news Update on the US–EU Memorandum of Understanding on critical minerals']);
    const post = s.poster.sent[0]!.reply;
    expect(post.text).toBe('Concluded on 2026-03-20 (European Commission, 2026-03-21): The United States and the European Union concluded the memorandum in Brussels.');
    expect(post.citations).toEqual([expect.objectContaining({ sourceId: 'ec-2026-03-21', locator: '¶2' })]);
    expect(post.deadlines).toEqual([expect.objectContaining({ id: 'us-eu-mou-conclusion', status: expect.objectContaining({ state: 'settled' }) })]);
    expect(post.notes).toContain('As of the newest source, 2026-03-21; nothing later is recorded.');

    // Rewording it announces nothing new.
    await kb.edit('curated/entries/us-eu-mou.yaml', 'concluded the memorandum in Brussels.', 'concluded the memorandum in Brussels on March 20.');
    await holder.reload();
    await s.scheduler.noteKnowledge();
    await s.scheduler.tick();
    expect(s.poster.sent).toHaveLength(1);

    // A restart, with the same data file, posts nothing again.
    await s.store.close();
    const again = await setUp('2026-03-23', holder);
    await again.scheduler.noteKnowledge();
    await again.scheduler.tick();
    expect(again.poster.sent).toEqual([]);
    expect((await again.store.posts()).filter((p) => p.kind === 'announcement').map((p) => [p.key, p.state])).toEqual([['announcement:discord:news:development:us-eu-mou:concluded:2026-03-20', 'sent']]);
    await again.store.close();
  });
});

describe('a channel following one agreement', () => {
  it('gets that agreement’s reminders only; a channel following everything gets them all', async () => {
    const s = await setUp('2026-01-01');
    await s.store.subscribe(chan('mexico'), ['deadlines'], s.clock.now(), { agreements: ['us-mexico-action-plan'] });
    await s.store.subscribe(chan('mou'), ['deadlines'], s.clock.now(), { agreements: ['us-eu-mou'] });
    await s.store.subscribe(chan('all'), ['deadlines'], s.clock.now());
    // 2026-02-27: the memorandum's 7-day reminder; 2026-03-06: its day, and the Mexico window's 30-day reminder.
    for (const day of ['2026-02-27', '2026-03-06']) {
      s.clock.set(day);
      await s.scheduler.tick();
    }
    const to = (channel: string) => s.poster.sent.filter((p) => p.channelId === channel).map((p) => p.reply.title);
    expect(to('mexico')).toEqual(['Deadline in 30 days: End of the 60-day US–Mexico negotiation window']);
    expect(to('mou')).toEqual(['Deadline in 7 days: Conclusion of the US–EU memorandum', 'Deadline today: Conclusion of the US–EU memorandum']);
    expect(to('all')).toHaveLength(3);
    // Nothing was claimed for the memorandum in the Mexico channel: following it later would not lose a reminder.
    expect((await s.store.posts()).filter((p) => p.channel.channelId === 'mexico').map((p) => p.key)).toEqual(['reminder:discord:mexico:us-mexico-negotiation-window@2026-04-05:30']);
    await s.store.close();
  });

  it('gets the announcement of a development on its agreement, and none of another’s', async () => {
    const kb = await copyKnowledge();
    try {
      const holder = await KnowledgeHolder.load(knowledgePaths(kb.root));
      const s = await setUp('2026-03-22', holder);
      await s.scheduler.noteKnowledge();
      await s.store.subscribe(chan('mou-news'), ['announcements'], s.clock.now(), { agreements: ['us-eu-mou'] });
      await s.store.subscribe(chan('vault-news'), ['announcements'], s.clock.now(), { agreements: ['project-vault', 'us-mexico-action-plan'] });
      await recordDevelopment(kb);
      await holder.reload();
      await s.scheduler.noteKnowledge();
      await s.scheduler.tick();
      expect(titles(s.poster.sent)).toEqual(['mou-news Update on the US–EU Memorandum of Understanding on critical minerals']);
      expect(s.poster.sent[0]!.reply.citations).toEqual([expect.objectContaining({ sourceId: 'ec-2026-03-21' })]);

      // A change to Project Vault reaches the channel that follows it, and not the memorandum's.
      await kb.edit('curated/entries/project-vault.yaml', 'aliases: [Vault,', 'aliases: [Fort Knox, Vault,');
      await holder.reload();
      await s.scheduler.noteKnowledge();
      await s.scheduler.tick();
      expect(titles(s.poster.sent).slice(1)).toEqual(['vault-news Updated in the knowledge base: Project Vault']);
      await s.store.close();
    } finally {
      await kb.dispose();
    }
  });
});
