/**
 * What each conversation was last about, so that a follow-up ("and who leads
 * it?") can be read against it. A conversation is whatever an adapter names
 * one: a Slack thread, a Discord channel for one person, a console session.
 * Bounded in size and age: the oldest are forgotten first, and a conversation
 * idle longer than the time-to-live starts afresh.
 */
export interface ConversationMemory<T = unknown> {
  /** What the conversation was about, if it is recent. */
  recall(): T | undefined;
  remember(state: T): void;
}

/** Keeps each conversation's last state; what a state holds is the caller's business. */
export class Conversations<T = unknown> {
  readonly #entries = new Map<string, { state: T; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 60 * 60 * 1000,
  ) {}

  /** The memory of one conversation. */
  of(key: string): ConversationMemory<T> {
    return {
      recall: () => {
        const entry = this.#entries.get(key);
        if (!entry) return undefined;
        if (this.now() - entry.at > this.ttlMs) {
          this.#entries.delete(key);
          return undefined;
        }
        return entry.state;
      },
      remember: (state) => {
        // Re-inserting moves the key to the end: Map order is the eviction order.
        this.#entries.delete(key);
        this.#entries.set(key, { state, at: this.now() });
        if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      },
    };
  }

  get size(): number {
    return this.#entries.size;
  }
}
