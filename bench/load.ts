import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { runConsoleLoad } from './load-console.ts';
import { next, type ClientCommand, type ClientMessage, type RunPlan, type ServerCommand, type ServerMessage, type SlackFigures } from './load-protocol.ts';
import { formatLoadReport, type LoadReport } from './load-report.ts';
import { PROJECT_ROOT } from './paths.ts';

/**
 * `npm run bench -- --load [--duration=<s>] [--rate=<rps>] [--warmup=<s>] [--workers=<n>] [--cpu-prof] [--no-store] [--server-flag=<node flag>…]`:
 * the Slack HTTP receiver under a fixed arrival rate of signed requests from a
 * second process, then a bare Bolt app under the same traffic, then the
 * console adapter at the same rate, in one run.
 *
 * Three processes at a time, so that each one's figures are its own: this one
 * orchestrates (and afterwards drives the console path), the server
 * (`load-server.ts`, the bot as `npm start` runs it in Slack HTTP mode with
 * POLICYBOT_WORKERS answering threads; then `load-bare.ts`) and
 * `load-client.ts`, which sends the load and plays Slack's Web API. Figures
 * are printed with PASS/MISS against the targets; the exit code does not
 * depend on them.
 */
export interface LoadOptions {
  readonly rate: number;
  readonly durationS: number;
  readonly warmupS?: number;
  readonly users?: number;
  readonly channels?: number;
  /** Write a V8 CPU profile of the server (`--cpu-prof`) into a fresh directory. */
  readonly profile?: boolean;
  /** Run the server without its data store (`--no-store`), to see what the store costs; `npm start` always has one with Slack. */
  readonly store?: boolean;
  /** Extra Node/V8 flags for the server (`--server-flag=--max-semi-space-size=64`), to try a runtime setting. */
  readonly serverFlags?: readonly string[];
  /** POLICYBOT_WORKERS for the bot (`--workers=N`); the configuration's default when absent. */
  readonly workers?: number;
}

/** The date the development set assumes, so answers are the ones the evaluation checks. */
const NOW = '2026-11-28';
const START_TIMEOUT_MS = 60_000;

export async function runLoadBench(options: LoadOptions): Promise<LoadReport> {
  const durationMs = Math.round(options.durationS * 1000);
  const warmupMs = Math.round((options.warmupS ?? Math.min(2, options.durationS / 5)) * 1000);
  if (!(options.rate > 0) || !(durationMs > 0) || !(warmupMs >= 0 && warmupMs < durationMs)) throw new Error('load bench: the rate and duration must be positive, and the warm-up shorter than the duration');
  const users = options.users ?? 2000;
  const channels = options.channels ?? 200;
  const profileDir = options.profile ? await mkdtemp(path.join(tmpdir(), 'policybot-load-profile-')) : undefined;
  const signingSecret = randomBytes(16).toString('hex');
  const loadBefore = loadavg()[0]!;

  /**
   * One server under the load: a fresh client (and Slack stand-in), the server, the same traffic (same seed)
   * and the same plan; both stopped before the next phase, so that phases never share the machine.
   */
  const phase = async (script: string, execArgv: string[], env: Record<string, string>): Promise<SlackFigures & { answering?: string }> => {
    const children: ChildProcess[] = [];
    const start = (file: string, args: string[], childEnv: Record<string, string>) => {
      const child = fork(path.join(PROJECT_ROOT, 'bench', file), [], {
        cwd: PROJECT_ROOT,
        execArgv: ['--import', 'tsx', ...args],
        // Only what the bench sets: a developer's real Slack tokens or LLM key must not reach a benchmark.
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...childEnv },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      return child;
    };
    try {
      const client = start('load-client.ts', [], {});
      const { apiUrl } = await next<ClientMessage, 'ready'>(client, 'load client', 'ready', START_TIMEOUT_MS);
      const server = start(script, execArgv, { SLACK_BOT_TOKEN: 'xoxb-load-bench', SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: apiUrl, ...env });
      const { port, answering } = await next<ServerMessage, 'listening'>(server, script, 'listening', START_TIMEOUT_MS);

      const plan: RunPlan = { url: `http://127.0.0.1:${port}/slack/events`, signingSecret, rate: options.rate, durationMs, warmupMs, ackTimeoutMs: 3000, answerTimeoutMs: 5000, users, channels, seed: 8 };
      send<ServerCommand>(server, { type: 'measure', midpointMs: durationMs / 2 });
      await next<ServerMessage, 'measuring'>(server, script, 'measuring', START_TIMEOUT_MS);
      send<ClientCommand>(client, { type: 'run', plan });
      const { figures: clientFigures } = await next<ClientMessage, 'result'>(client, 'load client', 'result', durationMs + 60_000);
      send<ServerCommand>(server, { type: 'report' });
      const { figures: serverFigures } = await next<ServerMessage, 'measured'>(server, script, 'measured', START_TIMEOUT_MS);

      send<ServerCommand>(server, { type: 'stop' });
      send<ClientCommand>(client, { type: 'stop' });
      await Promise.all([exited(server), exited(client)]);
      return { client: clientFigures, server: serverFigures, ...(answering ? { answering } : {}) };
    } finally {
      // Only the children this phase started, and only if they outlived it (a failure midway).
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  };

  const { answering, ...slack } = await phase('load-server.ts', ['--expose-gc', ...(options.serverFlags ?? []), ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])], {
    POLICYBOT_NOW: NOW,
    ...(options.workers !== undefined ? { POLICYBOT_WORKERS: String(options.workers) } : {}),
    ...(options.store === false ? { LOAD_BENCH_STORE: 'off' } : {}),
  });
  const bare = await phase('load-bare.ts', ['--expose-gc'], {});
  const consoleFigures = await runConsoleLoad({ rate: options.rate, durationMs, warmupMs, answerTimeoutMs: 5000, now: NOW });
  return {
    settings: {
      rate: options.rate,
      durationMs,
      warmupMs,
      users,
      channels,
      node: process.version,
      answering: answering ?? 'main thread',
      machine: { cores: availableParallelism(), loadBefore, loadAfter: loadavg()[0]! },
    },
    slack,
    bare,
    console: consoleFigures,
    ...(profileDir ? { profileDir } : {}),
  };
}

/** Parses the options above, runs, prints. */
export async function main(args: readonly string[]): Promise<void> {
  const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const number = (name: string, fallback: number | undefined) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} expects a number, got "${raw}"`);
    return n;
  };
  const report = await runLoadBench({
    rate: number('rate', 200)!,
    durationS: number('duration', 10)!,
    ...(value('warmup') !== undefined ? { warmupS: number('warmup', undefined)! } : {}),
    profile: args.includes('--cpu-prof'),
    store: !args.includes('--no-store'),
    serverFlags: args.filter((a) => a.startsWith('--server-flag=')).map((a) => a.slice('--server-flag='.length)),
    ...(value('workers') !== undefined ? { workers: number('workers', undefined)! } : {}),
  });
  console.log(formatLoadReport(report));
}

function send<C>(child: ChildProcess, command: C): void {
  child.send(command as object);
}

function exited(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill();
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
