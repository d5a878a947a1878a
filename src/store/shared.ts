import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Rate, RateCounters, RateDecision } from '../core/rate-counters.ts';
import type { SeenKeys } from '../core/seen-keys.ts';
import { PgStore } from './pg-store.ts';
import type { Store } from './store.ts';

/**
 * What instances share besides the store: the fair-use counters and the
 * deliveries already seen. In this process's memory with the lowdb file (one
 * instance); in the PostgreSQL database when several instances share it.
 */

type LimiterOptions = { readonly points: number; readonly duration: number; readonly keyPrefix: string };

/**
 * Fair-use counters on rate-limiter-flexible, in memory or in PostgreSQL.
 * Each rate (a burst of `count`, refilled over `perMs`) is two of its
 * fixed-window limiters, as its `BurstyRateLimiter` composes them: a steady
 * one (one request per `perMs / count`) and a burst one (`count - 1` more per
 * `perMs`). That gives the bot's semantics: `count` at once, then one per
 * interval, and the wait said is until the steady window opens again.
 *
 * Several keys (the person and the channel) are taken from all or none: a
 * key that is spent gives back what was taken from the keys before it
 * (`reward`). A counter store that fails rejects, and fair use then answers
 * rather than refusing everyone (`core/fair-use.ts`).
 *
 * Time is the limiter's own clock (`Date.now()` of each instance writing to
 * the shared table), not the `nowMs` handed in: instances' clocks must agree
 * to within the shortest interval, which NTP gives.
 */
export class FlexibleRateCounters implements RateCounters {
  private readonly limiters = new Map<string, { steady: RateLimiterAbstract; burst: RateLimiterAbstract | undefined }>();

  constructor(private readonly create: (options: LimiterOptions) => RateLimiterAbstract) {}

  /** Counters in this process (one instance). */
  static memory(): FlexibleRateCounters {
    return new FlexibleRateCounters((options) => new RateLimiterMemory(options));
  }

  /** Counters in PostgreSQL's `policybot_rate_limits` (created by the store's migrations), shared by every instance on the database. */
  static postgres(pool: pg.Pool): FlexibleRateCounters {
    return new FlexibleRateCounters((options) => new RateLimiterPostgres({ ...options, storeClient: pool, storeType: 'pool', tableName: 'policybot_rate_limits', tableCreated: true, clearExpiredByTimeout: true }));
  }

  private pair(rate: Rate): { steady: RateLimiterAbstract; burst: RateLimiterAbstract | undefined } {
    const id = `${rate.count}/${rate.perMs}`;
    let pair = this.limiters.get(id);
    if (!pair) {
      pair = {
        steady: this.create({ points: 1, duration: rate.perMs / rate.count / 1000, keyPrefix: `steady:${id}` }),
        burst: rate.count > 1 ? this.create({ points: rate.count - 1, duration: rate.perMs / 1000, keyPrefix: `burst:${id}` }) : undefined,
      };
      this.limiters.set(id, pair);
    }
    return pair;
  }

  async take(keys: readonly { readonly key: string; readonly rate: Rate }[], _nowMs: number): Promise<RateDecision> {
    const taken: { limiter: RateLimiterAbstract; key: string }[] = [];
    for (const { key, rate } of keys) {
      const { steady, burst } = this.pair(rate);
      const refusal = await consume(steady, key);
      if (!refusal) {
        taken.push({ limiter: steady, key });
        continue;
      }
      const burstRefusal = burst ? await consume(burst, key) : refusal;
      if (!burstRefusal) {
        taken.push({ limiter: burst!, key });
        continue;
      }
      // Spent: give back what this request took from the keys before this one.
      await Promise.all(taken.map((t) => t.limiter.reward(t.key, 1)));
      return { allowed: false, retryAfterMs: Math.max(1, Math.min(refusal.msBeforeNext, burstRefusal.msBeforeNext)), key };
    }
    return { allowed: true };
  }
}

/** Undefined when the point was taken; the refusal (with its wait) when the limiter is spent; throws when the counter store fails. */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | undefined> {
  try {
    await limiter.consume(key, 1);
    return undefined;
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return outcome;
    throw outcome;
  }
}

/**
 * Deliveries already seen, in PostgreSQL: one row per key with when it
 * expires. Recording is one statement, so of two instances receiving the
 * same delivery at once exactly one records it (and answers). Expired rows
 * are taken over by the same statement and deleted now and then.
 */
export class PgSeenKeys implements SeenKeys {
  private calls = 0;

  constructor(private readonly pool: pg.Pool) {}

  async seen(key: string, ttlMs: number): Promise<boolean> {
    if (++this.calls % 500 === 0) void this.pool.query('DELETE FROM policybot_seen_keys WHERE expires < now()').catch(() => undefined);
    const recorded = await this.pool.query(
      `INSERT INTO policybot_seen_keys (key, expires) VALUES ($1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET expires = EXCLUDED.expires WHERE policybot_seen_keys.expires < now()`,
      [key, ttlMs],
    );
    return recorded.rowCount === 0;
  }
}

/** The store and what instances share beside it. */
export interface SharedState {
  readonly rateCounters: RateCounters;
  /** Only with a shared database; absent, each adapter remembers its deliveries in memory. */
  readonly seenKeys?: SeenKeys;
}

/** In the database when the store is PostgreSQL (several instances); in this process otherwise. */
export function sharedState(store: Store): SharedState {
  if (store instanceof PgStore) return { rateCounters: FlexibleRateCounters.postgres(store.connections), seenKeys: new PgSeenKeys(store.connections) };
  return { rateCounters: FlexibleRateCounters.memory() };
}
