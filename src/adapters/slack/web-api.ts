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
 *   post twice; timeouts and 5xx are not retried;
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

/** `fetch` with a deadline, keeping any signal the caller brought (the WebClient brings its own). */
function fetchWithTimeout(timeoutMs: number): webApi.FetchFunction {
  return (url, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    return globalThis.fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
  };
}

export interface RateLimitRetryOptions {
  readonly log: Logger;
  /** What is being called, for the log. */
  readonly method: string;
  /** Attempts in all, the first included. */
  readonly attempts?: number;
  /** A longer `Retry-After` is not waited for: the caller reports a transient failure instead. */
  readonly maxWaitSeconds?: number;
}

/** Calls `call`, and again after `Retry-After` seconds when Slack answers 429 (and only then). */
export async function withRateLimitRetry<T>(call: () => Promise<T>, options: RateLimitRetryOptions): Promise<T> {
  const attempts = options.attempts ?? 3;
  const maxWait = options.maxWaitSeconds ?? 30;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const retryAfter = rateLimitedFor(error);
      if (retryAfter === undefined || attempt >= attempts || retryAfter > maxWait) throw error;
      options.log.warn('slack: rate limited; waiting as Slack asks before trying again', { method: options.method, retryAfterSeconds: retryAfter, attempt });
      await sleep(Math.max(0, retryAfter) * 1000);
    }
  }
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
