import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import type { LiveHeapPoint, MemorySample, ServerFigures } from './load-protocol.ts';

/**
 * What a process under load measures about itself: memory every second,
 * event-loop delay, CPU time, and every garbage collection (with the old
 * generation left after each major one, the nearest thing to "what is really
 * kept" that costs no forced collection). With `--expose-gc` it also weighs the live
 * heap after a full collection at both ends and once at `midpointMs`, inside
 * the traffic (one pause of tens of milliseconds, the price of a growth figure
 * that garbage not yet collected cannot blur).
 */
export interface Gauges {
  stop(): Omit<ServerFigures, 'log'>;
}

export function startGauges(options: { readonly midpointMs: number }): Gauges {
  const liveStart = liveHeap();
  const startedAt = performance.now();
  let liveMiddle: LiveHeapPoint | undefined;
  const midpoint = setTimeout(() => {
    const bytes = liveHeap();
    if (bytes !== undefined) liveMiddle = { t: performance.now() - startedAt, bytes };
  }, options.midpointMs);
  const cpuStart = process.cpuUsage();
  const memory: MemorySample[] = [];
  const sample = () => {
    const m = process.memoryUsage();
    memory.push({ t: performance.now() - startedAt, heapUsed: m.heapUsed, rss: m.rss });
  };
  sample();
  const timer = setInterval(sample, 1000);

  const delay = monitorEventLoopDelay({ resolution: 2 });
  delay.enable();

  const gc = { major: 0, minor: 0, pauseMs: 0, maxPauseMs: 0, afterMajor: [] as { t: number; heapUsed: number }[] };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { readonly detail?: { readonly kind?: number } }).detail?.kind;
      gc.pauseMs += entry.duration;
      gc.maxPauseMs = Math.max(gc.maxPauseMs, entry.duration);
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.major += 1;
        gc.afterMajor.push({ t: entry.startTime + entry.duration - startedAt, heapUsed: keptHeap() });
      } else {
        gc.minor += 1;
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });

  return {
    stop() {
      clearInterval(timer);
      clearTimeout(midpoint);
      delay.disable();
      observer.disconnect();
      const cpu = process.cpuUsage(cpuStart);
      const wallMs = performance.now() - startedAt;
      const liveEnd = liveHeap();
      const endT = performance.now() - startedAt;
      const ms = (ns: number) => ns / 1e6;
      return {
        memory,
        liveHeap: liveStart !== undefined && liveEnd !== undefined ? { start: liveStart, ...(liveMiddle ? { middle: liveMiddle } : {}), end: { t: endT, bytes: liveEnd } } : undefined,
        eventLoopDelay: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
        gc,
        cpuMs: (cpu.user + cpu.system) / 1000,
        wallMs,
      };
    },
  };
}

/**
 * The heap outside the young generation. Read when the observer runs, a
 * moment after a major collection, it is what that collection kept plus the
 * little promoted since; the young generation (tens of MB of fresh garbage
 * under load) would otherwise drown any trend in noise.
 */
function keptHeap(): number {
  return getHeapSpaceStatistics()
    .filter((s) => !s.space_name.startsWith('new_'))
    .reduce((sum, s) => sum + s.space_used_size, 0);
}

/** Heap in use after a full collection, when this process may force one. */
function liveHeap(): number | undefined {
  if (!globalThis.gc) return undefined;
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}
