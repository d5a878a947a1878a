import type { IsoDate } from './dates.ts';
import type { Attachment, DeadlineView } from './reply.ts';

/**
 * What the bot knows for someone at a glance, whatever the platform shows it
 * on (Slack's App Home): deadlines still ahead, what changed lately, which
 * channels of this platform follow what, and the calendar of every deadline.
 * Like `Reply`, plain untrusted-safe text that each adapter escapes.
 */
export interface Overview {
  readonly today: IsoDate;
  /** The newest source's date: nothing later is recorded. */
  readonly asOf: IsoDate;
  /** Deadlines due today or later, soonest first. */
  readonly upcoming: readonly DeadlineView[];
  /** When none is ahead, the latest ones that passed (newest first), so the view is never empty of dates. */
  readonly recentlyPassed: readonly DeadlineView[];
  /** What changed lately, newest first. */
  readonly developments: readonly Development[];
  /** This platform's channels that follow something; empty without a data store. */
  readonly subscriptions: readonly ChannelFollowing[];
  /** Whether subscriptions are kept at all (a data store is configured). */
  readonly following: boolean;
  /** Every deadline as an iCalendar file. */
  readonly calendar: Attachment;
}

export interface Development {
  readonly entryName: string;
  /** An announcement the bot made (new or changed in the knowledge base), or a dated event the sources report. */
  readonly kind: 'new' | 'changed' | 'event' | 'development';
  /** When: the announcement's day, or the event's date. */
  readonly date: IsoDate;
  readonly text: string;
}

export interface ChannelFollowing {
  readonly channelId: string;
  readonly topics: readonly ('deadlines' | 'announcements')[];
  readonly since: IsoDate;
  /** Posting there failed for good on this day (the channel was archived, the bot removed). */
  readonly unreachableSince?: IsoDate;
  /** The names of the only agreements it follows; absent: every one. */
  readonly agreements?: readonly string[];
}
