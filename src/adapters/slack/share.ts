import { randomUUID } from 'node:crypto';
import type { Reply } from '../../core/reply.ts';

/**
 * Answers waiting behind a "Share in channel" button. A slash command's
 * answer is private (ephemeral) and Slack does not send an ephemeral
 * message's content back with the click, so the button carries a key to the
 * answer kept here: the channel then gets the very answer the asker saw, not
 * a fresh one (an LLM answerer would word it differently).
 *
 * Bounded like `RecentKeys`: entries expire (Slack's response_url, the only
 * way to act on the ephemeral message, lasts 30 minutes) and the oldest go
 * past `max`. After a restart the button answers that the answer expired.
 */
export class ShareStore {
  readonly #entries = new Map<string, { reply: Reply; at: number }>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: { readonly now: () => number; readonly ttlMs?: number; readonly max?: number }) {
    this.#ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.#max = options.max ?? 1000;
    this.#now = options.now;
  }

  /** Keeps `reply` and returns the key a button carries (opaque, unguessable). */
  put(reply: Reply): string {
    const now = this.#now();
    this.#expire(now);
    const key = randomUUID();
    this.#entries.set(key, { reply, at: now });
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    return key;
  }

  /** The answer behind `key`, removed so that one click shares it once. */
  take(key: string): Reply | undefined {
    this.#expire(this.#now());
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    return entry?.reply;
  }

  /** Puts back an answer whose sharing failed for a passing reason, so the button works again. */
  restore(key: string, reply: Reply): void {
    this.#entries.set(key, { reply, at: this.#now() });
  }

  get size(): number {
    return this.#entries.size;
  }

  #expire(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (now - entry.at < this.#ttlMs) break;
      this.#entries.delete(key);
    }
  }
}
