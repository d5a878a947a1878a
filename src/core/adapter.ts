import type { PlatformId } from './platform.ts';
import type { Reply } from './reply.ts';

/**
 * What the core asks of a platform adapter: a lifecycle, and optionally the
 * ability to post unprompted into a channel (reminders, announcements).
 * Everything platform-specific stays behind it.
 */
export interface Adapter {
  /** Its platform's id (`slack`, `discord`, `console`, or any a plug-in registers). */
  readonly name: PlatformId;
  start(): Promise<void>;
  stop(): Promise<void>;
  post?(channelId: string, reply: Reply): Promise<PostOutcome>;
  /** Where the platform has events people can follow (Discord's server events): kept for the deadlines of channels that ask for them. */
  readonly events?: EventCalendar;
}

/** A deadline as a platform event: plain text, within the limits the adapter states. */
export interface EventSpec {
  readonly deadlineId: string;
  readonly name: string;
  readonly description: string;
  /** Where it is "held": the source's address, or its title and host. */
  readonly location: string;
  readonly start: Date;
  readonly end: Date;
}

/**
 * A platform's events, as the scheduler keeps them (following/events.ts).
 * `scope` is where the platform keeps them (a Discord server): channels of
 * one scope share one event per deadline.
 */
export interface EventCalendar {
  /** The scope of a channel; undefined when the channel has none (a DM) or cannot be seen. */
  scopeOf(channelId: string): Promise<string | undefined>;
  /** An event this bot made for the deadline earlier, found on the platform itself (after a crash lost its record). */
  find(scope: string, deadlineId: string): Promise<string | undefined>;
  create(scope: string, event: EventSpec): Promise<string>;
  /** False when the event is gone (someone deleted it): the caller may create it again. */
  update(scope: string, eventId: string, event: EventSpec): Promise<boolean>;
  /** Ends or deletes it; an event already gone is fine. */
  remove(scope: string, eventId: string): Promise<void>;
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
