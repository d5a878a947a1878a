import { Agent, request } from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { readEvalFile } from '../src/evaluation/dataset.ts';
import { answerKind } from './answer-kind.ts';
import type { ClientCommand, ClientFigures, Outcomes, RunPlan } from './load-protocol.ts';
import { tellParent } from './load-protocol.ts';
import { summarise } from './load-stats.ts';
import { openLoop } from './open-loop.ts';
import { PROJECT_ROOT } from './paths.ts';
import { startSlackStandIn, type Answer } from './slack-stand-in.ts';
import { createTraffic, signedHeaders, type Kind } from './slack-traffic.ts';

/**
 * The load generator, in a process of its own so that its CPU is not charged
 * to the server's event loop: it hosts the Slack stand-in (the server's
 * `SLACK_API_URL` and response_urls), sends signed requests open-loop on a
 * keep-alive agent, times each acknowledgement from when the request was due,
 * and matches every answer reaching the stand-in to its request.
 */

interface Tracked {
  readonly kind: Kind;
  readonly due: number;
  ackAt?: number;
  status?: number;
  failure?: 'timeout' | 'socket';
  /** The socket error's code (ECONNRESET…), for the report. */
  code?: string;
  /** Where a timed-out request stood: still connecting, or sent in full with no reply (the server's side). */
  stuck?: 'connecting' | 'sent';
  answerAt?: number;
  answers: number;
  outcome?: keyof Outcomes;
}

const questions = (await readEvalFile(path.join(PROJECT_ROOT, 'tests/fixtures/eval/dev.jsonl'))).map((i) => i.q);
let onAnswer: (answer: Answer) => void = () => {};
const standIn = await startSlackStandIn((a) => onAnswer(a));

