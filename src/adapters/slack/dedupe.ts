/**
 * Slack delivers an event again when it thinks the first delivery was not
 * acknowledged (`X-Slack-Retry-Num`, the same `event_id`), and a DM that
 * mentions the bot can arrive both as `message.im` and as `app_mention`.
 * Remembering recent keys for a while lets each be answered once.
 *
 * Bounded twice over: keys expire after `ttlMs`, and past `max` the oldest
 * go first, so a flood cannot grow memory. Time comes from `now`.
 */
export interface RecentKeysOptions {
  /** Slack retries within about an hour at most (three retries, backing off); keep keys a bit longer. */
  readonly ttlMs?: number;
  readonly max?: number;
  readonly now: () => number;
}

export class RecentKeys {
  readonly #seen = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: RecentKeysOptions) {
    this.#ttlMs = options.ttlMs ?? 2 * 60 * 60 * 1000;
    this.#max = options.max ?? 10_000;
    this.#now = options.now;
  }

  /** True when `key` was already seen within the TTL; otherwise records it and returns false. */
  seen(key: string): boolean {
    const now = this.#now();
    this.#expire(now);
    const at = this.#seen.get(key);
    if (at !== undefined && now - at < this.#ttlMs) return true;
    this.#seen.delete(key);
    this.#seen.set(key, now);
    while (this.#seen.size > this.#max) this.#seen.delete(this.#seen.keys().next().value!);
    return false;
  }

  get size(): number {
    return this.#seen.size;
  }

  /** Insertion order is arrival order, so expired keys are all at the front. */
  #expire(now: number): void {
    for (const [key, at] of this.#seen) {
      if (now - at < this.#ttlMs) break;
      this.#seen.delete(key);
    }
  }
}
