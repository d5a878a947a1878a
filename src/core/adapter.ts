import type { Reply } from './reply.ts';

/**
 * What the core asks of a platform adapter: a lifecycle, and optionally the
 * ability to post unprompted into a channel (reminders, announcements).
 * Everything platform-specific stays behind it.
 */
export interface Adapter {
  readonly name: 'console' | 'slack' | 'discord';
  start(): Promise<void>;
  stop(): Promise<void>;
  post?(channelId: string, reply: Reply): Promise<PostOutcome>;
}

/** A post either went out, or the channel can no longer be posted to (removed, archived, no permission). */
export type PostOutcome = { readonly ok: true; readonly messageId?: string } | { readonly ok: false; readonly reason: string; readonly permanent: boolean };
