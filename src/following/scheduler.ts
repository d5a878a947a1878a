import type { EventCalendar, PostOutcome } from '../core/adapter.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { Reply } from '../core/reply.ts';
import type { KnowledgeHolder } from '../knowledge/holder.ts';
import { channelKey, isStoreWriteError, type ChannelRef, type Platform, type Store } from '../store/store.ts';
import { knowledgeChanges } from './announcements.ts';
import { syncEvents } from './events.ts';
import { announcementReply, developmentReply, reminderReply } from './posts.ts';
import { dueReminders } from './reminders.ts';
import { followsEntry } from './scope.ts';

export type Poster = (channelId: string, reply: Reply) => Promise<PostOutcome>;

export interface SchedulerDependencies {
  readonly store: Store;
  readonly knowledge: KnowledgeHolder;
  readonly clock: Clock;
  readonly log: Logger;
  /** How to post into each platform's channels: the adapters that can. */
  readonly posters: Partial<Record<Platform, Poster>>;
  /** Days before a deadline to remind (0: on the day). */
  readonly reminderDays: readonly number[];
  /** Each platform's events (Discord's server events), kept for channels that asked for them. */
  readonly calendars?: Partial<Record<Platform, EventCalendar>>;
  /**
   * Longer than any post takes (the platforms' clients give up well within
   * it): a post still pending after it was claimed this long ago was being
   * made by a process that stopped mid-post. Default `DEFAULT_POST_TIMEOUT_MS`.
   */
  readonly postTimeoutMs?: number;
}

/** Fifteen minutes: Slack's and Discord's clients retry for a few minutes at most. */
export const DEFAULT_POST_TIMEOUT_MS = 15 * 60_000;

export interface TickReport {
  readonly sent: number;
  readonly failed: number;
  readonly retryLater: number;
}

/**
 * Posts reminders and announcements, each exactly once: every post is
 * recorded in the store before it is made, so a restart, a second tick or a
 * crash between two posts never repeats one. (A crash between recording and
 * posting loses that one post rather than risking it twice: at most once.)
 * Ticks run one at a time. Several processes may run a scheduler on one
 * shared store (PostgreSQL): the claim is a unique key there, so whichever
 * claims a post first makes it and the others skip it.
 *
 * A claim left pending by a process that stopped mid-post is settled as
 * `unknown` once it is older than the post timeout, with a warning that
 * names the channel and the post, and `npm run report` lists it: it may have
 * gone out, so it is not repeated, and it is not lost silently either.
 *
 * When the store refuses a write (disk full, read-only), nothing is posted
 * that could not first be recorded: the tick stops, and a later one picks up
 * where it left off. A failed post whose release could not be recorded is
 * released on a later tick, so it is retried rather than lost.
 */
export class Scheduler {
  private running: Promise<unknown> = Promise.resolve();
  /** Runs queued or running: the timer adds none while one is still waiting, so a slow platform cannot pile them up. */
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Claims of posts that failed for a passing reason, still to be released (the store refused to record the release). */
  private readonly unreleased = new Set<string>();
  /** The knowledge base changed but the store refused to record it: recorded again before the next tick. */
  private knowledgeUnrecorded = false;

  constructor(private readonly deps: SchedulerDependencies) {}

  /** At start and on every reload: remember the knowledge base, queueing announcements of what changed. */
  noteKnowledge(): Promise<void> {
    return this.serial(async () => {
      try {
        await this.recordKnowledge();
      } catch (error) {
        if (!isStoreWriteError(error)) throw error;
        this.deps.log.warn('scheduler: could not record the knowledge base; its announcements wait for the data store', { errno: error.errno ?? 'unknown' });
      }
    });
  }

  private async recordKnowledge(): Promise<void> {
    const { store, knowledge, clock } = this.deps;
    const known = await store.knownEntries();
    const { entries, announcements } = knowledgeChanges(knowledge.kb, known, clock.now());
    const same = known && Object.keys(known).length === Object.keys(entries).length && Object.entries(entries).every(([id, hash]) => known[id] === hash);
    this.knowledgeUnrecorded = false;
    if (same) return;
    try {
      await store.recordKnowledge(entries, announcements);
    } catch (error) {
      this.knowledgeUnrecorded = true;
      throw error;
    }
    if (announcements.length > 0) this.deps.log.info('knowledge changes to announce', { entries: announcements.map((a) => `${a.entryId} (${a.change})`) });
  }

