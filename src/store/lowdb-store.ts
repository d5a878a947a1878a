import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { OperatorError } from '../core/errors.ts';
import { errnoCode, fileErrorReason, readTextFile } from '../core/files.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { acquireLock } from './lock.ts';
import { Batcher, keepNewestDeclined, MAX_DECLINED_KEPT, nextSubscription } from './policy.ts';
import { StoreFileSchema, type StoreFile } from './schema.ts';
import { channelKey, StoreWriteError, type AnnouncementRecord, type ChannelRef, type EventRecord, type FeedbackRecord, type InboxItem, type InstallationRecord, type Platform, type PostRecord, type Store, type Subscription, type Topic } from './store.ts';

/** The data file exists but is not a store: start-up stops, and the file is left as it is. */
export class StoreFileError extends OperatorError {
  readonly code = 'STORE_INVALID';
  constructor(readonly file: string, reason: string) {
    super(`${file} is not a valid policybot data file: ${reason}. It was left untouched; fix or move it, then start again.`);
    this.name = 'StoreFileError';
  }
}

/**
 * The data file cannot be used where POLICYBOT_DATA puts it: a part of the
 * path is a file, or the folder is read-only or not writable. Said with the
 * variable and what to do, not as an errno with a stack.
 */
export class StoreOpenError extends OperatorError {
  readonly code = 'STORE_UNUSABLE';
  constructor(readonly file: string, cause: unknown) {
    super(`POLICYBOT_DATA=${file} cannot be used: ${unusableBecause(file, cause)}. Set POLICYBOT_DATA to a file in a folder this user can write to (or fix that folder).`, { cause });
    this.name = 'StoreOpenError';
  }
}

function unusableBecause(file: string, cause: unknown): string {
  const folder = path.dirname(file);
  switch (errnoCode(cause)) {
    case 'ENOTDIR':
    case 'EEXIST':
      return `a part of ${folder} is a file, not a folder`;
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return `this user may not write in ${folder}`;
    case 'EROFS':
      return `${folder} is on a read-only file system`;
    default:
      return fileErrorReason(cause);
  }
}

type StoredFeedback = StoreFile['feedback'][number];

/**
 * Under a flood of declined questions, batches are written at most once a
 * second. Each batch rewrites the whole file (a thousand declined questions
 * kept are about half a megabyte), and its `JSON.stringify` and `Buffer` hold
 * the thread that acknowledges Slack's requests: written back to back, they
 * were 15 % of that thread's work at 200 requests a second. A crash loses at
 * most the last second of them, which are telemetry for `npm run report`.
 */
const DECLINED_SPACING_MS = 1000;

/** Kept here too for the tests and tools that import it from the lowdb store. */
export { MAX_DECLINED_KEPT };

function emptyStore(): StoreFile {
  return { version: 1, salt: randomBytes(16).toString('hex'), subscriptions: [], posts: {}, events: {}, installations: {}, knownEntries: null, announcements: [], inbox: [], feedback: [] };
}

export interface LowdbStoreOptions {
  /**
   * What reads and writes the file (default: lowdb's `JSONFile`, an atomic
   * write through a temporary file). Tests hand in one that fails the way a
   * full or read-only disk does: they run as root, where permissions stop nothing.
   */
  readonly adapter?: (file: string) => Adapter<StoreFile>;
  /** Where a refused write is reported (default: JSON lines on stderr, like the bot's own log). */
  readonly log?: Logger;
}

/**
 * The store as one lowdb JSON file. Writes go through lowdb's atomic write
 * (a temporary file renamed over the old one), one at a time in call order, so
 * concurrent changes all land and a crash loses at most the change in flight.
 *
 * A write the disk refuses (ENOSPC, EROFS, EACCES…) is undone in memory as
 * well: the store goes back to what the file holds, which the failed write
 * never touched (it failed on the temporary file, or before the rename), and
 * the caller gets a `StoreWriteError`. Rolling back rather than keeping the
 * change to write later is deliberate: whoever asked is told it was not saved
 * and can ask again, memory never claims what a restart would forget, and a
 * post claim that did not persist is not treated as made (the scheduler tries
 * it again on a later tick instead of losing it or posting it twice).
 */
