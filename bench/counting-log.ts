import { createLogger, type Logger, type LogLevel } from '../src/core/log.ts';

/**
 * The bot's logger for a bench run: lines are counted by level instead of
 * printed (the bench's output is its table), and the first few warnings or
 * errors are kept to show there.
 */
export interface LogCounts {
  readonly warn: number;
  readonly error: number;
  readonly first: readonly string[];
}

export function countingLogger(level: LogLevel): { readonly log: Logger; readonly counts: LogCounts } {
  const counts = { warn: 0, error: 0, first: [] as string[] };
  const log = createLogger(level, (line) => {
    const at = /"level":"(warn|error)"/.exec(line)?.[1];
    if (at !== 'warn' && at !== 'error') return;
    counts[at] += 1;
    if (counts.first.length < 3) counts.first.push(line.slice(0, 400));
  });
  return { log, counts };
}
