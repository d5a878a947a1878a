import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { OperatorError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import type { Secret } from '../core/secret.ts';
import { migrate } from './pg/migrations.ts';
import { Batcher, MAX_DECLINED_KEPT, nextSubscription } from './policy.ts';
import {
  channelKey,
  StoreUnavailableError,
  StoreWriteError,
  type AnnouncementRecord,
  type ChannelRef,
  type EventRecord,
  type FeedbackRecord,
  type InboxItem,
  type InstallationRecord,
  type Platform,
  type PostRecord,
  type PostState,
  type Store,
  type Subscription,
  type Topic,
} from './store.ts';

/** The database cannot be used at start (refused, unknown, wrong password): said with the variable, not as a stack. */
export class DatabaseOpenError extends OperatorError {
  readonly code = 'DATABASE_UNUSABLE';
  constructor(where: string, cause: unknown) {
    super(`POLICYBOT_DATABASE_URL (${where}) cannot be used: ${cause instanceof Error ? cause.message : String(cause)}. Check that PostgreSQL runs there and the URL's user, password and database are right.`, { cause });
    this.name = 'DatabaseOpenError';
  }
}

export interface PgStoreOptions {
  readonly log: Logger;
  /** Connections this process keeps (default 10). */
  readonly maxConnections?: number;
  /** How long a query waits for a connection before the store counts as unavailable (default 5 s). */
  readonly connectTimeoutMs?: number;
}

/** `postgres HOST:PORT/DB`: where the store is, for logs and messages, without the password. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `postgres ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'postgres (an unreadable URL)';
  }
}

/**
 * SQLSTATE classes and socket errors that mean "the database is not there
 * just now" (down, restarting, unreachable, out of connections), as opposed to
 * a bug in a query: those become `StoreWriteError`s, said politely to whoever
 * asked, and the pool reconnects on a later query.
 */
export function isDatabaseDown(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') {
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENOENT)$/.test(code)) return true;
    // 08: connection exception; 53: insufficient resources; 57P01–57P03: shut down, crashed, starting up.
    if (/^(08|53|57P0[1-3])/.test(code)) return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i.test(message);
}

type Queryable = pg.Pool | pg.PoolClient;

/**
 * The store in PostgreSQL, shared by every instance pointed at the same
 * database. Each write is one statement or one transaction, so it lands whole
 * or not at all, and what must happen once (a post claim, a migration, an
 * announcement, a vote per person per answer) is a unique key the database
 * enforces, not a check in this process. Records are kept as JSON documents
 * beside the few columns queries need, in the order they were first written.
 *
 * When the database goes away, `pg`'s pool drops the broken connections
 * (its `error` event, logged here) and every read or write fails fast with a
 * `StoreWriteError` (`StoreUnavailableError` for reads): the asker hears that
 * nothing was saved, the scheduler waits for a later tick, and the next query
 * after the database is back opens a new connection: nothing to restart.
 */
export class PgStore implements Store {
  readonly description: string;
  private readonly declined = new Batcher<FeedbackRecord>((batch) => this.writeDeclined(batch));

  private constructor(
    private readonly pool: pg.Pool,
    private readonly salt: string,
    private readonly log: Logger,
    where: string,
  ) {
    this.description = where;
  }