process.on('message', (raw: unknown) => {
  const command = raw as ClientCommand;
  if (command.type === 'run') {
    drive(command.plan).then(
      (figures) => tellParent({ type: 'result', figures }),
      (error: unknown) => tellParent({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  } else if (command.type === 'stop') {
    void standIn.close().then(() => process.exit(0));
  }
});
tellParent({ type: 'ready', apiUrl: standIn.apiUrl });

async function drive(plan: RunPlan): Promise<ClientFigures> {
  const target = new URL(plan.url);
  // As many sockets as Slack might open; a slow server then meets a backlog of connections, not a queue hidden in this agent.
  // Idle sockets close after 4 s, before the server's 5 s keep-alive timeout: Node's agent heeds the server's `Keep-Alive: timeout=5`
  // only when given a timeout of its own, and a socket reused just as the server closes it fails with ECONNRESET, the client's fault.
  const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 });
  const traffic = createTraffic({ questions, users: plan.users, channels: plan.channels, seed: plan.seed, responseUrl: standIn.responseUrl });
  const count = Math.max(1, Math.round((plan.rate * plan.durationMs) / 1000));
  const tracked: Tracked[] = [];
  const byKey = new Map<string, Tracked>();
  let unmatched = 0;
  onAnswer = (a) => {
    const t = byKey.get(a.key);
    if (!t) {
      unmatched += 1;
      return;
    }
    t.answers += 1;
    if (t.answers > 1) return;
    t.answerAt = a.at;
    t.outcome = answerKind(a.text);
  };

  const cpuBefore = process.cpuUsage();
  const { startedAt, maxLagMs } = await openLoop({
    rate: plan.rate,
    count,
    fire(i, due) {
      const r = traffic(i);
      const t: Tracked = { kind: r.kind, due, answers: 0 };
      tracked.push(t);
      byKey.set(r.key, t);
      const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: signedHeaders(r, plan.signingSecret) });
      const timer = setTimeout(() => {
        t.failure = 'timeout';
        t.stuck = !req.socket || req.socket.connecting ? 'connecting' : 'sent';
        req.destroy();
      }, plan.ackTimeoutMs);
      req.on('response', (res) => {
        t.ackAt = performance.now();
        t.status = res.statusCode ?? 0;
        clearTimeout(timer);
        res.resume();
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        t.failure ??= 'socket';
        t.code ??= error.code ?? error.message;
      });
      req.end(r.body);
    },
  });

  // Every request is settled within its ack timeout; answers get `answerTimeoutMs` more after the last request was due.
  const lastDue = startedAt + ((count - 1) * 1000) / plan.rate;
  const settled = () => tracked.every((t) => t.failure !== undefined || (t.status !== undefined && (t.status !== 200 || t.answerAt !== undefined)));
  while (!settled() && performance.now() < lastDue + Math.max(plan.ackTimeoutMs, plan.answerTimeoutMs)) await delay(20);
  const wallMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();

  const windowStart = startedAt + plan.warmupMs;
  const measured = tracked.filter((t) => t.due >= windowStart);
  const ok = measured.filter((t) => t.status === 200 && t.ackAt !== undefined);
  const lastAck = ok.reduce((latest, t) => Math.max(latest, t.ackAt!), windowStart + 1);
  const trouble = new Map<number, [number, number, number]>();
  for (const t of tracked) {
    const failed = t.failure !== undefined || (t.status !== undefined && t.status !== 200);
    const missing = t.status === 200 && t.answerAt === undefined;
    if (!failed && !missing) continue;
    const second = Math.floor((t.due - startedAt) / 1000);
    const row = trouble.get(second) ?? [second, 0, 0];
    row[failed ? 1 : 2] += 1;
    trouble.set(second, row);
  }
  const warmup = tally(tracked.filter((t) => t.due < windowStart), 0);
  const steady = tally(measured, unmatched);
  const ackMs = (ts: readonly Tracked[]) => ts.filter((t) => t.status === 200).map((t) => t.ackAt! - t.due);
  return {
    sent: tracked.length,
    measured: measured.length,
    offeredRate: plan.rate,
    throughput: (ok.length * 1000) / (lastAck - windowStart),
    ack: summarise(ackMs(measured)),
    ackByKind: { slash: summarise(ackMs(measured.filter((t) => t.kind === 'slash'))), mention: summarise(ackMs(measured.filter((t) => t.kind === 'mention'))) },
    errors: steady.errors,
    warmup: { sent: tracked.length - measured.length, failedAcks: warmup.errors.status + warmup.errors.timeouts + warmup.errors.socket, timeoutsConnecting: warmup.errors.timeoutsConnecting, missing: warmup.outcomes.missing },
    troubleBySecond: [...trouble.values()].sort((a, b) => a[0] - b[0]),
    completion: summarise(measured.filter((t) => t.answerAt !== undefined).map((t) => t.answerAt! - t.due)),
    outcomes: steady.outcomes,
    maxSendLagMs: maxLagMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs,
  };
}

/** Failed acknowledgements and what became of the acknowledged requests; `unmatched` answers (no request of this run) count as duplicates. */
function tally(ts: readonly Tracked[], unmatched: number): Pick<ClientFigures, 'errors' | 'outcomes'> {
  const outcomes: Record<keyof Outcomes, number> = { answered: 0, throttledUser: 0, throttledChannel: 0, busy: 0, apologies: 0, missing: 0, duplicates: unmatched };
  for (const t of ts) {
    if (t.status !== 200) continue;
    outcomes[t.outcome ?? 'missing'] += 1;
    if (t.answers > 1) outcomes.duplicates += 1;
  }
  const badStatus = ts.filter((t) => t.status !== undefined && t.status !== 200);
  return {
    outcomes,
    errors: {
      status: badStatus.length,
      timeouts: ts.filter((t) => t.failure === 'timeout').length,
      timeoutsConnecting: ts.filter((t) => t.stuck === 'connecting').length,
      socket: ts.filter((t) => t.failure === 'socket').length,
      firstStatus: [...new Set(badStatus.map((t) => t.status!))].slice(0, 5),
      socketCodes: [...new Set(ts.filter((t) => t.failure === 'socket').map((t) => t.code ?? '?'))].slice(0, 5),
    },
  };
}
