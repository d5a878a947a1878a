import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { StoreFile } from '../../src/store/schema.ts';

/**
 * A disk that can fill up or turn read-only under the store. Tests run as
 * root, where chmod stops nothing, so the failure is injected where the store
 * writes: lowdb's adapter. While it fails, a write goes the way it does on a
 * real disk: the temporary file is opened (on a full disk, left short) and
 * the error comes back with the errno Node gives; the data file itself is
 * never renamed over. While it is healthy, the real atomic write runs.
 */
export type DiskFault = 'ENOSPC' | 'EROFS' | 'EACCES';

const MESSAGES: Record<DiskFault, { errno: number; text: string; syscall: string }> = {
  ENOSPC: { errno: -28, text: 'no space left on device', syscall: 'write' },
  EROFS: { errno: -30, text: 'read-only file system', syscall: 'open' },
  EACCES: { errno: -13, text: 'permission denied', syscall: 'open' },
};

export interface FaultyDisk {
  /** For `LowdbStore.open(file, { adapter })`. */
  readonly adapter: (file: string) => Adapter<StoreFile>;
  /** Every write from now on fails with `fault`. */
  fail(fault: DiskFault): void;
  heal(): void;
  readonly writes: { attempted: number; failed: number };
}

export function faultyDisk(): FaultyDisk {
  let fault: DiskFault | undefined;
  const writes = { attempted: 0, failed: 0 };
  return {
    writes,
    fail: (f) => void (fault = f),
    heal: () => void (fault = undefined),
    adapter(file) {
      const real = new JSONFile<StoreFile>(file);
      const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
      return {
        read: () => real.read(),
        async write(data) {
          writes.attempted += 1;
          if (!fault) return real.write(data);
          writes.failed += 1;
          const { errno, text, syscall } = MESSAGES[fault];
          // The disk filled up part-way through the temporary file.
          if (fault === 'ENOSPC') await writeFile(temporary, JSON.stringify(data).slice(0, 64));
          throw Object.assign(new Error(`${fault}: ${text}, ${syscall} '${temporary}'`), { errno, code: fault, syscall, path: temporary });
        },
      };
    },
  };
}
