import { LRUCache } from 'lru-cache';

/**
 * The one bounded, expiring map the bot keeps in memory (recent Slack
 * deliveries, shared answers, conversations, rateable answers): lru-cache,
 * set up the same way everywhere. At most `max` entries, the least recently
 * used going first; with `ttlMs`, an entry older than that reads as absent.
 * Time comes from `now` (the bot's clock in tests), read on every access:
 * lru-cache would otherwise cache it for a millisecond, which a test clock
 * that jumps cannot abide. (A reading of 0 counts as "no time recorded" to
 * lru-cache, so an entry set at instant 0 never expires: real clocks never say 0.)
 */
export function boundedCache<V extends {}>(options: { readonly max: number; readonly ttlMs?: number; readonly now?: () => number }): LRUCache<string, V> {
  return new LRUCache<string, V>({
    max: options.max,
    ...(options.ttlMs !== undefined ? { ttl: options.ttlMs, ttlResolution: 0 } : {}),
    ...(options.now ? { perf: { now: options.now } } : {}),
  });
}
