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

/**
 * A post either went out, or the channel can no longer be posted to (removed,
 * archived, no permission). One that went out may carry a `caveat`: a lasting
 * problem with the channel that did not stop the post (Discord: it could not
 * be published to following servers), in words for whoever manages the
 * channel, shown by `subscriptions`; `null` says there is none (any earlier
 * one is cleared); absent, nothing was learnt either way.
 */
export type PostOutcome = { readonly ok: true; readonly messageId?: string; readonly caveat?: string | null } | { readonly ok: false; readonly reason: string; readonly permanent: boolean };
