import type pg from 'pg';

/**
 * The database's tables, as numbered migrations applied at start by the bot
 * itself, never by hand. Each runs in one transaction with its row in
 * `policybot_migrations`; all of them run under a transaction-scoped
 * advisory lock, so instances starting at the same moment on an empty
 * database queue behind the first, find its work done, and all come up.
 *
 * A migration is never edited once released: a change is a new one at the
 * end. Every table is prefixed `policybot_`, so the bot can share a database.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'the store: subscriptions, posts, events, knowledge, inbox, feedback',
    sql: `
      CREATE TABLE policybot_meta (key text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE policybot_subscriptions (channel_key text PRIMARY KEY, seq bigserial NOT NULL, doc jsonb NOT NULL);
      CREATE TABLE policybot_posts (key text PRIMARY KEY, seq bigserial NOT NULL, state text NOT NULL, at timestamptz NOT NULL, doc jsonb NOT NULL);
      CREATE INDEX policybot_posts_pending ON policybot_posts (at) WHERE state = 'pending';
      CREATE TABLE policybot_events (key text PRIMARY KEY, seq bigserial NOT NULL, doc jsonb NOT NULL);
      CREATE TABLE policybot_announcements (id text PRIMARY KEY, seq bigserial NOT NULL, doc jsonb NOT NULL);
      CREATE TABLE policybot_inbox (id text PRIMARY KEY, seq bigserial NOT NULL, key text NOT NULL, url text NOT NULL, doc jsonb NOT NULL);
      CREATE TABLE policybot_feedback (id text PRIMARY KEY, seq bigserial NOT NULL, kind text NOT NULL, answer_id text, user_hash text, doc jsonb NOT NULL);
      CREATE UNIQUE INDEX policybot_feedback_one_vote ON policybot_feedback (answer_id, user_hash) WHERE kind = 'vote' AND answer_id IS NOT NULL AND user_hash IS NOT NULL;
      CREATE INDEX policybot_feedback_declined ON policybot_feedback (seq) WHERE kind = 'declined';
    `,
  },
  {
    version: 2,
    name: 'shared by instances: fair-use counters (rate-limiter-flexible) and platform deliveries already seen',
    sql: `
      CREATE TABLE policybot_rate_limits (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint);
      CREATE TABLE policybot_seen_keys (key text PRIMARY KEY, expires timestamptz NOT NULL);
      CREATE INDEX policybot_seen_keys_expires ON policybot_seen_keys (expires);
    `,
  },
  {
    version: 3,
    name: 'platform installations (Slack in many workspaces): one per platform and scope, tokens inside',
    sql: `
      CREATE TABLE policybot_installations (platform text NOT NULL, scope text NOT NULL, doc jsonb NOT NULL, PRIMARY KEY (platform, scope));
    `,
  },
];

/** Any 64-bit number the bot alone uses: "policybot" in ASCII, as an advisory-lock key. */
const MIGRATION_LOCK = 0x706f6c696379n;

/** Applies the migrations the database lacks; returns the versions applied here (none when another instance did them). */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    // Held until COMMIT or ROLLBACK: a second instance waits here, then sees every version recorded.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
    await client.query('CREATE TABLE IF NOT EXISTS policybot_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM policybot_migrations')).rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) throw new Error(`the database was migrated by a newer policybot (version ${newest}; this one knows up to ${known}): run the newer version, or a database of its own`);
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      // A failure names the migration; everything this start applied rolls back with it.
      await client.query(m.sql).catch((error: unknown) => {
        throw new Error(`migration ${m.version} (${m.name}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
      await client.query('INSERT INTO policybot_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