  tick(): Promise<TickReport> {
    return this.serial(() => this.runTick());
  }

  /** Notes the knowledge base, then runs now and every `intervalMs`. */
  start(intervalMs = 60_000): void {
    this.background(() => this.noteKnowledge().then(() => this.tick()));
    this.timer = setInterval(() => {
      if (this.queued > 0) this.deps.log.debug('scheduler: the previous run is still going; skipping this one');
      else this.background(() => this.tick());
    }, intervalMs);
    this.timer.unref();
  }

  /** A subscription changed: run soon, so a reminder due today goes out at once. */
  poke(): void {
    this.background(() => this.tick());
  }

  /** The knowledge base was reloaded: announce what changed. */
  knowledgeChanged(): void {
    this.background(() => this.noteKnowledge().then(() => this.tick()));
  }

  /** Work nobody awaits: failures are logged, never left unhandled. */
  private background(work: () => Promise<unknown>): void {
    if (this.stopped) return;
    work().catch((error: unknown) => this.deps.log.error('scheduler run failed', { error: error instanceof Error ? error : String(error) }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running.catch(() => undefined);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    this.queued += 1;
    const next = this.running.then(work).finally(() => (this.queued -= 1));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async runTick(): Promise<TickReport> {
    const report = { sent: 0, failed: 0, retryLater: 0 };
    try {
      await this.settleStale();
      await this.catchUp();
      await this.postDue(report);
      await this.keepEvents();
    } catch (error) {
      if (!isStoreWriteError(error)) throw error;
      // What could not be recorded was not posted; a later tick starts again from what the store holds.
      this.deps.log.warn('scheduler: the data store refused a write; nothing more is posted until it accepts them again', { errno: error.errno ?? 'unknown' });
      report.retryLater += 1;
    }
    return report;
  }

  /** Platform events for the deadlines, where channels asked for them: created, updated and removed to match. */
  private async keepEvents(): Promise<void> {
    for (const [platform, calendar] of Object.entries(this.deps.calendars ?? {})) {
      if (!calendar) continue;
      await syncEvents({ store: this.deps.store, kb: this.deps.knowledge.kb, clock: this.deps.clock, log: this.deps.log, platform: platform as Platform, calendar });
    }
  }

  /** Claims left pending by a process that stopped mid-post (this one before a restart, or another): settled as unknown, each said once. */
  private async settleStale(): Promise<void> {
    const { store, clock, log } = this.deps;
    const before = new Date(clock.now().getTime() - (this.deps.postTimeoutMs ?? DEFAULT_POST_TIMEOUT_MS));
    const stale = await store.settleStalePosts(before, 'the process making it stopped before the platform confirmed it');
    for (const p of stale) {
      log.warn('post not confirmed: its process stopped mid-post; it may or may not have gone out, and is not repeated', { channel: channelKey(p.channel), kind: p.kind, key: p.key, claimedAt: p.at });
    }
  }

  /** What an earlier tick could not record: releases of failed posts, then the knowledge base. */
  private async catchUp(): Promise<void> {
    for (const key of [...this.unreleased]) {
      await this.deps.store.releasePost(key);
      this.unreleased.delete(key);
      this.deps.log.info('released a failed post recorded earlier; it will be tried again', { key });
    }
    if (this.knowledgeUnrecorded) await this.recordKnowledge();
  }

  private async postDue(report: { sent: number; failed: number; retryLater: number }): Promise<void> {
    const { store, knowledge, clock } = this.deps;
    const kb = knowledge.kb;
    const today = clock.today();

    // Read once per tick; a post another process claims meanwhile is refused by its claim, not by this list.
    const subscriptions = await store.subscriptions();
    const recorded = new Set((await store.posts()).map((p) => p.key));
    for (const r of dueReminders(kb, subscriptions, today, this.deps.reminderDays, (key) => recorded.has(key))) {
      // Not running here: its reminders (and the ones they supersede) wait for the platform's adapter.
      if (!this.deps.posters[r.subscription.channel.platform]) continue;
      for (const key of r.supersedes) {
        if (await store.claimPost({ key, channel: r.subscription.channel, kind: 'reminder', at: clock.now().toISOString() })) await store.settlePost(key, 'superseded', `replaced by ${r.key}`);
      }
      this.count(report, await this.deliver(r.key, r.subscription.channel, 'reminder', reminderReply(kb, r, today)));
    }

    for (const a of await store.announcements()) {
      const entry = kb.entry(a.entryId);
      if (!entry) continue;
      // A development is announced while it stands (reworded or not); an entry only as it last changed.
      const development = a.change === 'development' ? entry.developments.find((d) => d.id === a.developmentId) : undefined;
      if (a.change === 'development' ? !development : entry.hash !== a.hash) continue;
      for (const s of subscriptions) {
        if (!s.topics.includes('announcements') || s.unreachable || s.since > a.at || !followsEntry(s, a.entryId)) continue;
        const key = `announcement:${channelKey(s.channel)}:${a.id}`;
        if (recorded.has(key)) continue;
        const post = development ? developmentReply(kb, development, entry, today) : announcementReply(kb, a, entry, today);
        this.count(report, await this.deliver(key, s.channel, 'announcement', post));
      }
    }
  }

  private count(report: { sent: number; failed: number; retryLater: number }, outcome: 'sent' | 'failed' | 'retry' | 'skipped'): void {
    if (outcome === 'sent') report.sent++;
    else if (outcome === 'failed') report.failed++;
    else if (outcome === 'retry') report.retryLater++;
  }

  private async deliver(key: string, channel: ChannelRef, kind: 'reminder' | 'announcement', reply: Reply): Promise<'sent' | 'failed' | 'retry' | 'skipped'> {
    const { store, clock, log } = this.deps;
    const poster = this.deps.posters[channel.platform];
    if (!poster) return 'skipped'; // that platform is not running here; it goes out when it is
    if ((await store.subscription(channel))?.unreachable) return 'skipped';
    if (!(await store.claimPost({ key, channel, kind, at: clock.now().toISOString() }))) return 'skipped';
    let outcome: PostOutcome;
    try {
      outcome = await poster(channel.channelId, reply);
    } catch (error) {
      outcome = { ok: false, permanent: false, reason: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.ok) {
      log.info('posted', { kind, channel: channelKey(channel), key });
      // Left pending if this cannot be recorded: pending is never posted again, and it did go out.
      await store.settlePost(key, 'sent', outcome.messageId).catch((error: unknown) => this.unrecorded(error, key, 'sent'));
      await this.noteCaveat(channel, outcome.caveat, key);
      return 'sent';
    }
    if (outcome.permanent) {
      log.warn('channel unreachable; skipped from now on', { channel: channelKey(channel), reason: outcome.reason });
      await store.settlePost(key, 'failed', outcome.reason).catch((error: unknown) => this.unrecorded(error, key, 'failed'));
      await store.markUnreachable(channel, outcome.reason, clock.now()).catch((error: unknown) => this.unrecorded(error, key, 'unreachable'));
      return 'failed';
    }
    log.warn('post failed; will retry', { channel: channelKey(channel), key, reason: outcome.reason });
    try {
      await store.releasePost(key);
    } catch (error) {
      // Still claimed, so it cannot go out twice; released on the next tick, so it is not lost either.
      if (!isStoreWriteError(error)) throw error;
      this.unreleased.add(key);
      throw error;
    }
    return 'retry';
  }

  /** What a post learnt about its channel (it cannot publish, or now can), kept for `subscriptions` when it changed. */
  private async noteCaveat(channel: ChannelRef, caveat: string | null | undefined, key: string): Promise<void> {
    if (caveat === undefined) return;
    const { store, clock, log } = this.deps;
    const current = (await store.subscription(channel))?.caveat?.text;
    const next = caveat ?? undefined;
    if (current === next) return;
    if (next) log.warn('channel caveat recorded; subscriptions shows it', { channel: channelKey(channel) });
    await store.noteCaveat(channel, next, clock.now()).catch((error: unknown) => this.unrecorded(error, key, 'caveat'));
  }

  private unrecorded(error: unknown, key: string, what: string): void {
    if (!isStoreWriteError(error)) throw error;
    this.deps.log.warn('scheduler: could not record the outcome of a post; it stays claimed and is not posted again', { key, outcome: what, errno: error.errno ?? 'unknown' });
  }
}