export class LowdbStore implements Store {
  private queue: Promise<unknown> = Promise.resolve();
  /** Declined questions, written in batches (`policy.ts`), at most one a second (`DECLINED_SPACING_MS`). */
  private readonly declined = new Batcher<StoredFeedback>((batch) => this.writeDeclined(batch), { spacingMs: DECLINED_SPACING_MS });

  private constructor(
    private readonly file: string,
    private readonly db: Low<StoreFile>,
    private readonly unlock: () => Promise<void>,
    private readonly log: Logger,
  ) {}

  static async open(file: string, options: LowdbStoreOptions = {}): Promise<LowdbStore> {
    // A file system that refuses the folder, the lock or the first write is a setting to fix, not a crash.
    const unusable = (error: unknown): never => {
      throw errnoCode(error) && !(error instanceof OperatorError) ? new StoreOpenError(file, error) : error;
    };
    await mkdir(path.dirname(file), { recursive: true }).catch(unusable);
    const unlock = await acquireLock(`${file}.lock`, file).catch(unusable);
    try {
      // A temporary file left by a crash mid-write is incomplete by definition; the last complete file is `file` itself.
      await rm(path.join(path.dirname(file), `.${path.basename(file)}.tmp`), { force: true });
      const data = await readStoreFile(file);
      const db = new Low<StoreFile>(options.adapter ? options.adapter(file) : new JSONFile<StoreFile>(file), data ?? emptyStore());
      db.data = data ?? emptyStore();
      if (!data) await db.write();
      return new LowdbStore(file, db, unlock, options.log ?? createLogger('warn'));
    } catch (error) {
      await unlock().catch(() => undefined); // the lock may be as unwritable as the rest; the next start takes it over
      throw error instanceof OperatorError || !errnoCode(error) ? error : new StoreOpenError(file, error);
    }
  }

  get description(): string {
    return `lowdb ${this.file}`;
  }

  private get data(): StoreFile {
    return this.db.data;
  }

