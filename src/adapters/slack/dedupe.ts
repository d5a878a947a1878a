import { boundedCache } from '../../core/bounded-cache.ts';

/**
 * Slack delivers an event again when it thinks the first delivery was not
 * acknowledged (`X-Slack-Retry-Num`, the same `event_id`), and a DM that
 * mentions the bot can arrive both as `message.im` and as `app_mention`.
 * Remembering recent keys for a while lets each be answered once.
 *
 * Bounded twice over (`core/bounded-cache.ts`): keys expire after `ttlMs`,
 * and past `max` the oldest go first, so a flood cannot grow memory.
 */
/** Slack retries within about an hour at most (three retries, backing off); keys are kept a bit longer. */
export const DEDUPE_TTL_MS = 2 * 60 * 60 * 1000;

export interface RecentKeysOptions {
  /** Slack retries within about an hour at most (three retries, backing off); keep keys a bit longer. */
  readonly ttlMs?: number;
  readonly max?: number;
  readonly now: () => number;
}

export class RecentKeys {
  readonly #seen;

  constructor(options: RecentKeysOptions) {
    this.#seen = boundedCache<true>({ max: options.max ?? 10_000, ttlMs: options.ttlMs ?? DEDUPE_TTL_MS, now: options.now });
  }

  /** True when `key` was already seen within the TTL; otherwise records it and returns false. */
  seen(key: string): boolean {
    if (this.#seen.has(key)) return true;
    this.#seen.set(key, true);
    return false;
  }

  /** Keys held, expired ones included until they are evicted: never more than `max`. */
  get size(): number {
    return this.#seen.size;
  }
}
