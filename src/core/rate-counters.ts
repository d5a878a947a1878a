/**
 * Counters behind the fair-use limits. One instance keeps them in memory;
 * several instances behind one Slack app or Discord bot need them shared,
 * and implement this interface over their database (in Redis: one key per
 * counter holding `tat`, updated by a script, so the check-and-take of all
 * keys is atomic).
 */

/** `count` requests per `perMs` milliseconds, taken all at once or spread out. */
export interface Rate {
  readonly count: number;
  readonly perMs: number;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number; readonly key: string };

export interface RateCounters {
  /**
   * Takes one request from every key's allowance, or from none: when any key
   * is spent, nothing is taken and the answer says which key and for how long.
   * `nowMs` is monotonic time (never the bot's possibly fixed clock).
   */
  take(keys: readonly { readonly key: string; readonly rate: Rate }[], nowMs: number): Promise<RateDecision>;
}

/** Above this many counters, those back at their full allowance are dropped (they hold no information). */
const PRUNE_ABOVE = 10_000;

/**
 * The generic cell rate algorithm: per key, one number, the "theoretical
 * arrival time" of the next request. It allows bursts of `count` and then one
 * request every `perMs / count`, and it says exactly when the next will pass,
 * which a fixed window cannot.
 */
export class MemoryRateCounters implements RateCounters {
  private readonly tat = new Map<string, number>();
  private prunedAt = -Infinity;

  async take(keys: readonly { readonly key: string; readonly rate: Rate }[], nowMs: number): Promise<RateDecision> {
    const next: [string, number][] = [];
    for (const { key, rate } of keys) {
      const interval = rate.perMs / rate.count;
      const tolerance = rate.perMs - interval;
      const tat = Math.max(this.tat.get(key) ?? nowMs, nowMs);
      const earliest = tat - tolerance;
      if (nowMs < earliest) return { allowed: false, retryAfterMs: Math.ceil(earliest - nowMs), key };
      next.push([key, tat + interval]);
    }
    for (const [key, tat] of next) this.tat.set(key, tat);
    // At most once a second: with thousands of active keys, pruning on every request would cost more than it frees.
    if (this.tat.size > PRUNE_ABOVE && nowMs - this.prunedAt > 1000) this.prune(nowMs);
    return { allowed: true };
  }

  /** How many keys are tracked (for the benchmark's memory check and tests). */
  get size(): number {
    return this.tat.size;
  }

  private prune(nowMs: number): void {
    this.prunedAt = nowMs;
    for (const [key, tat] of this.tat) if (tat <= nowMs) this.tat.delete(key);
  }
}