  /**
   * Applies a change and writes it, after every change queued before it. When
   * `unchanged` says the change did nothing, nothing is written. A failed
   * write puts back the data as it was before this change, which is what the
   * file holds: every change before it was written, or undone in turn.
   * `remember` takes what undoing needs before the change runs: by default a
   * copy of everything, which a change that never edits in place can skip.
   */
  private change<T>(mutate: (data: StoreFile) => T, unchanged?: (result: T) => boolean, remember: (data: StoreFile) => () => void = this.copyOfEverything): Promise<T> {
    const run = this.queue.then(async () => {
      const undo = remember(this.data);
      try {
        const result = mutate(this.data);
        if (unchanged?.(result)) return result;
        await this.db.write();
        return result;
      } catch (error) {
        undo();
        throw this.writeFailed(error);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private readonly copyOfEverything = (data: StoreFile): (() => void) => {
    const before = structuredClone(data);
    return () => void (this.db.data = before);
  };

  private writeFailed(error: unknown): unknown {
    if (!isSystemError(error)) return error; // a bug in a change, not the disk: undone all the same, and left as it is
    const failure = new StoreWriteError(this.file, error);
    // A warning: the bot keeps answering, and whoever asked to save something was told it was not saved.
    this.log.warn('store: could not write the data file; the change was undone and the file left as it was', { file: this.file, errno: failure.errno ?? 'unknown', error });
    return failure;
  }

  async subscriptions(): Promise<readonly Subscription[]> {
    return this.data.subscriptions;
  }

  async subscription(channel: ChannelRef): Promise<Subscription | undefined> {
    return this.data.subscriptions.find((s) => channelKey(s.channel) === channelKey(channel));
  }

  subscribe(channel: ChannelRef, topics: readonly Topic[], at: Date, options: { readonly events?: boolean; readonly agreements?: readonly string[] | null } = {}): Promise<Subscription> {
    return this.change((data) => {
      const i = data.subscriptions.findIndex((s) => channelKey(s.channel) === channelKey(channel));
      const next = nextSubscription(i >= 0 ? data.subscriptions[i] : undefined, channel, topics, at, options);
      const { agreements, ...rest } = next;
      const subscription = { ...rest, topics: [...next.topics], ...(agreements ? { agreements: [...agreements] } : {}) };
      if (i >= 0) data.subscriptions[i] = subscription;
      else data.subscriptions.push(subscription);
      return subscription;
    });
  }

  unsubscribe(channel: ChannelRef): Promise<boolean> {
    return this.change(
      (data) => {
        const before = data.subscriptions.length;
        data.subscriptions = data.subscriptions.filter((s) => channelKey(s.channel) !== channelKey(channel));
        return data.subscriptions.length < before;
      },
      (removed) => !removed,
    );
  }

  markUnreachable(channel: ChannelRef, reason: string, at: Date): Promise<void> {
    return this.change((data) => {
      const s = data.subscriptions.find((x) => channelKey(x.channel) === channelKey(channel));
      if (s) s.unreachable = { at: at.toISOString(), reason };
    });
  }

  async eventRecords(): Promise<readonly EventRecord[]> {
    return Object.values(this.data.events) as EventRecord[];
  }

  putEventRecord(record: EventRecord): Promise<void> {
    return this.change((data) => {
      data.events[record.key] = { ...record };
    });
  }

  async deleteEventRecord(key: string): Promise<void> {
    await this.change(
      (data) => {
        const had = key in data.events;
        delete data.events[key];
        return had;
      },
      (had) => !had,
    );
  }

  noteCaveat(channel: ChannelRef, text: string | undefined, at: Date): Promise<void> {
    return this.change((data) => {
      const s = data.subscriptions.find((x) => channelKey(x.channel) === channelKey(channel));
      if (!s) return;
      if (text === undefined) delete s.caveat;
      else s.caveat = { at: at.toISOString(), text };
    });
  }

  claimPost(record: Omit<PostRecord, 'state'>): Promise<boolean> {
    return this.change(
      (data) => {
        if (data.posts[record.key]) return false;
        data.posts[record.key] = { ...record, channel: { ...record.channel }, state: 'pending' };
        return true;
      },
      (claimed) => !claimed,
    );
  }

  settlePost(key: string, state: Exclude<PostRecord['state'], 'pending'>, detail?: string): Promise<void> {
    return this.change((data) => {
      const post = data.posts[key];
      if (post) data.posts[key] = { ...post, state, ...(detail ? { detail } : {}) };
    });
  }

  releasePost(key: string): Promise<void> {
    return this.change((data) => {
      delete data.posts[key];
    });
  }

  settleStalePosts(claimedBefore: Date, detail: string): Promise<readonly PostRecord[]> {
    const before = claimedBefore.toISOString();
    return this.change(
      (data) => {
        const stale = Object.values(data.posts).filter((p) => p.state === 'pending' && p.at < before);
        for (const p of stale) data.posts[p.key] = { ...p, state: 'unknown', detail };
        return stale.map((p) => data.posts[p.key]!);
      },
      (stale) => stale.length === 0,
    );
  }

  async post(key: string): Promise<PostRecord | undefined> {
    return this.data.posts[key];
  }

  async posts(): Promise<readonly PostRecord[]> {
    return Object.values(this.data.posts);
  }

  async knownEntries(): Promise<Readonly<Record<string, string>> | undefined> {
    return this.data.knownEntries ?? undefined;
  }

  recordKnowledge(entries: Readonly<Record<string, string>>, announcements: readonly AnnouncementRecord[]): Promise<void> {
    return this.change((data) => {
      data.knownEntries = { ...entries };
      const ids = new Set(data.announcements.map((a) => a.id));
      data.announcements.push(...announcements.filter((a) => !ids.has(a.id)).map((a) => ({ ...a })));
    });
  }

  async announcements(): Promise<readonly AnnouncementRecord[]> {
    return this.data.announcements;
  }

  async inbox(): Promise<readonly InboxItem[]> {
    return this.data.inbox;
  }

  addToInbox(items: readonly Omit<InboxItem, 'state'>[]): Promise<readonly InboxItem[]> {
    return this.change(
      (data) => {
        const keys = new Set(data.inbox.flatMap((i) => [i.key, i.url]));
        const ids = new Set(data.inbox.map((i) => i.id));
        const added: InboxItem[] = [];
        for (const item of items) {
          if (keys.has(item.key) || keys.has(item.url) || ids.has(item.id)) continue;
          const stored = { ...item, entries: [...item.entries], keywords: [...item.keywords], state: 'waiting' as const };
          data.inbox.push(stored);
          added.push(stored);
          keys.add(item.key).add(item.url);
          ids.add(item.id);
        }
        return added;
      },
      (added) => added.length === 0,
    );
  }

  settleInboxItem(id: string, state: 'accepted' | 'dismissed', at: Date, source?: string): Promise<InboxItem | undefined> {
    return this.change(
      (data) => {
        const i = data.inbox.findIndex((x) => x.id === id);
        if (i < 0) return undefined;
        const settled = { ...data.inbox[i]!, state, settled: { at: at.toISOString(), ...(source ? { source } : {}) } };
        data.inbox[i] = settled;
        return settled;
      },
      (settled) => settled === undefined,
    );
  }

  putInstallation(record: InstallationRecord): Promise<void> {
    return this.change((data) => {
      data.installations[installationKey(record.platform, record.scope)] = { ...record, data: structuredClone(record.data) as Record<string, unknown> };
    });
  }

  async installation(platform: Platform, scope: string): Promise<InstallationRecord | undefined> {
    const kept = this.data.installations[installationKey(platform, scope)];
    // A copy: the caller may not edit the store's own record in place.
    return kept ? structuredClone(kept) : undefined;
  }

  deleteInstallation(platform: Platform, scope: string): Promise<boolean> {
    return this.change(
      (data) => {
        const key = installationKey(platform, scope);
        const had = key in data.installations;
        delete data.installations[key];
        return had;
      },
      (had) => !had,
    );
  }

  recordFeedback(record: Omit<FeedbackRecord, 'id'>): Promise<FeedbackRecord> {
    const stored: StoredFeedback = { id: randomUUID(), ...record, citations: record.citations.map((c) => ({ ...c })) };
    if (record.kind === 'declined') return this.recordDeclined(stored);
    return this.change((data) => {
      // One vote per person per answer: changing one's mind replaces the earlier vote.
      const earlier = record.kind === 'vote' && record.answerId && record.user ? data.feedback.findIndex((f) => f.kind === 'vote' && f.answerId === record.answerId && f.user === record.user) : -1;
      if (earlier >= 0) data.feedback[earlier] = stored;
      else data.feedback.push(stored);
      return stored;
    });
  }

  private async recordDeclined(stored: StoredFeedback): Promise<FeedbackRecord> {
    await this.declined.add(stored);
    return stored;
  }

  /** One write for a batch of declined questions, keeping the newest (`policy.ts`). */
  private writeDeclined(batch: readonly StoredFeedback[]): Promise<void> {
    return this.change(
      (data) => {
        data.feedback = keepNewestDeclined([...data.feedback, ...batch]);
      },
      undefined,
      // A new list replaces the old one, which is all undoing needs: no copy of the whole store per batch.
      (data) => {
        const feedback = data.feedback;
        return () => void (this.data.feedback = feedback);
      },
    );
  }

  async feedback(): Promise<readonly FeedbackRecord[]> {
    return this.data.feedback;
  }

  userHash(platform: string, userId: string): string {
    return createHash('sha256').update(`${this.data.salt}:${platform}:${userId}`).digest('hex').slice(0, 24);
  }

  async close(): Promise<void> {
    await this.declined.settled();
    await this.queue;
    // A lock that cannot be removed (the disk turned read-only) must not keep the bot from stopping: the next start takes over a lock whose process is gone.
    await this.unlock().catch((error: unknown) => this.log.warn('store: could not remove the lock file; the next start takes it over', { file: `${this.file}.lock`, error: error instanceof Error ? error : String(error) }));
  }
}

function installationKey(platform: Platform, scope: string): string {
  return `${platform}:${scope}`;
}

/** An error from the file system (it carries an errno code), as opposed to a bug in a change. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/**
 * The file's data, validated; undefined when there is no file yet. Never
 * rewrites a file it cannot read. Reading takes no lock and changes nothing,
 * so `npm run report` may read the file of a running bot (writes replace it
 * whole, by renaming, so a read sees the file before or after a change).
 */
export async function readStoreFile(file: string): Promise<StoreFile | undefined> {
  let text: string;
  try {
    // An editor may have saved the file with a byte-order mark: it is still the same JSON.
    text = await readTextFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!text.trim()) throw new StoreFileError(file, 'it is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StoreFileError(file, `it is not JSON (${(error as Error).message})`);
  }
  // lowdb would silently replace `null` with defaults: refuse it like any other bad content.
  const parsed = StoreFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StoreFileError(file, `${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return parsed.data;
}
