import { UserError } from '../core/errors.ts';
import type { PlatformId } from '../core/platform.ts';

/**
 * What the bot remembers between runs: which channels follow what, every post
 * it made or is making (so none is sent twice), what the knowledge base looked
 * like (to announce what changed), and feedback. One small interface, so that
 * a shared database can replace the JSON file when several instances run.
 */

/** Any platform's id: the store keeps no list of them. */
export type Platform = PlatformId;
export type Topic = 'deadlines' | 'announcements';

export interface ChannelRef {
  readonly platform: Platform;
  readonly channelId: string;
}

export interface Subscription {
  readonly channel: ChannelRef;
  readonly topics: readonly Topic[];
  /** When it started (ISO instant): only what falls due from that day on is posted. */
  readonly since: string;
  /** Set when the channel can no longer be posted to; cleared by subscribing again. */
  readonly unreachable?: { readonly at: string; readonly reason: string };
  /** A lasting problem that does not stop posts (see `PostOutcome.caveat`), since `at`; cleared when a post finds it gone. */
  readonly caveat?: { readonly at: string; readonly text: string };
  /** Also keep a platform event (Discord: a server's scheduled event) for each upcoming deadline. */
  readonly events?: boolean;
  /** Ids of the only entries (agreements) it follows; absent: every one. */
  readonly agreements?: readonly string[];
}

/**
 * A platform event the bot keeps for a deadline (Discord: a guild scheduled
 * event), so that it is updated or removed rather than created again, across
 * restarts. `scope` is where the platform keeps such events (a guild).
 */
export interface EventRecord {
  /** `platform:scope:deadlineId`. */
  readonly key: string;
  readonly platform: Platform;
  readonly scope: string;
  readonly deadlineId: string;
  /** The platform's id of the event. */
  readonly eventId: string;
  /** What the event said when last written (date, status, text): a change means an update. */
  readonly fingerprint: string;
  readonly at: string;
}

/**
 * pending: recorded, being posted (after a crash: not repeated);
 * sent; failed (permanent: the channel is gone); superseded (a later reminder
 * for the same deadline went out instead); unknown (left pending longer than
 * a post can take, by a process that stopped mid-post: it may or may not have
 * gone out, and is not repeated; `npm run report` lists it).
 */
export type PostState = 'pending' | 'sent' | 'failed' | 'superseded' | 'unknown';

export interface PostRecord {
  readonly key: string;
  readonly channel: ChannelRef;
  /** `notice`: an inbox item's notice in the curators' channel. */
  readonly kind: 'reminder' | 'announcement' | 'notice';
  readonly state: PostState;
  readonly at: string;
  readonly detail?: string;
}

export interface FeedbackRecord {
  readonly id: string;
  readonly at: string;
  readonly kind: 'vote' | 'declined';
  /** The rated answer: a second vote by the same person on it replaces the first. */
  readonly answerId?: string;
  readonly vote?: 'up' | 'down';
  readonly reason?: string;
  readonly question: string;
  readonly answer: string;
  readonly citations: readonly { readonly source: string; readonly locator: string; readonly quote: string }[];
  readonly kbVersion: string;
  /** Where it was given (`cli` for the command-line tools). */
  readonly platform: Platform;
  /** A salted hash of who gave it, never a name or id. */
  readonly user?: string;
}

/** Something to announce: an entry that is new or changed, or a development recorded on one. */
export interface AnnouncementRecord {
  readonly id: string;
  readonly entryId: string;
  readonly change: 'new' | 'changed' | 'development';
  readonly hash: string;
  readonly at: string;
  /** For a development: its id (`ENTRY:KIND:DATE`). */
  readonly developmentId?: string;
}

/**
 * An item a watched feed offered that touches the knowledge base, waiting for
 * a curator: accepted (it became a source) or dismissed. Kept after either, so
 * that the feed's next poll does not bring it back.
 */
