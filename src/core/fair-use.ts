import type { Invocation } from './invocation.ts';
import type { Logger } from './log.ts';
import { MemoryRateCounters, type Rate, type RateCounters } from './rate-counters.ts';

/**
 * Fair use, decided before any work is done: one person cannot use up a
 * channel, one channel cannot use up the bot, and a burst cannot queue
 * everyone behind it. Whoever is over a limit is told at once, with when to
 * try again; nobody else waits.
 */

export interface FairUseLimits {
  /** Per person and platform (undefined: no limit). */
  readonly user?: Rate;
  /** Per channel and platform, shared by everyone in it. */
  readonly channel?: Rate;
  /** Requests this instance works on at once; more are refused, not queued. */
  readonly inFlight: number;
}

/** Five questions at once, then one every six seconds; a channel 30 a minute; 32 at a time. */
export const DEFAULT_LIMITS: FairUseLimits = {
  user: { count: 5, perMs: 30_000 },
  channel: { count: 30, perMs: 60_000 },
  inFlight: 32,
};

export type Refusal = { readonly scope: 'user' | 'channel' | 'busy'; readonly retryAfterMs: number };

export type Admission = { readonly admitted: true; release(): void } | ({ readonly admitted: false } & Refusal);

export interface FairUse {
  admit(invocation: Invocation): Promise<Admission>;
  /** Requests being worked on now. */
  readonly inFlight: number;
}

/** A busy instance frees up within moments: answers take milliseconds, an LLM's a few seconds. */
const BUSY_RETRY_MS = 5_000;

export function createFairUse(limits: FairUseLimits, options: { counters?: RateCounters; now?: () => number; log?: Logger } = {}): FairUse {
  const counters = options.counters ?? new MemoryRateCounters();
  const now = options.now ?? (() => performance.now());
  let inFlight = 0;

  return {
    get inFlight() {
      return inFlight;
    },
    async admit(invocation) {
      if (inFlight >= limits.inFlight) return { admitted: false, scope: 'busy', retryAfterMs: BUSY_RETRY_MS };
      // The console and the CLI are the operator's own terminal: only the in-flight bound applies.
      const keys = invocation.local ? [] : rateKeys(invocation, limits);
      // Counted before the (possibly remote) check, so that a burst cannot slip past the bound while it awaits.
      inFlight += 1;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        inFlight -= 1;
      };
      if (keys.length > 0) {
        // A shared counter store that is down must not silence the bot: answer, and say so in the log.
        const decision = await counters.take(keys, now()).catch((error: unknown) => {
          options.log?.warn('fair use: counters unavailable, request admitted', { error: error instanceof Error ? error : String(error) });
          return { allowed: true } as const;
        });
        if (!decision.allowed) {
          release();
          return { admitted: false, scope: decision.key.startsWith('user:') ? 'user' : 'channel', retryAfterMs: decision.retryAfterMs };
        }
      }
      return { admitted: true, release };
    },
  };
}

function rateKeys(invocation: Invocation, limits: FairUseLimits): { key: string; rate: Rate }[] {
  const keys: { key: string; rate: Rate }[] = [];
  if (limits.user && invocation.userId) keys.push({ key: `user:${invocation.platform}:${invocation.userId}`, rate: limits.user });
  if (limits.channel && invocation.channelId) keys.push({ key: `channel:${invocation.platform}:${invocation.channelId}`, rate: limits.channel });
  return keys;
}

/** What the refused person reads. */
export function refusalMessage(refusal: Refusal): { text: string; hint: string } {
  const wait = `Try again in ${describeWait(refusal.retryAfterMs)}.`;
  switch (refusal.scope) {
    case 'user':
      return { text: 'You are asking faster than I answer everyone fairly, so I have skipped this one.', hint: wait };
    case 'channel':
      return { text: 'This channel has asked me a lot in the last minute, so I have skipped this one to leave room for others.', hint: wait };
    case 'busy':
      return { text: 'I am working on many questions at once right now, so I have skipped this one rather than make everyone wait.', hint: wait };
  }
}

function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}
