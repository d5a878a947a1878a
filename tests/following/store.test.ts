import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../../src/store/lock.ts';
import { LowdbStore, MAX_DECLINED_KEPT, StoreFileError } from '../../src/store/lowdb-store.ts';
import { faultyDisk } from '../faults/disk.ts';
import { PROJECT_ROOT } from '../support/core.ts';
import { tempDataDir } from '../support/store.ts';

let data: Awaited<ReturnType<typeof tempDataDir>>;
beforeEach(async () => {
  data = await tempDataDir();
});
afterEach(async () => {
  await data.dispose();
});

const channel = (id: string) => ({ platform: 'discord' as const, channelId: id });
const declined = (question: string) => ({ kind: 'declined' as const, at: '2026-02-10T10:00:00.000Z', question, answer: 'My sources do not say.', citations: [], kbVersion: 'v', platform: 'slack' as const });

const offered = (id: string, key: string, url: string) => ({ id, key, url, title: `Item ${id}`, feed: 'https://wire.example/rss', entries: ['us-eu-mou'], keywords: [], found: '2026-04-14T09:00:00.000Z' });

describe('the lowdb store', () => {
  it('keeps the inbox: adds an item once by its key or URL, settles it, and reads it back after a restart', async () => {
    const a = await LowdbStore.open(data.file);
    expect(await a.addToInbox([offered('aaaa0001', 'g-1', 'https://x.example/1'), offered('aaaa0002', 'g-2', 'https://x.example/2')])).toHaveLength(2);
    // The same guid, or the same URL under another guid, is the same item.
    expect(await a.addToInbox([offered('aaaa0003', 'g-1', 'https://x.example/3'), offered('aaaa0004', 'g-4', 'https://x.example/2')])).toEqual([]);
    expect(await a.settleInboxItem('aaaa0001', 'dismissed', new Date('2026-04-15T00:00:00Z'))).toMatchObject({ state: 'dismissed', settled: { at: '2026-04-15T00:00:00.000Z' } });
    expect(await a.settleInboxItem('nope', 'dismissed', new Date())).toBeUndefined();
    await a.close();
    const b = await LowdbStore.open(data.file);
    expect((await b.inbox()).map((i) => [i.id, i.state])).toEqual([['aaaa0001', 'dismissed'], ['aaaa0002', 'waiting']]);
    // A dismissed item never comes back.
    expect(await b.addToInbox([offered('aaaa0001', 'g-1', 'https://x.example/1')])).toEqual([]);
    await b.close();
  });

  it('reads a data file written before feeds were watched (no inbox) as an empty inbox', async () => {
    await writeFile(data.file, JSON.stringify({ version: 1, salt: 'a'.repeat(32), subscriptions: [], posts: {}, knownEntries: null, announcements: [], feedback: [] }));
    const store = await LowdbStore.open(data.file);
    expect((await store.inbox())).toEqual([]);
    await store.close();
  });

  it('creates the file, persists changes, and reads them back after a restart', async () => {
    const a = await LowdbStore.open(data.file);
    await a.subscribe(channel('1'), ['deadlines'], new Date('2026-02-10T10:00:00Z'));
    await a.claimPost({ key: 'k1', channel: channel('1'), kind: 'reminder', at: '2026-02-10T10:00:00.000Z' });
    await a.close();
    const b = await LowdbStore.open(data.file);
    expect((await b.subscription(channel('1')))).toMatchObject({ topics: ['deadlines'], since: '2026-02-10T10:00:00.000Z' });
    expect((await b.post('k1'))).toMatchObject({ state: 'pending' });
    await b.close();
  });

  it('keeps every one of 100 concurrent subscribe/unsubscribe calls', async () => {
    const store = await LowdbStore.open(data.file);
    const at = new Date('2026-02-10T10:00:00Z');
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 4 === 3 ? store.unsubscribe(channel(String(i - 1))) : store.subscribe(channel(String(i)), ['announcements'], at))),
    );
    await store.close();
    const saved = JSON.parse(await readFile(data.file, 'utf8')) as { subscriptions: { channel: { channelId: string } }[] };
    const ids = saved.subscriptions.map((s) => Number(s.channel.channelId)).sort((x, y) => x - y);
    // Every fourth call removed the subscription made just before it.
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 4 !== 3 && i % 4 !== 2));
  });

  it('writes a flood of declined questions in a few batches, and keeps every one', async () => {
    const disk = faultyDisk();
    const store = await LowdbStore.open(data.file, { adapter: disk.adapter });
    const before = disk.writes.attempted;
    const records = await Promise.all(Array.from({ length: 200 }, (_, i) => store.recordFeedback(declined(`question ${i}`))));
    expect(new Set(records.map((r) => r.id)).size).toBe(200);
    // The first write goes alone; everything that queued behind it goes in the next.
    expect(disk.writes.attempted - before).toBeLessThanOrEqual(2);
    await store.close();
    const saved = JSON.parse(await readFile(data.file, 'utf8')) as { feedback: { question: string }[] };
    expect(saved.feedback.map((f) => f.question)).toEqual(Array.from({ length: 200 }, (_, i) => `question ${i}`));
  });

  it('under a flood, rewrites the file for declined questions at most once a second, and closing writes the waiting batch at once', async () => {
    const disk = faultyDisk();
    const store = await LowdbStore.open(data.file, { adapter: disk.adapter });
    const before = disk.writes.attempted;
    await store.recordFeedback(declined('first'));
    // Right after a write: this batch waits out the spacing.
    const second = store.recordFeedback(declined('second'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(disk.writes.attempted - before).toBe(1);
    const closing = performance.now();
    await store.close();
    await second;
    expect(performance.now() - closing).toBeLessThan(500);
    expect(disk.writes.attempted - before).toBe(2);
    const saved = JSON.parse(await readFile(data.file, 'utf8')) as { feedback: { question: string }[] };
    expect(saved.feedback.map((f) => f.question)).toEqual(['first', 'second']);
  });

  it(`keeps only the newest ${MAX_DECLINED_KEPT} declined questions, and every vote`, async () => {
    const store = await LowdbStore.open(data.file);
    await store.recordFeedback({ ...declined('an early vote'), kind: 'vote', vote: 'up', answerId: 'a1' });
    for (let i = 0; i < MAX_DECLINED_KEPT + 5; i++) void store.recordFeedback(declined(`question ${i}`));
    await store.recordFeedback(declined('the last one'));
    const kept = (await store.feedback()).filter((f) => f.kind === 'declined');
    expect(kept).toHaveLength(MAX_DECLINED_KEPT);
    expect(kept[0]!.question).toBe('question 6');
    expect(kept.at(-1)!.question).toBe('the last one');
    expect((await store.feedback()).filter((f) => f.kind === 'vote')).toHaveLength(1);
    await store.close();
  });

  it('never records the same post twice, even when claims race', async () => {
    const store = await LowdbStore.open(data.file);
    const results = await Promise.all(Array.from({ length: 10 }, () => store.claimPost({ key: 'same', channel: channel('1'), kind: 'reminder', at: '2026-02-10T10:00:00.000Z' })));
    expect(results.filter(Boolean)).toHaveLength(1);
    await store.close();
  });

  it.each([
    ['malformed', '{"version": 1, "subscriptions": ['],
    ['empty', ''],
    ['null', 'null'],
    ['of the wrong shape', '{"version": 2}'],
  ])('refuses a %s file with a clear error and leaves it untouched', async (_label, content) => {
    await writeFile(data.file, content);
    const error = await LowdbStore.open(data.file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreFileError);
    expect((error as Error).message).toMatch(/is not a valid policybot data file: .*It was left untouched/);
    expect(await readFile(data.file, 'utf8')).toBe(content);
    // The failed open released its lock: a fixed file can be opened at once.
    await writeFile(data.file, '');
    await expect(LowdbStore.open(data.file)).rejects.toThrow(/it is empty/);
  });

  it('reads a data file saved with a UTF-8 byte-order mark (an editor\'s), and keeps using it', async () => {
    const first = await LowdbStore.open(data.file);
    await first.subscribe(channel('1'), ['deadlines'], new Date('2026-02-10T10:00:00Z'));
    await first.close();
    await writeFile(data.file, `\uFEFF${await readFile(data.file, 'utf8')}`);
    const again = await LowdbStore.open(data.file);
    expect((await again.subscription(channel('1')))).toMatchObject({ topics: ['deadlines'] });
    await again.subscribe(channel('2'), ['announcements'], new Date('2026-02-11T10:00:00Z'));
    await again.close();
    expect(JSON.parse(await readFile(data.file, 'utf8')).subscriptions).toHaveLength(2);
  });

  it('cleans up a temporary file left by a crash mid-write and reads the last complete file', async () => {
    const store = await LowdbStore.open(data.file);
    await store.subscribe(channel('1'), ['deadlines'], new Date('2026-02-10T10:00:00Z'));
    await store.close();
    const temp = path.join(data.dir, '.policybot.json.tmp');
    await writeFile(temp, '{"version": 1, "subscriptions": [{"half');
    const again = await LowdbStore.open(data.file);
    expect((await again.subscription(channel('1')))).toBeDefined();
    await again.close();
    await expect(readFile(temp, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('refuses a second process on the same file, and takes over a stale lock', async () => {
    const first = await LowdbStore.open(data.file);
    const error = await LowdbStore.open(data.file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreLockedError);
    await first.close();
    // A lock whose process is gone does not block.
    await writeFile(`${data.file}.lock`, '999999\n');
    const next = await LowdbStore.open(data.file);
    await next.close();
  });

  it('refuses a second bot process on the same file', async () => {
    const env = { PATH: process.env.PATH ?? '', POLICYBOT_DATA: data.file };
    const first = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts')], { cwd: PROJECT_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      let err = '';
      first.stderr.on('data', (d: Buffer) => (err += d.toString()));
      for (let i = 0; i < 200 && !err.includes('"starting"'); i++) await new Promise((r) => setTimeout(r, 50));
      const second = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const p = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts')], { cwd: PROJECT_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
        let stderr = '';
        p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        p.on('close', (code) => resolve({ code, stderr }));
        p.stdin.end();
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/is in use by another policybot process \(pid \d+\)/);
    } finally {
      first.stdin.end();
      first.kill('SIGTERM');
    }
  });

  it('hashes user ids with a per-store salt', async () => {
    const store = await LowdbStore.open(data.file);
    const h = store.userHash('slack', 'U123');
    expect(h).not.toContain('U123');
    expect(store.userHash('slack', 'U123')).toBe(h);
    expect(store.userHash('slack', 'U124')).not.toBe(h);
    await store.close();
  });
});
