import { readFile, rm, writeFile } from 'node:fs/promises';
import { OperatorError } from '../core/errors.ts';

/**
 * One process per data file: a second bot pointed at the same file is refused
 * instead of both overwriting each other. A lock left by a process that no
 * longer runs is taken over.
 */
export class StoreLockedError extends OperatorError {
  readonly code = 'STORE_LOCKED';
  constructor(readonly file: string, readonly pid: number) {
    super(`${file} is in use by another policybot process (pid ${pid}). Stop it, or point POLICYBOT_DATA at another file.`);
    this.name = 'StoreLockedError';
  }
}

export async function acquireLock(lockFile: string, dataFile: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return async () => {
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw new StoreLockedError(dataFile, pid);
      if (pid === process.pid) throw new StoreLockedError(dataFile, pid);
      await rm(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${dataFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