  /** Connects, applies the migrations the database lacks (under an advisory lock), and reads the salt every instance shares. */
  static async open(url: Secret | string, options: PgStoreOptions): Promise<PgStore> {
    const connectionString = typeof url === 'string' ? url : url.reveal();
    const where = describeDatabase(connectionString);
    const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 5000, idleTimeoutMillis: 30_000 });
    // An idle connection the server closed (it stopped or restarted) must not bring the process down: the pool drops it and opens another when asked.
    pool.on('error', (error) => options.log.warn('store: a database connection was lost; a new one is opened on the next query', { store: where, error: error.message }));
    try {
      const applied = await migrate(pool);
      if (applied.length > 0) options.log.info('store: database migrated', { store: where, versions: applied });
      await pool.query("INSERT INTO policybot_meta (key, value) VALUES ('salt', $1) ON CONFLICT (key) DO NOTHING", [randomBytes(16).toString('hex')]);
      const salt = (await pool.query<{ value: string }>("SELECT value FROM policybot_meta WHERE key = 'salt'")).rows[0]!.value;
      return new PgStore(pool, salt, options.log, where);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error instanceof OperatorError ? error : new DatabaseOpenError(where, error);
    }
  }

  /** A read; a database that is not there is `StoreUnavailableError`. */
  private async read<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw this.failed(error, 'read');
    }
  }

  /** A write in one statement, or a transaction when `work` is a function; lands whole or throws `StoreWriteError`. */
  private async write<T>(work: (db: Queryable) => Promise<T>, transaction = false): Promise<T> {
    let client: pg.PoolClient | undefined;
    let broken = false;
    try {
      if (!transaction) return await work(this.pool);
      client = await this.pool.connect();
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (client) await client.query('ROLLBACK').catch(() => (broken = true));
      broken ||= isDatabaseDown(error);
      throw this.failed(error, 'write');
    } finally {
      // A connection that failed mid-transaction is closed rather than handed to the next query.
      client?.release(broken);
    }
  }

  private failed(error: unknown, what: 'read' | 'write'): unknown {
    if (!isDatabaseDown(error)) return error; // a bug in a query: left as it is
    const failure = what === 'write' ? new StoreWriteError(this.description, error) : new StoreUnavailableError(this.description, error);
    this.log.warn(`store: the database did not answer a ${what}; nothing was changed`, { store: this.description, errno: failure.errno ?? 'unknown', error: error instanceof Error ? error.message : String(error) });
    return failure;
  }

  async subscriptions(): Promise<readonly Subscription[]> {
    return (await this.read<{ doc: Subscription }>('SELECT doc FROM policybot_subscriptions ORDER BY seq')).map((r) => r.doc);
  }

  async subscription(channel: ChannelRef): Promise<Subscription | undefined> {
    return (await this.read<{ doc: Subscription }>('SELECT doc FROM policybot_subscriptions WHERE channel_key = $1', [channelKey(channel)]))[0]?.doc;
  }

  subscribe(channel: ChannelRef, topics: readonly Topic[], at: Date, options: { readonly events?: boolean; readonly agreements?: readonly string[] | null } = {}): Promise<Subscription> {
    return this.write(async (db) => {
      const key = channelKey(channel);
      const previous = (await db.query<{ doc: Subscription }>('SELECT doc FROM policybot_subscriptions WHERE channel_key = $1 FOR UPDATE', [key])).rows[0]?.doc;
      const subscription = nextSubscription(previous, channel, topics, at, options);
      // Replaced in place: a channel keeps its place in the list.
      await db.query('INSERT INTO policybot_subscriptions (channel_key, doc) VALUES ($1, $2) ON CONFLICT (channel_key) DO UPDATE SET doc = EXCLUDED.doc', [key, subscription]);
      return subscription;
    }, true);
  }

  unsubscribe(channel: ChannelRef): Promise<boolean> {
    return this.write(async (db) => ((await db.query('DELETE FROM policybot_subscriptions WHERE channel_key = $1', [channelKey(channel)])).rowCount ?? 0) > 0);
  }

  async markUnreachable(channel: ChannelRef, reason: string, at: Date): Promise<void> {
    await this.write((db) => db.query("UPDATE policybot_subscriptions SET doc = doc || jsonb_build_object('unreachable', jsonb_build_object('at', $2::text, 'reason', $3::text)) WHERE channel_key = $1", [channelKey(channel), at.toISOString(), reason]));
  }

  async noteCaveat(channel: ChannelRef, text: string | undefined, at: Date): Promise<void> {
    await this.write((db) =>
      text === undefined
        ? db.query("UPDATE policybot_subscriptions SET doc = doc - 'caveat' WHERE channel_key = $1", [channelKey(channel)])
        : db.query("UPDATE policybot_subscriptions SET doc = doc || jsonb_build_object('caveat', jsonb_build_object('at', $2::text, 'text', $3::text)) WHERE channel_key = $1", [channelKey(channel), at.toISOString(), text]),
    );
  }

  claimPost(record: Omit<PostRecord, 'state'>): Promise<boolean> {
    const doc: PostRecord = { ...record, channel: { ...record.channel }, state: 'pending' };
    // The unique key decides: of several instances claiming the same post, exactly one inserts the row.
    return this.write(async (db) => ((await db.query("INSERT INTO policybot_posts (key, state, at, doc) VALUES ($1, 'pending', $2, $3) ON CONFLICT (key) DO NOTHING", [record.key, record.at, doc])).rowCount ?? 0) === 1);
  }

  async settlePost(key: string, state: Exclude<PostState, 'pending'>, detail?: string): Promise<void> {
    await this.write((db) => db.query('UPDATE policybot_posts SET state = $2, doc = doc || $3::jsonb WHERE key = $1', [key, state, JSON.stringify({ state, ...(detail ? { detail } : {}) })]));
  }

  async releasePost(key: string): Promise<void> {
    await this.write((db) => db.query('DELETE FROM policybot_posts WHERE key = $1', [key]));
  }

  settleStalePosts(claimedBefore: Date, detail: string): Promise<readonly PostRecord[]> {
    // One statement: of instances sweeping at once, each row is settled (and returned) by exactly one.
    return this.write(async (db) =>
      (
        await db.query<{ doc: PostRecord }>(
          "UPDATE policybot_posts SET state = 'unknown', doc = doc || jsonb_build_object('state', 'unknown', 'detail', $2::text) WHERE state = 'pending' AND at < $1 RETURNING doc",
          [claimedBefore.toISOString(), detail],
        )
      ).rows.map((r) => r.doc),
    );
  }

  async post(key: string): Promise<PostRecord | undefined> {
    return (await this.read<{ doc: PostRecord }>('SELECT doc FROM policybot_posts WHERE key = $1', [key]))[0]?.doc;
  }

  async posts(): Promise<readonly PostRecord[]> {
    return (await this.read<{ doc: PostRecord }>('SELECT doc FROM policybot_posts ORDER BY seq')).map((r) => r.doc);
  }

  async eventRecords(): Promise<readonly EventRecord[]> {
    return (await this.read<{ doc: EventRecord }>('SELECT doc FROM policybot_events ORDER BY seq')).map((r) => r.doc);
  }

  async putEventRecord(record: EventRecord): Promise<void> {
    await this.write((db) => db.query('INSERT INTO policybot_events (key, doc) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc', [record.key, { ...record }]));
  }

  async deleteEventRecord(key: string): Promise<void> {
    await this.write((db) => db.query('DELETE FROM policybot_events WHERE key = $1', [key]));
  }

  async putInstallation(record: InstallationRecord): Promise<void> {
    await this.write((db) =>
      db.query('INSERT INTO policybot_installations (platform, scope, doc) VALUES ($1, $2, $3) ON CONFLICT (platform, scope) DO UPDATE SET doc = EXCLUDED.doc', [record.platform, record.scope, { ...record }]),
    );
  }

  async installation(platform: Platform, scope: string): Promise<InstallationRecord | undefined> {
    return (await this.read<{ doc: InstallationRecord }>('SELECT doc FROM policybot_installations WHERE platform = $1 AND scope = $2', [platform, scope]))[0]?.doc;
  }

  async deleteInstallation(platform: Platform, scope: string): Promise<boolean> {
    const result = await this.write((db) => db.query('DELETE FROM policybot_installations WHERE platform = $1 AND scope = $2', [platform, scope]));
    return (result.rowCount ?? 0) > 0;
  }

  async knownEntries(): Promise<Readonly<Record<string, string>> | undefined> {
    const row = (await this.read<{ value: string }>("SELECT value FROM policybot_meta WHERE key = 'knownEntries'"))[0];
    return row ? (JSON.parse(row.value) as Record<string, string>) : undefined;
  }

  async recordKnowledge(entries: Readonly<Record<string, string>>, announcements: readonly AnnouncementRecord[]): Promise<void> {
    await this.write(async (db) => {
      await db.query("INSERT INTO policybot_meta (key, value) VALUES ('knownEntries', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [JSON.stringify(entries)]);
      // Instances noting the same change each compute the same announcement ids: the first one recorded stands.
      for (const a of announcements) await db.query('INSERT INTO policybot_announcements (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [a.id, { ...a }]);
    }, true);
  }

  async announcements(): Promise<readonly AnnouncementRecord[]> {
    return (await this.read<{ doc: AnnouncementRecord }>('SELECT doc FROM policybot_announcements ORDER BY seq')).map((r) => r.doc);
  }

  async inbox(): Promise<readonly InboxItem[]> {
    return (await this.read<{ doc: InboxItem }>('SELECT doc FROM policybot_inbox ORDER BY seq')).map((r) => r.doc);
  }

  addToInbox(items: readonly Omit<InboxItem, 'state'>[]): Promise<readonly InboxItem[]> {
    if (items.length === 0) return Promise.resolve([]);
    return this.write(async (db) => {
      // Key or URL, in any state, is the same item: the check and the insert must see one inbox, so one writer at a time.
      await db.query('LOCK TABLE policybot_inbox IN SHARE ROW EXCLUSIVE MODE');
      const rows = (await db.query<{ id: string; key: string; url: string }>('SELECT id, key, url FROM policybot_inbox')).rows;
      const keys = new Set(rows.flatMap((r) => [r.key, r.url]));
      const ids = new Set(rows.map((r) => r.id));
      const added: InboxItem[] = [];
      for (const item of items) {
        if (keys.has(item.key) || keys.has(item.url) || ids.has(item.id)) continue;
        const stored: InboxItem = { ...item, entries: [...item.entries], keywords: [...item.keywords], state: 'waiting' };
        await db.query('INSERT INTO policybot_inbox (id, key, url, doc) VALUES ($1, $2, $3, $4)', [item.id, item.key, item.url, stored]);
        added.push(stored);
        keys.add(item.key).add(item.url);
        ids.add(item.id);
      }
      return added;
    }, true);
  }

  settleInboxItem(id: string, state: 'accepted' | 'dismissed', at: Date, source?: string): Promise<InboxItem | undefined> {
    const change = { state, settled: { at: at.toISOString(), ...(source ? { source } : {}) } };
    return this.write(async (db) => (await db.query<{ doc: InboxItem }>('UPDATE policybot_inbox SET doc = doc || $2::jsonb WHERE id = $1 RETURNING doc', [id, JSON.stringify(change)])).rows[0]?.doc);
  }

  async recordFeedback(record: Omit<FeedbackRecord, 'id'>): Promise<FeedbackRecord> {
    const stored: FeedbackRecord = { id: randomUUID(), ...record, citations: record.citations.map((c) => ({ ...c })) };
    if (record.kind === 'declined') {
      await this.declined.add(stored);
      return stored;
    }
    await this.write((db) =>
      // One vote per person per answer: changing one's mind replaces the earlier vote, in its place.
      db.query(
        `INSERT INTO policybot_feedback (id, kind, answer_id, user_hash, doc) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (answer_id, user_hash) WHERE kind = 'vote' AND answer_id IS NOT NULL AND user_hash IS NOT NULL
         DO UPDATE SET id = EXCLUDED.id, doc = EXCLUDED.doc`,
        [stored.id, stored.kind, stored.answerId ?? null, stored.user ?? null, stored],
      ),
    );
    return stored;
  }

  /** One INSERT for a batch of declined questions, then only the newest `MAX_DECLINED_KEPT` kept (`policy.ts`). */
  private async writeDeclined(batch: readonly FeedbackRecord[]): Promise<void> {
    await this.write(async (db) => {
      await db.query("INSERT INTO policybot_feedback (id, kind, doc) SELECT x->>'id', 'declined', x FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(x, n) ORDER BY n", [JSON.stringify(batch)]);
      await db.query(
        "DELETE FROM policybot_feedback WHERE kind = 'declined' AND seq < (SELECT seq FROM policybot_feedback WHERE kind = 'declined' ORDER BY seq DESC OFFSET $1 LIMIT 1)",
        [MAX_DECLINED_KEPT - 1],
      );
    }, true);
  }

  async feedback(): Promise<readonly FeedbackRecord[]> {
    return (await this.read<{ doc: FeedbackRecord }>('SELECT doc FROM policybot_feedback ORDER BY seq')).map((r) => r.doc);
  }

  userHash(platform: string, userId: string): string {
    return createHash('sha256').update(`${this.salt}:${platform}:${userId}`).digest('hex').slice(0, 24);
  }

  /** The pool, for what shares the database (fair-use counters, deliveries already seen): `shared.ts`. */
  get connections(): pg.Pool {
    return this.pool;
  }

  async close(): Promise<void> {
    await this.declined.settled();
    await this.pool.end();
  }
}
