import type { PostOutcome } from '../core/adapter.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { Reply } from '../core/reply.ts';
import type { KnowledgeHolder } from '../knowledge/holder.ts';
import { channelKey, type ChannelRef, type Platform, type Store } from '../store/store.ts';
import { knowledgeChanges } from './announcements.ts';
import { announcementReply, reminderReply } from './posts.ts';
import { dueReminders } from './reminders.ts';

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
}

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
 * Ticks run one at a time.
 */
export class Scheduler {
  private running: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: SchedulerDependencies) {}

  /** At start and on every reload: remember the knowledge base, queueing announcements of what changed. */
  noteKnowledge(): Promise<void> {
    return this.serial(async () => {
      const { store, knowledge, clock } = this.deps;
      const known = store.knownEntries();
      const { entries, announcements } = knowledgeChanges(knowledge.kb, known, clock.now());
      const same = known && Object.keys(known).length === Object.keys(entries).length && Object.entries(entries).every(([id, hash]) => known[id] === hash);
      if (same) return;
      await store.recordKnowledge(entries, announcements);
      if (announcements.length > 0) this.deps.log.info('knowledge changes to announce', { entries: announcements.map((a) => `${a.entryId} (${a.change})`) });
    });
  }

  tick(): Promise<TickReport> {
    return this.serial(() => this.runTick());
  }

  /** Notes the knowledge base, then runs now and every `intervalMs`. */
  start(intervalMs = 60_000): void {
    this.background(() => this.noteKnowledge().then(() => this.tick()));
    this.timer = setInterval(() => this.background(() => this.tick()), intervalMs);
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
    const next = this.running.then(work);
    this.running = next.catch(() => undefined);
    return next;
  }

  private async runTick(): Promise<TickReport> {
    const { store, knowledge, clock } = this.deps;
    const kb = knowledge.kb;
    const today = clock.today();
    const report = { sent: 0, failed: 0, retryLater: 0 };

    for (const r of dueReminders(kb, store.subscriptions(), today, this.deps.reminderDays, (key) => store.post(key) !== undefined)) {
      // Not running here: its reminders (and the ones they supersede) wait for the platform's adapter.
      if (!this.deps.posters[r.subscription.channel.platform]) continue;
      for (const key of r.supersedes) {
        if (await store.claimPost({ key, channel: r.subscription.channel, kind: 'reminder', at: clock.now().toISOString() })) await store.settlePost(key, 'superseded', `replaced by ${r.key}`);
      }
      this.count(report, await this.deliver(r.key, r.subscription.channel, 'reminder', reminderReply(kb, r, today)));
    }

    for (const a of store.announcements()) {
      const entry = kb.entry(a.entryId);
      if (!entry || entry.hash !== a.hash) continue; // changed again since: the newer announcement stands
      for (const s of store.subscriptions()) {
        if (!s.topics.includes('announcements') || s.unreachable || s.since > a.at) continue;
        const key = `announcement:${channelKey(s.channel)}:${a.id}`;
        if (store.post(key)) continue;
        this.count(report, await this.deliver(key, s.channel, 'announcement', announcementReply(kb, a, entry, today)));
      }
    }
    return report;
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
    if (store.subscription(channel)?.unreachable) return 'skipped';
    if (!(await store.claimPost({ key, channel, kind, at: clock.now().toISOString() }))) return 'skipped';
    let outcome: PostOutcome;
    try {
      outcome = await poster(channel.channelId, reply);
    } catch (error) {
      outcome = { ok: false, permanent: false, reason: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.ok) {
      await store.settlePost(key, 'sent', outcome.messageId);
      log.info('posted', { kind, channel: channelKey(channel), key });
      return 'sent';
    }
    if (outcome.permanent) {
      await store.settlePost(key, 'failed', outcome.reason);
      await store.markUnreachable(channel, outcome.reason, clock.now());
      log.warn('channel unreachable; skipped from now on', { channel: channelKey(channel), reason: outcome.reason });
      return 'failed';
    }
    await store.releasePost(key);
    log.warn('post failed; will retry', { channel: channelKey(channel), key, reason: outcome.reason });
    return 'retry';
  }
}