export interface InboxItem {
  /** Short and stable: what `kb -- accept` and `kb -- dismiss` take. */
  readonly id: string;
  /** The feed's guid (RSS), id (Atom) or document number (Federal Register), else the URL: what deduplicates it. */
  readonly key: string;
  readonly url: string;
  readonly title: string;
  /** The feed it came from. */
  readonly feed: string;
  /** Who published it, as the feed says (the feed's title, the Federal Register's agencies). */
  readonly publisher?: string;
  /** The day it was published, when the feed says (YYYY-MM-DD). */
  readonly published?: string;
  /** Its description or abstract, shortened. */
  readonly summary?: string;
  /** Ids of the entries whose name, alias or party it mentions. */
  readonly entries: readonly string[];
  /** Curator-set keywords of the glossary it mentions. */
  readonly keywords: readonly string[];
  /** When the watcher found it (ISO instant). */
  readonly found: string;
  readonly state: 'waiting' | 'accepted' | 'dismissed';
  /** When accepted or dismissed, and (accepted) the source it became. */
  readonly settled?: { readonly at: string; readonly source?: string };
}

/**
 * What a workspace granted the app when it was installed there (Slack's
 * OAuth): the platform's own installation record, tokens included, kept whole
 * and opaque to the store. `scope` is where it is installed, in the
 * platform's terms (Slack: `team:T…`, or `enterprise:E…` for an
 * organisation-wide install); one installation per platform and scope.
 */
export interface InstallationRecord {
  readonly platform: Platform;
  readonly scope: string;
  /** The platform's record, as JSON. It holds credentials: never logged, never shown. */
  readonly data: Readonly<Record<string, unknown>>;
  /** When it was installed (or last installed again). */
  readonly at: string;
}

/**
 * Every write either lands whole or rejects with a `StoreWriteError` and
 * changes nothing (see `LowdbStore`, `PgStore`). Every read is async: a
 * shared database answers over the network. Reads and writes by several
 * processes on one PostgreSQL database are safe; the lowdb file has one.
 * The same contract suite runs on both (`tests/store/contract.test.ts`).
 */
export interface Store {
  /** Which implementation, for the start-up log line: `lowdb FILE` or `postgres HOST/DB`. */
  readonly description: string;
  subscriptions(): Promise<readonly Subscription[]>;
  subscription(channel: ChannelRef): Promise<Subscription | undefined>;
  /**
   * `events` turns events on or off; `agreements` sets the entries followed
   * (null: every one). Either left out stays as it was.
   */
  subscribe(channel: ChannelRef, topics: readonly Topic[], at: Date, options?: { readonly events?: boolean; readonly agreements?: readonly string[] | null }): Promise<Subscription>;
  unsubscribe(channel: ChannelRef): Promise<boolean>;
  markUnreachable(channel: ChannelRef, reason: string, at: Date): Promise<void>;
  /** Records (text) or clears (undefined) a subscription's caveat. */
  noteCaveat(channel: ChannelRef, text: string | undefined, at: Date): Promise<void>;

  /**
   * Records a post before it is made. False when it was recorded before (by
   * this process or any other on the same store): it must not be posted again.
   */
  claimPost(record: Omit<PostRecord, 'state'>): Promise<boolean>;
  settlePost(key: string, state: Exclude<PostState, 'pending'>, detail?: string): Promise<void>;
  /** Forgets a claim whose post failed for a passing reason, so a later tick may try again. */
  releasePost(key: string): Promise<void>;
  /**
   * Posts still pending that were claimed before `claimedBefore` (longer ago
   * than any post takes: their process stopped mid-post), settled as
   * `unknown`, each once, whichever process asks; returns those it settled.
   */
  settleStalePosts(claimedBefore: Date, detail: string): Promise<readonly PostRecord[]>;
  post(key: string): Promise<PostRecord | undefined>;
  posts(): Promise<readonly PostRecord[]>;

  eventRecords(): Promise<readonly EventRecord[]>;
  putEventRecord(record: EventRecord): Promise<void>;
  deleteEventRecord(key: string): Promise<void>;

