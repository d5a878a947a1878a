import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { KnowledgeBase } from '../knowledge/model.ts';
import { isStoreWriteError, type InboxItem, type Store } from '../store/store.ts';
import { FetchError, type Fetcher } from './fetch.ts';
import { feedContent, FeedFormatError, readFeed } from './feeds.ts';
import { watchlist } from './match.ts';

/**
 * Polls the watched feeds and puts what touches the knowledge base in the
 * curators' inbox (in the data store, so an item is offered once across
 * restarts), whatever its age: curators dismiss what they don't want. A feed
 * that fails is retried with backoff and reported by its URL, in the log and
 * in the run's report; it never stops the bot or the other feeds.
 */

export interface FeedReport {
  readonly feed: string;
  readonly ok: boolean;
  /** Items the feed offered, and those that were new and touch the knowledge base. */
  readonly offered: number;
  readonly added: readonly InboxItem[];
  readonly attempts: number;
  /** Why it failed, for a curator: "answered HTTP 503", "is an HTML page, not a feed". */
  readonly error?: string;
}

export interface WatcherDependencies {
  readonly feeds: readonly string[];
  readonly store: Store;
  readonly knowledge: () => KnowledgeBase;
  readonly fetcher: Fetcher;
  readonly clock: Clock;
  readonly log: Logger;
  /** Told of the items each poll adds to the inbox (the curators' channel posts a notice of each). */
  readonly onNewItems?: (items: readonly InboxItem[]) => void;
  /** Tries per feed in one poll when the failure may pass (a timeout, a 5xx), and the first pause between them (doubled each time). */
  readonly retry?: { readonly attempts: number; readonly backoffMs: number };
}

export const DEFAULT_RETRY = { attempts: 3, backoffMs: 1000 };

/** The short id curators type: the same item gets the same id on every machine. */
export function inboxId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export class FeedWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private busy = false;
  /** Per feed: failures in a row and when to try it next (the daemon's backoff). */
  private readonly health = new Map<string, { failures: number; nextAt: number }>();

  constructor(private readonly deps: WatcherDependencies) {}

  /**
   * Polls every feed once, side by side, retrying passing failures with
   * backoff; resolves by `deadline` (epoch ms) at the latest, whatever a feed
   * does: a feed still hanging then is reported as timed out.
   */
  async pollOnce(options: { deadline?: number } = {}): Promise<FeedReport[]> {
    const deadline = options.deadline ?? Date.now() + 50_000;
    return Promise.all(this.deps.feeds.map((feed) => this.pollFeed(feed, deadline)));
  }

  private async pollFeed(feed: string, deadline: number): Promise<FeedReport> {
    const { log } = this.deps;
    const retry = this.deps.retry ?? DEFAULT_RETRY;
    let attempts = 0;
    let pause = retry.backoffMs;
    for (;;) {
      attempts++;
      try {
        const left = deadline - Date.now();
        if (left <= 0) throw new FetchError(feed, 'no time left in this run', true);
        const fetched = await this.deps.fetcher.fetch(feed, feedContent, { timeoutMs: left });
        const read = readFeed(fetched, feed);
        if (read.skipped > 0) log.info('feed: items without a link or title skipped', { feed, skipped: read.skipped });
        const added = await this.offer(feed, read.items);
        log.info('feed polled', { feed, format: read.format, offered: read.items.length, added: added.length });
        return { feed, ok: true, offered: read.items.length, added, attempts };
      } catch (error) {
        if (isStoreWriteError(error)) {
          log.warn('feed: the data store refused the new inbox items; they are offered again at the next poll', { feed, errno: error.errno ?? 'unknown' });
          return { feed, ok: false, offered: 0, added: [], attempts, error: 'the data store refused the new inbox items' };
        }
        const reason = error instanceof FetchError || error instanceof FeedFormatError ? (error instanceof FetchError ? error.reason : error.message) : `failed unexpectedly (${error instanceof Error ? error.message : String(error)})`;
        const passing = error instanceof FetchError && error.passing;
        const again = passing && attempts < retry.attempts && Date.now() + pause < deadline;
        log.warn(again ? 'feed failed; retrying' : 'feed failed', { feed, reason, attempt: attempts, ...(again ? { retryInMs: pause } : {}) });
        if (!again) return { feed, ok: false, offered: 0, added: [], attempts, error: reason };
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause *= 2;
      }
    }
  }

  /** The items that touch the knowledge base, added to the inbox unless it has them (in any state). */
  private async offer(feed: string, items: ReturnType<typeof readFeed>['items']): Promise<readonly InboxItem[]> {
    const list = watchlist(this.deps.knowledge());
    const found = this.deps.clock.now().toISOString();
    const candidates = items.flatMap((item) => {
      const touches = list.touches(`${item.title}\n${item.summary}`);
      if (touches.entries.length === 0 && touches.keywords.length === 0) return [];
      return [
        {
          id: inboxId(item.key),
          key: item.key,
          url: item.url,
          title: item.title,
          feed,
          ...(item.publisher ? { publisher: item.publisher } : {}),
          ...(item.published ? { published: item.published } : {}),
          ...(item.summary ? { summary: item.summary.length > 400 ? `${item.summary.slice(0, 399)}…` : item.summary } : {}),
          entries: touches.entries,
          keywords: touches.keywords,
          found,
        },
      ];
    });
    if (candidates.length === 0) return [];
    const added = await this.deps.store.addToInbox(candidates);
    for (const item of added) this.deps.log.info('inbox: new item', { id: item.id, title: item.title, feed, entries: item.entries });
    if (added.length > 0) this.deps.onNewItems?.(added);
    return added;
  }

  /**
   * The bot's loop: polls at start and then every `intervalMs`; a feed that
   * failed is tried again sooner, after 1, 2, 4… minutes (never later than the
   * interval), so a passing outage is caught up without hammering the source.
   */
  start(intervalMs: number, options: { tickMs?: number; retryBaseMs?: number } = {}): void {
    const tickMs = options.tickMs ?? Math.min(intervalMs, 30_000);
    const retryBaseMs = options.retryBaseMs ?? 60_000;
    const tick = () => {
      if (this.stopped || this.busy) return; // a slow poll is not piled upon
      const now = Date.now();
      const due = this.deps.feeds.filter((f) => (this.health.get(f)?.nextAt ?? 0) <= now);
      if (due.length === 0) return;
      this.busy = true;
      this.running = this.running
        .then(async () => {
          const reports = await Promise.all(due.map((feed) => this.pollFeed(feed, Date.now() + 50_000)));
          for (const r of reports) {
            const failures = r.ok ? 0 : (this.health.get(r.feed)?.failures ?? 0) + 1;
            const wait = r.ok ? intervalMs : Math.min(intervalMs, retryBaseMs * 2 ** (failures - 1));
            this.health.set(r.feed, { failures, nextAt: Date.now() + wait });
          }
        })
        .catch((error: unknown) => this.deps.log.error('feed watcher run failed', { error: error instanceof Error ? error : String(error) }))
        .finally(() => (this.busy = false));
    };
    tick();
    this.timer = setInterval(tick, tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}
