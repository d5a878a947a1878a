import { randomUUID } from 'node:crypto';
import { boundedCache } from '../../core/bounded-cache.ts';
import type { Reply } from '../../core/reply.ts';

/**
 * Answers waiting behind a "Share in channel" button. A slash command's
 * answer is private (ephemeral) and Slack does not send an ephemeral
 * message's content back with the click, so the button carries a key to the
 * answer kept here: the channel then gets the very answer the asker saw, not
 * a fresh one (an LLM answerer would word it differently).
 *
 * Bounded (`core/bounded-cache.ts`): entries expire (Slack's response_url,
 * the only way to act on the ephemeral message, lasts 30 minutes) and the
 * oldest go past `max`. After a restart the button answers that the answer expired.
 */
export class ShareStore {
  readonly #entries;

  constructor(options: { readonly now: () => number; readonly ttlMs?: number; readonly max?: number }) {
    this.#entries = boundedCache<Reply>({ max: options.max ?? 1000, ttlMs: options.ttlMs ?? 60 * 60 * 1000, now: options.now });
  }

  /** Keeps `reply` and returns the key a button carries (opaque, unguessable). */
  put(reply: Reply): string {
    const key = randomUUID();
    this.#entries.set(key, reply);
    return key;
  }

  /** The answer behind `key`, removed so that one click shares it once. */
  take(key: string): Reply | undefined {
    const reply = this.#entries.get(key);
    this.#entries.delete(key);
    return reply;
  }

  /** Puts back an answer whose sharing failed for a passing reason, so the button works again. */
  restore(key: string, reply: Reply): void {
    this.#entries.set(key, reply);
  }

  get size(): number {
    return this.#entries.size;
  }
}