  /** The entry hashes last seen (and, under `development:ID` keys, the developments), or undefined before the first run. */
  knownEntries(): Promise<Readonly<Record<string, string>> | undefined>;
  /** Announcements are kept by id: one recorded before (by another process) is not recorded twice. */
  recordKnowledge(entries: Readonly<Record<string, string>>, announcements: readonly AnnouncementRecord[]): Promise<void>;
  announcements(): Promise<readonly AnnouncementRecord[]>;

  /** The inbox of watched feeds' items, oldest first, whatever their state. */
  inbox(): Promise<readonly InboxItem[]>;
  /**
   * Adds the items not already there (the same key or URL, in any state, is
   * the same item), atomically; returns those added. A dismissed item is
   * never brought back.
   */
  addToInbox(items: readonly Omit<InboxItem, 'state'>[]): Promise<readonly InboxItem[]>;
  /** Marks an item accepted (with the source it became) or dismissed; undefined when no item has that id. */
  settleInboxItem(id: string, state: 'accepted' | 'dismissed', at: Date, source?: string): Promise<InboxItem | undefined>;

  /* Installations (Slack in many workspaces). */
  /** Keeps an installation, replacing any earlier one of the same platform and scope (installing again). */
  putInstallation(record: InstallationRecord): Promise<void>;
  installation(platform: Platform, scope: string): Promise<InstallationRecord | undefined>;
  /** Forgets an installation and its tokens (uninstalled, tokens revoked); false when there was none. */
  deleteInstallation(platform: Platform, scope: string): Promise<boolean>;

  /**
   * A vote replaces the same person's earlier vote on the same answer.
   * Declined questions are written in batches and only the newest
   * `MAX_DECLINED_KEPT` are kept (`policy.ts`).
   */
  recordFeedback(record: Omit<FeedbackRecord, 'id'>): Promise<FeedbackRecord>;
  feedback(): Promise<readonly FeedbackRecord[]>;
  /** Salted hash of a user id: feedback is attributable to "the same person", never to a name. The salt is read at open. */
  userHash(platform: string, userId: string): string;

  close(): Promise<void>;
}

export function channelKey(channel: ChannelRef): string {
  return `${channel.platform}:${channel.channelId}`;
}

/**
 * The store could not save a change (disk full, read-only, permission
 * denied): nothing changed, in memory or on disk, and asking again later may
 * work. A `UserError`, because the asker can do something about it (try again
 * later) and must hear that it was not saved — neither a false "done" nor the
 * apology for a bug. The core turns it into a polite reply wherever a command
 * or a vote wanted to write; `errno` and the cause are for the log.
 */
export class StoreWriteError extends UserError {
  /** The operating system's code (ENOSPC, EROFS, EACCES…) or the database's (ECONNREFUSED, 57P01…), when there is one. */
  readonly errno: string | undefined;
  constructor(
    /** The data file, or the database (`postgres HOST/DB`, never its password). */
    readonly file: string,
    override readonly cause: unknown,
    message = 'Sorry, I could not save that just now: my data store is not accepting changes, so nothing was recorded.',
  ) {
    super('UNAVAILABLE', message, 'Please try again later; whoever runs policybot has been told why.');
    const code = (cause as { code?: unknown } | undefined)?.code;
    this.errno = typeof code === 'string' ? code : undefined;
  }
}

export function isStoreWriteError(error: unknown): error is StoreWriteError {
  return error instanceof StoreWriteError;
}

/**
 * The database did not answer a read (it is down or unreachable). A
 * `StoreWriteError` as far as callers go: nothing was changed, the asker
 * hears that the store is unavailable, and the scheduler waits for a later
 * tick, as with a refused write.
 */
export class StoreUnavailableError extends StoreWriteError {
  constructor(where: string, cause: unknown) {
    super(where, cause, 'Sorry, I could not do that just now: my data store is not answering, so nothing was looked up or recorded.');
  }
}
