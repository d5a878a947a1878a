import { performance } from 'node:perf_hooks';

/**
 * Fires `fire(i, scheduledAt)` for i = 0…count-1 at `rate` per second, by the
 * clock and never by the responses: a slow server meets requests piling up,
 * as it would from Slack, instead of a client that politely waits (closed-loop
 * load hides queueing: "coordinated omission"). Resolves once the last one is
 * fired; `scheduledAt` is `performance.now()` time, for latencies measured
 * from when a request was due rather than from when a busy client got to it.
 */
export function openLoop(options: { readonly rate: number; readonly count: number; fire(i: number, scheduledAt: number): void }): Promise<{ readonly startedAt: number; readonly maxLagMs: number }> {
  const interval = 1000 / options.rate;
  const startedAt = performance.now();
  let i = 0;
  let maxLagMs = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Everything due by now goes out in this turn, so timer granularity delays a request by at most a millisecond or so.
      while (i < options.count && startedAt + i * interval <= now) {
        const due = startedAt + i * interval;
        maxLagMs = Math.max(maxLagMs, now - due);
        options.fire(i, due);
        i += 1;
      }
      if (i < options.count) setTimeout(tick, Math.max(0, startedAt + i * interval - performance.now()));
      else resolve({ startedAt, maxLagMs });
    };
    tick();
  });
}
