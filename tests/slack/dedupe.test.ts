import { describe, expect, it } from 'vitest';
import { RecentKeys } from '../../src/adapters/slack/dedupe.ts';
import { ShareStore } from '../../src/adapters/slack/share.ts';
import { reply } from '../../src/core/reply.ts';

describe('RecentKeys (event de-duplication)', () => {
  it('reports a key seen within the TTL, and forgets it after', () => {
    // Clock readings are real instants (never 0, which lru-cache takes for "no time recorded").
    let now = 1_000_000;
    const recent = new RecentKeys({ ttlMs: 1000, now: () => now });
    expect(recent.seen('Ev1')).toBe(false);
    now += 999;
    expect(recent.seen('Ev1')).toBe(true);
    now += 1001;
    expect(recent.seen('Ev1')).toBe(false);
    expect(recent.seen('Ev1')).toBe(true);
  });

  it('stays bounded: past the maximum the oldest go first, and expired keys read as unseen', () => {
    let now = 1_000_000;
    const recent = new RecentKeys({ ttlMs: 10_000, max: 100, now: () => now });
    for (let i = 0; i < 1000; i += 1) {
      now += 1;
      recent.seen(`Ev${i}`);
    }
    expect(recent.size).toBe(100);
    expect(recent.seen('Ev999')).toBe(true);
    expect(recent.seen('Ev0')).toBe(false);
    now += 20_000;
    expect(recent.seen('Ev998')).toBe(false);
    for (let i = 0; i < 1000; i += 1) recent.seen(`Late${i}`);
    expect(recent.size).toBe(100);
  });
});

describe('ShareStore', () => {
  it('hands an answer out once, for an hour, and keeps at most `max`', () => {
    let now = 1_000_000;
    const store = new ShareStore({ now: () => now, max: 3 });
    const r = reply({ kind: 'answer', text: 'An answer.' });
    const key = store.put(r);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.take(key)).toBe(r);
    expect(store.take(key)).toBeUndefined();
    store.restore(key, r);
    now += 60 * 60 * 1000 + 1;
    expect(store.take(key)).toBeUndefined();
    const keys = [1, 2, 3, 4].map(() => store.put(r));
    expect(store.size).toBe(3);
    expect(store.take(keys[0]!)).toBeUndefined();
    expect(store.take(keys[3]!)).toBe(r);
  });
});
