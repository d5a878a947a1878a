import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, StoreLockedError } from '../../src/store/lock.ts';
import { tempDataDir } from '../support/store.ts';

/** The lowdb file's lock: only a process that really holds it blocks a start, and of two starts over a stale lock only one wins. */

let data: Awaited<ReturnType<typeof tempDataDir>>;
beforeEach(async () => {
  data = await tempDataDir();
});
afterEach(async () => {
  await data.dispose();
});
const lockFile = () => `${data.file}.lock`;

/** What Linux says a process's start time is (field 22 of /proc/PID/stat). */
const startedOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
};
const boot = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

describe('the data file lock', () => {
  it('takes over a lock naming this very PID that this process does not hold (a container restarted on the same volume runs as PID 1 again)', async () => {
    await writeFile(lockFile(), `${JSON.stringify({ pid: process.pid, token: 'from-the-previous-container', started: '1', boot: boot() })}\n`);
    const release = await acquireLock(lockFile(), data.file);
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
    expect(await readdir(data.dir)).toEqual([]);
  });

  it('takes over a lock whose PID now belongs to a live process that is not the one that wrote it (PID 1 here)', async () => {
    await writeFile(lockFile(), `${JSON.stringify({ pid: 1, token: 't', started: '12345678901', boot: boot() })}\n`);
    const release = await acquireLock(lockFile(), data.file);
    await release();
  });

  it('refuses while the process that wrote the lock runs, and takes it over once it has stopped', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => holder.once('spawn', resolve));
      await writeFile(lockFile(), `${JSON.stringify({ pid: holder.pid, token: 't', started: startedOf(holder.pid!), boot: boot() })}\n`);
      const error = await acquireLock(lockFile(), data.file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreLockedError);
      expect((error as StoreLockedError).pid).toBe(holder.pid);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const release = await acquireLock(lockFile(), data.file);
    await release();
  });

  it('refuses a second lock by the process that holds it', async () => {
    const release = await acquireLock(lockFile(), data.file);
    await expect(acquireLock(lockFile(), data.file)).rejects.toBeInstanceOf(StoreLockedError);
    await release();
  });

  it('of eight starts racing over one stale lock, exactly one wins; the others are refused', async () => {
    for (let round = 0; round < 5; round++) {
      await writeFile(lockFile(), '999999\n'); // an earlier version's lock, its process gone
      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => acquireLock(lockFile(), data.file)));
      const won = outcomes.filter((o): o is PromiseFulfilledResult<() => Promise<void>> => o.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(StoreLockedError);
      await won[0]!.value();
      expect(await readdir(data.dir)).toEqual([]);
    }
  });

  it('leaves a lock another process took over when releasing', async () => {
    const release = await acquireLock(lockFile(), data.file);
    const theirs = `${JSON.stringify({ pid: 1, token: 'theirs' })}\n`;
    await writeFile(lockFile(), theirs);
    await release();
    expect(await readFile(lockFile(), 'utf8')).toBe(theirs);
  });
});
