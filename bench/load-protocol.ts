import type { ChildProcess } from 'node:child_process';
import type { LogCounts } from './counting-log.ts';
import type { LatencySummary } from './load-stats.ts';

/**
 * What the load bench's three processes say to each other over the fork IPC
 * channel: the orchestrator (`load.ts`), the server under test
 * (`load-server.ts`) and the load generator with its Slack stand-in
 * (`load-client.ts`).
 */

export interface RunPlan {
  /** The receiver's `/slack/events` URL. */
  readonly url: string;
  readonly signingSecret: string;
  readonly rate: number;
  readonly durationMs: number;
  /** Requests due before this are sent but left out of the latency figures. */
  readonly warmupMs: number;
  /** Slack gives up on an acknowledgement after three seconds; so does the client. */
  readonly ackTimeoutMs: number;
  /** How long after the last request the client waits for answers still on their way. */
  readonly answerTimeoutMs: number;
  readonly users: number;
  readonly channels: number;
  readonly seed: number;
}

export interface MemorySample {
  /** Milliseconds since measuring began. */
  readonly t: number;
  readonly heapUsed: number;
  readonly rss: number;
}

export interface GcFigures {
  readonly major: number;
  readonly minor: number;
  /** Time in collections, in all, and the longest one. */
  readonly pauseMs: number;
  readonly maxPauseMs: number;
  /** Heap outside the young generation just after each major collection. */
  readonly afterMajor: readonly { readonly t: number; readonly heapUsed: number }[];
}

export interface LiveHeapPoint {
  readonly t: number;
  readonly bytes: number;
}

export interface ServerFigures {
  readonly memory: readonly MemorySample[];
  readonly gc: GcFigures;
  /**
   * Heap after a full collection when measuring began, halfway through the
   * load and after it ended (`t`: milliseconds since measuring began): what is
   * really kept. Undefined without `--expose-gc`.
   */
  readonly liveHeap: { readonly start: number; readonly middle?: LiveHeapPoint; readonly end: LiveHeapPoint } | undefined;
  readonly eventLoopDelay: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Server CPU time while measuring, and the wall time it was spread over. */
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly log: LogCounts;
}

/** What became of a request once acknowledged, as the stand-in saw its answer. */
export interface Outcomes {
  readonly answered: number;
  /** Refused by the bot's fair-use limits, by scope; not errors. */
  readonly throttledUser: number;
  readonly throttledChannel: number;
  readonly busy: number;
  /** The bot's apology for an internal error. */
  readonly apologies: number;
  /** Acknowledged, but no answer reached Slack in time. */
  readonly missing: number;
  /** More than one answer to one request. */
  readonly duplicates: number;
}

export interface ClientFigures {
  readonly sent: number;
  /** Requests in the measured window (after the warm-up). */
  readonly measured: number;
  readonly offeredRate: number;
  /** Acknowledged (200) per second over the measured window. */
  readonly throughput: number;
  readonly ack: LatencySummary;
  readonly ackByKind: { readonly slash: LatencySummary; readonly mention: LatencySummary };
  /** Failed acknowledgements in the measured window. */
  readonly errors: {
    readonly status: number;
    readonly timeouts: number;
    /** Of the timeouts, those still waiting for a connection: the client's or the kernel's side, before the bot could see them. */
    readonly timeoutsConnecting: number;
    readonly socket: number;
    readonly firstStatus: readonly number[];
    readonly socketCodes: readonly string[];
  };
  /** The same for the warm-up, where a cold server pays for its first answers; reported, not judged. */
  readonly warmup: { readonly sent: number; readonly failedAcks: number; readonly timeoutsConnecting: number; readonly missing: number };
  /** When things went wrong, by second of the run: `[second, failed acknowledgements, answers missing]`, seconds with none left out. */
  readonly troubleBySecond: readonly (readonly [number, number, number])[];
  /** Request due → its answer at the stand-in (response_url or chat.postMessage). */
  readonly completion: LatencySummary;
  /** In the measured window. */
  readonly outcomes: Outcomes;
  /** How late the client itself was in sending (a client falling behind would flatter the server). */
  readonly maxSendLagMs: number;
  readonly cpuMs: number;
  readonly wallMs: number;
}

export type ServerMessage =
  /** `answering`: where the server computes answers ("2 worker threads", "main thread"); absent for the bare Bolt app. */
  | { readonly type: 'listening'; readonly port: number; readonly answering?: string }
  | { readonly type: 'measuring' }
  | { readonly type: 'measured'; readonly figures: ServerFigures }
  | { readonly type: 'failed'; readonly message: string };

/** What one server (the bot, or the bare Bolt app) did under the load: the client's view and its own. */
export interface SlackFigures {
  readonly client: ClientFigures;
  readonly server: ServerFigures;
}

export type ServerCommand = { readonly type: 'measure'; /** When to weigh the live heap mid-run. */ readonly midpointMs: number } | { readonly type: 'report' } | { readonly type: 'stop' };

export type ClientMessage =
  | { readonly type: 'ready'; readonly apiUrl: string }
  | { readonly type: 'result'; readonly figures: ClientFigures }
  | { readonly type: 'failed'; readonly message: string };

export type ClientCommand = { readonly type: 'run'; readonly plan: RunPlan } | { readonly type: 'stop' };

/** Sends to the parent; a child started without IPC is a mistake worth stopping for. */
export function tellParent(message: ServerMessage | ClientMessage): void {
  if (!process.send) throw new Error('this script runs as a child of bench/load.ts (it needs the IPC channel)');
  process.send(message);
}

/**
 * The next message of `type` from `child`; rejects if the child says it
 * failed, exits, or stays silent past `timeoutMs`.
 */
export function next<M extends { readonly type: string }, T extends M['type']>(child: ChildProcess, name: string, type: T, timeoutMs: number): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (raw: unknown) => {
      const message = raw as M;
      if (message.type === type) {
        cleanup();
        resolve(message as Extract<M, { type: T }>);
      } else if (message.type === 'failed') {
        cleanup();
        reject(new Error(`${name}: ${(message as { message?: string }).message ?? 'failed'}`));
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`${name} exited (${signal ?? `code ${code}`}) before sending "${type}"`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${name} sent no "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
