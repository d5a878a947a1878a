import type { ChannelRef, Subscription, Topic } from './store.ts';

/**
 * What the stores keep and how they write it, decided once for both (the
 * lowdb file and PostgreSQL): each implementation only carries it out.
 */

/** How many declined questions the store keeps (the newest): enough for `npm run report` to show the gaps, bounded under a flood. */
export const MAX_DECLINED_KEPT = 1000;

/** The list with only the newest `max` declined questions left (votes are all kept), in its order. */
export function keepNewestDeclined<T extends { readonly kind: string }>(all: readonly T[], max = MAX_DECLINED_KEPT): T[] {
  let excess = all.filter((f) => f.kind === 'declined').length - max;
  return excess > 0 ? all.filter((f) => f.kind !== 'declined' || excess-- <= 0) : [...all];
}

/**
 * Declined questions arrive as fast as people ask (a busy channel, or
 * someone testing the bot's edges), and the asker never waits for them to be
 * written: those that arrive while a batch is being written join the next
 * one, which is one write (a rewrite of the file, one INSERT), landing or
 * refused for all of them together. Batches are written one at a time, in
 * order; with `spacingMs`, a batch starts no sooner than that after the one
 * before it ended (the first after a quiet spell goes at once), so a flood
 * costs one write per `spacingMs` instead of one after another.
 */
export class Batcher<T> {
  private open: T[] | undefined;
  private openWritten: Promise<void> | undefined;
  private previous: Promise<unknown> = Promise.resolve();
  private lastEnded = Number.NEGATIVE_INFINITY;
  /** Ends the wait before the open batch at once (closing). */
  private hurry: (() => void) | undefined;
  private flushing = false;

  constructor(
    private readonly write: (batch: readonly T[]) => Promise<void>,
    private readonly options: { readonly spacingMs?: number } = {},
  ) {}

  /** Resolves when the batch holding `item` is written; rejects as that write does. */
  add(item: T): Promise<void> {
    if (this.open) {
      this.open.push(item);
      return this.openWritten!;
    }
    const batch = [item];
    this.open = batch;
    const written = this.previous
      .then(() => this.spacing())
      .then(() => {
        this.open = undefined; // from here on, newcomers wait for the next batch
        return this.write(batch);
      })
      .finally(() => (this.lastEnded = performance.now()));
    this.previous = written.catch(() => undefined);
    this.openWritten = written;
    return written;
  }

  /** Every batch started so far, written or refused; a batch waiting out its spacing is written now. */
  async settled(): Promise<void> {
    this.flushing = true;
    this.hurry?.();
    try {
      await this.previous;
    } finally {
      this.flushing = false;
    }
  }

  private spacing(): Promise<void> {
    const wait = this.lastEnded + (this.options.spacingMs ?? 0) - performance.now();
    if (wait <= 0 || this.flushing) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.hurry!(), wait);
      this.hurry = () => {
        clearTimeout(timer);
        this.hurry = undefined;
        resolve();
      };
    });
  }
}

/**
 * A channel subscribing (again): changing topics keeps the original start,
 * so nothing already due is posted again or skipped, and a caveat about the
 * channel (it cannot publish) still holds; subscribing again after the
 * channel became unreachable starts afresh. `events` left out stays as it was.
 */
export function nextSubscription(
  previous: Subscription | undefined,
  channel: ChannelRef,
  topics: readonly Topic[],
  at: Date,
  options: { readonly events?: boolean; readonly agreements?: readonly string[] | null },
): Subscription {
  const since = previous && !previous.unreachable ? previous.since : at.toISOString();
  const caveat = previous && !previous.unreachable ? previous.caveat : undefined;
  const events = options.events ?? previous?.events ?? false;
  // Agreements: left out, as they were; null, every one again; a list, those only.
  const agreements = options.agreements === undefined ? previous?.agreements : (options.agreements ?? undefined);
  return {
    channel: { ...channel },
    topics: [...new Set(topics)],
    since,
    ...(caveat ? { caveat: { ...caveat } } : {}),
    ...(events ? { events: true } : {}),
    ...(agreements && agreements.length > 0 ? { agreements: [...new Set(agreements)] } : {}),
  };
}
