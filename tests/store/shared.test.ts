import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/pg/migrations.ts';
import { FlexibleRateCounters, PgSeenKeys } from '../../src/store/shared.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';

/**
 * What instances share beside the store, on rate-limiter-flexible's memory
 * and PostgreSQL back ends and in the database: the fair-use semantics (a
 * burst, then one per interval; the wait said; all keys or none) hold on
 * both, and two instances on one database count and remember as one.
 */

let postgres: TestPostgres;
const pools: pg.Pool[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await postgres?.dispose();
});

/** A pool as the store makes one: a connection the server closes (when it stops at the end) is dropped, not thrown. */
function pool(connectionString: string, options: pg.PoolConfig = {}): pg.Pool {
  const p = new pg.Pool({ connectionString, ...options });
  p.on('error', () => undefined);
  pools.push(p);
  return p;
}

/** Two pools on one fresh, migrated database: two instances. */
async function twoInstances(): Promise<[pg.Pool, pg.Pool]> {
  const url = await postgres.createDatabase('shared');
  const a = pool(url);
  const b = pool(url);
  await migrate(a);
  return [a, b];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rate = { count: 3, perMs: 1500 }; // a burst of 3, then one every 500 ms

describe.each([
  { name: 'memory', counters: async () => [FlexibleRateCounters.memory()] as const },
  { name: 'PostgreSQL', counters: async () => (await twoInstances()).map((p) => FlexibleRateCounters.postgres(p)) },
])('fair-use counters on rate-limiter-flexible ($name)', ({ counters }) => {
  it('allow a burst, then refuse with the wait until the next passes, then allow one per interval', async () => {
    const [c] = await counters();
    for (let i = 0; i < 3; i++) expect(await c!.take([{ key: 'user:slack:U1', rate }], 0)).toEqual({ allowed: true });
    const refused = await c!.take([{ key: 'user:slack:U1', rate }], 0);
    expect(refused).toMatchObject({ allowed: false, key: 'user:slack:U1' });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(200);
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(500);
    await sleep((refused as { retryAfterMs: number }).retryAfterMs + 30);
    expect(await c!.take([{ key: 'user:slack:U1', rate }], 0)).toEqual({ allowed: true });
    // Another person is not affected.
    expect(await c!.take([{ key: 'user:slack:U2', rate }], 0)).toEqual({ allowed: true });
  });

  it('take from every key or from none', async () => {
    const [c] = await counters();
    const roomy = { key: 'user:x', rate: { count: 10, perMs: 60_000 } };
    const tight = { key: 'channel:x', rate: { count: 1, perMs: 60_000 } };
    expect(await c!.take([roomy, tight], 0)).toEqual({ allowed: true });
    expect(await c!.take([roomy, tight], 0)).toMatchObject({ allowed: false, key: 'channel:x' });
    // The refused request took nothing from the roomy key: 9 more fit.
    for (let i = 0; i < 9; i++) expect((await c!.take([roomy], 0)).allowed).toBe(true);
    expect((await c!.take([roomy], 0)).allowed).toBe(false);
  });
});

describe('two instances on one database', () => {
  it('count a person once: over the limit on one is over it on the other', async () => {
    const [a, b] = (await twoInstances()).map((p) => FlexibleRateCounters.postgres(p));
    const user = [{ key: 'user:slack:U9', rate: { count: 2, perMs: 60_000 } }];
    expect(await a!.take(user, 0)).toEqual({ allowed: true });
    expect(await b!.take(user, 0)).toEqual({ allowed: true });
    expect(await a!.take(user, 0)).toMatchObject({ allowed: false });
    expect(await b!.take(user, 0)).toMatchObject({ allowed: false });
  });

  it('remember a delivery once: of two receiving it at once, one answers; an expired one is new again', async () => {
    const [a, b] = (await twoInstances()).map((p) => new PgSeenKeys(p));
    const first = await Promise.all([a!.seen('slack:event:Ev1', 60_000), b!.seen('slack:event:Ev1', 60_000)]);
    expect(first.sort()).toEqual([false, true]);
    expect(await a!.seen('slack:event:Ev1', 60_000)).toBe(true);
    expect(await a!.seen('slack:event:Ev2', 50)).toBe(false);
    await sleep(120);
    expect(await b!.seen('slack:event:Ev2', 50)).toBe(false);
    expect(await a!.seen('slack:event:Ev2', 50)).toBe(true);
  });

  it('a counter store that is down rejects (fair use then answers rather than refusing everyone)', async () => {
    const down = pool(postgres.url('postgres').replace(/:\d+\//, ':1/'), { connectionTimeoutMillis: 1000 });
    await expect(FlexibleRateCounters.postgres(down).take([{ key: 'user:z', rate }], 0)).rejects.toThrow();
  });
});
