import { setTimeout as sleep } from 'node:timers/promises';
import { webApi } from '@slack/bolt';
import type { Logger } from '../../core/log.ts';

/**
 * How the adapter talks to Slack's Web API, and why.
 *
 * The WebClient's defaults fit neither a chat bot nor a test: no timeout at
 * all, and up to ten retries over thirty minutes of *any* failure, a timeout
 * included. A `chat.postMessage` that timed out may well have posted, so
 * retrying it can post the same answer twice. Here:
 *
 * - every call has a timeout, and so does Bolt's `respond()` (it uses the
 *   same `fetch`);
 * - the posting client never retries by itself; a 429 comes back at once as
 *   a rate-limited error, and `withRateLimitRetry` waits the `Retry-After` it
 *   names and tries again. A 429 means Slack did nothing, so that retry cannot
 *   post twice; timeouts and 5xx are not retried, except for methods that
 *   change nothing (`auth.test` at start), which a blip must not make fail;
 * - the Socket Mode client's own WebClient (it only calls
 *   `apps.connections.open`, which is safe to repeat) keeps retrying with
 *   backoff, so a reconnection during a Slack outage waits it out.
 */

export interface WebApiSettings {
  /** `SLACK_API_URL`: another Web API host (GovSlack, a local stand-in). */
  readonly apiUrl?: string;
  readonly timeoutMs: number;
}

export const DEFAULT_API_TIMEOUT_MS = 10_000;

/** For the App's client: posting answers. */
export function postingClientOptions(settings: WebApiSettings): webApi.WebClientOptions {
  return {
    ...base(settings),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  };
}

/** For the Socket Mode client's connection requests. */
export function connectingClientOptions(settings: WebApiSettings): webApi.WebClientOptions {
  return {
    ...base(settings),
    // The Socket Mode client's own default (100 retries, factor 1.3), with waits capped at 30 s: about
    // fifty minutes of outage ride out. It treats a request that finally fails as unrecoverable.
    retryConfig: { retries: 100, factor: 1.3, minTimeout: 1000, maxTimeout: 30_000, randomize: true },
  };
}

function base(settings: WebApiSettings): webApi.WebClientOptions {
  return {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl.endsWith('/') ? settings.apiUrl : `${settings.apiUrl}/` } : {}),
    // Every call goes to the configured host, even if a method name were ever an absolute URL.
    allowAbsoluteUrls: false,
    timeout: settings.timeoutMs,
    fetch: fetchWithTimeout(settings.timeoutMs),
    // Never `headers`: the WebClient writes its token into that object, and the Socket Mode client would then send the bot token where the app token belongs.
  };
}

/**
 * `fetch` with a deadline. The WebClient brings a signal of its own, made
 * from the same `timeout` (`base` above), so its calls go as they are; Bolt's
 * `respond()` brings none and gets the deadline here. (Combining the two with
 * `AbortSignal.any` cost a second timer and a listener per call, for nothing.)
 */
function fetchWithTimeout(timeoutMs: number): webApi.FetchFunction {
  return (url, init) => (init?.signal ? globalThis.fetch(url, init) : globalThis.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }));
}

export interface RateLimitRetryOptions {
  readonly log: Logger;
  /** What is being called: for the log, and whether a passing failure may be tried again (`READ_ONLY_METHODS`). */
  readonly method: string;
  /** Attempts in all, the first included. */
  readonly attempts?: number;
  /** A longer `Retry-After` is not waited for: the caller reports a transient failure instead. */
  readonly maxWaitSeconds?: number;
  /** The wait before trying a read-only method again after a timeout or a 5xx, doubled each time. */
  readonly backoffMs?: number;
}

/** Methods that change nothing in Slack: one that timed out or met a 5xx can be called again without doing anything twice. */
const READ_ONLY_METHODS: ReadonlySet<string> = new Set(['auth.test']);

/** Slack's own words for "not now": answered with HTTP 200, but as passing as a 5xx. */
const PASSING_ERRORS: ReadonlySet<string> = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * Calls `call`, and again after `Retry-After` seconds when Slack answers 429.
 * A read-only method is also tried again after a timeout, a lost connection
 * or a 5xx; anything else is left to the caller at once.
 */
export async function withRateLimitRetry<T>(call: () => Promise<T>, options: RateLimitRetryOptions): Promise<T> {
  const attempts = options.attempts ?? 3;
  const maxWait = options.maxWaitSeconds ?? 30;
  const backoffMs = options.backoffMs ?? 500;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts) throw error;
      const retryAfter = rateLimitedFor(error);
      if (retryAfter !== undefined) {
        if (retryAfter > maxWait) throw error;
        options.log.warn('slack: rate limited; waiting as Slack asks before trying again', { method: options.method, retryAfterSeconds: retryAfter, attempt });
        await sleep(Math.max(0, retryAfter) * 1000);
        continue;
      }
      if (!READ_ONLY_METHODS.has(options.method) || !isPassingFailure(error)) throw error;
      options.log.warn('slack: call failed for a passing reason; trying again', { method: options.method, attempt, reason: passingReason(error) });
      await sleep(backoffMs * 2 ** (attempt - 1));
    }
  }
}

/** A timeout, a lost connection, a 5xx, or Slack saying it is having trouble. */
function isPassingFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; statusCode?: unknown };
  if (e.code === webApi.ErrorCode.RequestError) return true;
  if (e.code === webApi.ErrorCode.HTTPError) return typeof e.statusCode === 'number' && e.statusCode >= 500;
  const code = platformError(error);
  return code !== undefined && PASSING_ERRORS.has(code);
}

function passingReason(error: unknown): string {
  const e = error as { code?: unknown; statusCode?: unknown; message?: unknown };
  return platformError(error) ?? (typeof e.statusCode === 'number' ? `HTTP ${e.statusCode}` : String(e.message ?? e.code));
}

function rateLimitedFor(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; retryAfter?: unknown };
  return e.code === webApi.ErrorCode.RateLimitedError && typeof e.retryAfter === 'number' ? e.retryAfter : undefined;
}

/** Slack's `error` string for a platform error (`channel_not_found`…), if that is what this is. */
export function platformError(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; data?: { error?: unknown } };
  return e.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string' ? e.data.error : undefined;
}
