import { describe, expect, it } from 'vitest';
import { runLoadBench } from '../../bench/load.ts';
import { errorCount, everyCommandAnswered, formatLoadReport, memoryOf, slackErrors } from '../../bench/load-report.ts';

/**
 * The load bench runs end to end: the server and the load client start as
 * child processes, signed requests reach the real Bolt receiver, answers come
 * back through the Slack stand-in, then the same traffic goes to a bare Bolt
 * app, and the console path runs after. A short,
 * gentle run; how fast it is belongs to `npm run bench -- --load`, not here.
 */
describe('npm run bench -- --load', () => {
  it('drives the Slack receiver (on an answering thread), a bare Bolt app and the console without errors and reports numeric figures', { timeout: 120_000 }, async () => {
    const report = await runLoadBench({ rate: 50, durationS: 1.5, warmupS: 0.5, workers: 1 });
    const { client, server } = report.slack;

    expect(client.sent).toBe(75);
    expect(client.measured).toBeGreaterThan(0);
    expect(errorCount(report)).toBe(0);
    expect(client.ack.count).toBe(client.measured);
    // Every acknowledged request was answered (or refused by a limit) through the stand-in.
    expect(client.completion.count).toBe(client.measured);
    for (const figure of [client.throughput, client.ack.p50, client.ack.p99, client.ack.max, client.completion.p99, server.eventLoopDelay.p99, server.cpuMs, report.console.latency.p99, report.console.throughput]) {
      expect(Number.isFinite(figure)).toBe(true);
    }
    expect(client.ack.p50).toBeLessThanOrEqual(client.ack.p99);
    expect(report.console.outcomes.answered).toBe(report.console.measured);
    expect(server.memory.length).toBeGreaterThanOrEqual(2);
    expect(server.liveHeap?.end.bytes).toBeGreaterThan(0);
    expect(server.liveHeap?.middle?.t).toBeLessThan(server.liveHeap!.end.t);
    const memory = memoryOf(server, report.settings);
    expect(Number.isFinite(memory.heap.max) && Number.isFinite(memory.rss.end)).toBe(true);

    expect(report.settings.answering).toBe('1 worker thread');
    expect(slackErrors(report.bare)).toBe(0);
    expect(everyCommandAnswered(report.slack) && everyCommandAnswered(report.bare)).toBe(true);
    expect(report.bare.client.ack.count).toBe(report.bare.client.measured);

    const table = formatLoadReport(report);
    expect(table).toMatch(/p99: bot \/ bare \/ ratio\s+[\d.]+ ms \/ [\d.]+ ms \/ [\d.]+x/);
    expect(table).toMatch(/ack p99 <= 1.5x bare Bolt's at 200 \/s\s+(PASS|MISS)/);
    expect(table).toMatch(/every command answered\s+PASS/);
    expect(table).toMatch(/acknowledgement p50 \/ p90 \/ p99 \/ max\s+[\d.]+ ms/);
    expect(table).toMatch(/p99 acknowledgement < 100 ms at 200 \/s\s+(PASS|MISS)/);
    expect(table).toContain('Console adapter');
    // Halfway to the end of a 1.5 s run is far too short to call memory flat or growing.
    expect(table).toMatch(/memory flat \(live heap grows < 5 MB\/min\)\s+n\/a\s+cannot tell/);
  });
});
