import { boundedCache } from './bounded-cache.ts';

/**
 * What each conversation was last about, so that a follow-up ("and who leads
 * it?") can be read against it. A conversation is whatever an adapter names
 * one: a Slack thread, a Discord channel for one person, a console session.
 * Bounded in size and age (`bounded-cache.ts`): the least recently used are
 * forgotten first, and a conversation idle longer than the time-to-live
 * starts afresh.
 */
export interface ConversationMemory<T = unknown> {
  /** What the conversation was about, if it is recent. */
  recall(): T | undefined;
  remember(state: T): void;
}

/** Keeps each conversation's last state; what a state holds is the caller's business. */
export class Conversations<T = unknown> {
  readonly #entries;

  constructor(now: () => number, maxEntries = 10_000, ttlMs = 60 * 60 * 1000) {
    this.#entries = boundedCache<{ state: T }>({ max: maxEntries, ttlMs, now });
  }

  /** The memory of one conversation. */
  of(key: string): ConversationMemory<T> {
    return {
      recall: () => this.#entries.get(key)?.state,
      remember: (state) => void this.#entries.set(key, { state }),
    };
  }

  get size(): number {
    return this.#entries.size;
  }
}
