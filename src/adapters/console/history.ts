import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode, fileErrorReason, readTextFile } from '../../core/files.ts';
import type { Logger } from '../../core/log.ts';

/**
 * The console prompt's history between sessions: one line per entry, oldest
 * first (as shells keep theirs), at most `HISTORY_LIMIT` of them. It holds
 * questions as people typed them, so it is written for its owner only
 * (0600). A history that cannot be read or written costs the recall, never
 * the session: the failure is logged (a warning) and the prompt goes on.
 */

/** How many lines the prompt remembers, in the session and in the file. */
export const HISTORY_LIMIT = 500;

/** readline's order: newest first. */
export async function loadHistory(file: string, log?: Logger): Promise<string[]> {
  try {
    const text = await readTextFile(file);
    return text
      .split('\n')
      .map((l) => l.replace(/\r$/, ''))
      .filter((l) => l.trim())
      .slice(-HISTORY_LIMIT)
      .reverse();
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') log?.warn('console: could not read the prompt history; starting without it', { file, reason: fileErrorReason(error) });
    return [];
  }
}

/** Writes are queued per file, so that a slow disk never lets an older history land after a newer one. */
const queues = new Map<string, Promise<void>>();

/** Saves readline's history (newest first) whole, through a temporary file renamed over the old one. */
export function saveHistory(file: string, entries: readonly string[], log?: Logger): Promise<void> {
  const text = `${entries
    .slice(0, HISTORY_LIMIT)
    .filter((e) => !/[\r\n]/.test(e))
    .reverse()
    .join('\n')}\n`;
  const previous = queues.get(file) ?? Promise.resolve();
  const next = previous.then(async () => {
    try {
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, file);
    } catch (error) {
      log?.warn('console: could not save the prompt history', { file, reason: fileErrorReason(error) });
    }
  });
  queues.set(file, next);
  void next.finally(() => {
    if (queues.get(file) === next) queues.delete(file);
  });
  return next;
}
