import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PLATFORMS, type PlatformPlugin } from './adapters/registry.ts';
import type { DiscordConfig } from './adapters/discord/platform.ts';
import type { SlackConfig } from './adapters/slack/platform.ts';
import { blankAsUndefined, onOff, optional, positiveInt, secret, url } from './config-fields.ts';
import { parseInstant } from './core/dates.ts';
import { OperatorError } from './core/errors.ts';
import { DEFAULT_LIMITS, type FairUseLimits } from './core/fair-use.ts';
import type { PlatformId } from './core/platform.ts';
import type { Secret } from './core/secret.ts';
import type { Rate } from './core/rate-counters.ts';

/**
 * The only place that reads the environment. Parsed once at start; an invalid
 * value stops start-up with the variable's name and what it expects.
 * Credentials become `Secret`s and never print.
 */

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Answering threads when Slack or Discord runs: all cores but the one that
 * acknowledges requests, at least one, at most four (each thread holds its
 * own engine, about 120 MB resident, mostly language data; with one thread
 * the bot's peak stays under twice a bare discord.js + Bolt process's, with
 * two on two cores it does not: `npm run bench -- --memory`).
 */
export function defaultWorkers(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, cores - 1));
}
const WORKERS_EXPECTS = 'expects a number of answering threads from 0 to 64 (0 answers on the main thread)';


const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };
/** `5/30s` (five per thirty seconds), `30/min`, or `off`. */
const rate = (fallback: Rate | undefined) =>
  z
    .preprocess(blankAsUndefined, z.string().trim().regex(/^(off|\d+\s*\/\s*\d*\s*(ms|s|m|min|h))$/i, 'expects a rate such as 5/30s or 30/min, or "off"').optional())
    .transform((v): Rate | undefined => {
      if (v === undefined) return fallback;
      const m = /^(\d+)\s*\/\s*(\d*)\s*([a-z]+)$/i.exec(v);
      if (!m) return undefined;
      return { count: Number(m[1]), perMs: Number(m[2] || 1) * UNIT_MS[m[3]!.toLowerCase()]! };
    })
    .refine((r) => r === undefined || (r.count > 0 && r.perMs > 0), 'expects a rate above zero, such as 5/30s (or "off")');

/** `1h`, `30m`, `90s`: a period of at least a minute (feeds are polled politely). */
const interval = (fallbackMs: number) =>
  z
    .preprocess(blankAsUndefined, z.string().trim().regex(/^\d+\s*(s|m|min|h)$/i, 'expects a period such as 1h, 30m or 90s').optional())
    .transform((v) => (v === undefined ? fallbackMs : Number(/^\d+/.exec(v)![0]) * UNIT_MS[/[a-z]+$/i.exec(v)![0].toLowerCase()]!))
    .refine((ms) => ms >= 60_000, 'expects at least a minute (e.g. 1m): feeds are polled politely');

/** Feed addresses separated by commas, spaces or new lines: RSS/Atom feeds and Federal Register `documents.json` searches. */
const feedList = z.preprocess(
  blankAsUndefined,
  z
    .string()
    .optional()
    .transform((v) => (v ? v.split(/[\s,]+/).filter(Boolean) : []))
    .pipe(z.array(z.url({ protocol: /^https?$/, error: 'expects http(s) addresses of feeds separated by commas or spaces, e.g. https://example.gov/feed.xml' }))),
);

/** `on`, `off`, or the addresses (or CIDR ranges) that may be fetched although private: `127.0.0.1,10.1.0.0/16`. */
const privateAddresses = z
  .preprocess(blankAsUndefined, z.string().trim().optional())
  .transform((v, ctx): boolean | readonly string[] => {
    if (v === undefined || /^(off|false|0)$/i.test(v)) return false;
    if (/^(on|true|1)$/i.test(v)) return true;
    const list = v.split(/[\s,]+/).filter(Boolean);
    const bad = list.find((a) => {
      const [ip, prefix, ...rest] = a.split('/');
      return rest.length > 0 || !isIP(ip ?? '') || (prefix !== undefined && !/^\d{1,3}$/.test(prefix));
    });
    if (bad) ctx.addIssue({ code: 'custom', message: `expects "on", "off", or IP addresses or ranges separated by commas (e.g. 127.0.0.1,10.0.0.0/8); "${bad}" is none of those` });
    return list;
  });

/** The core's variables; each platform adds its own (its plug-in's `variables`). */
const CORE_VARIABLES = {
    POLICYBOT_NOW: optional(
      z
        .string()
        .trim()
        .refine((v) => parseInstant(v) !== undefined, 'expects a real date written YYYY-MM-DD, such as 2026-11-28 (or an instant such as 2026-11-28T09:00:00Z)'),
    ),
    POLICYBOT_KNOWLEDGE_DIR: optional(z.string().trim()),
    POLICYBOT_WATCH: onOff(false),
    LOG_LEVEL: z.preprocess(blankAsUndefined, z.enum(['debug', 'info', 'warn', 'error'], { error: 'expects debug, info, warn or error' }).default('info')),
    POLICYBOT_LOG_FILE: optional(z.string().trim()),

    OPENAI_API_KEY: secret(/^\S{8,}$/, 'an API key'),
    OPENAI_BASE_URL: url('the API base URL of an OpenAI-compatible server, e.g. http://localhost:11434/v1'),
    OPENAI_MODEL: z.preprocess(blankAsUndefined, z.string().trim().min(1).default('gpt-4.1-mini')),
    POLICYBOT_LLM_TIMEOUT_MS: positiveInt(8000, 'a number of milliseconds'),
    POLICYBOT_LLM_MAX_PASSAGES: positiveInt(6, 'a small positive number'),

    POLICYBOT_DATA: optional(z.string().trim()),
    POLICYBOT_DATABASE_URL: secret(/^postgres(ql)?:\/\/\S+$/, 'a PostgreSQL URL such as postgres://policybot:PASSWORD@db.internal:5432/policybot'),
    POLICYBOT_POST_TIMEOUT: optional(z.string().trim().regex(/^\d+\s*(s|m|min|h)$/i, 'expects a period such as 15m or 900s')).transform((v) =>
      v === undefined ? undefined : Number(/^\d+/.exec(v)![0]) * UNIT_MS[/[a-z]+$/i.exec(v)![0].toLowerCase()]!,
    ).refine((ms) => ms === undefined || ms >= 60_000, 'expects at least a minute (e.g. 15m): a post may take that long'),
    POLICYBOT_USER_RATE: rate(DEFAULT_LIMITS.user),
    POLICYBOT_CHANNEL_RATE: rate(DEFAULT_LIMITS.channel),
    POLICYBOT_MAX_IN_FLIGHT: positiveInt(DEFAULT_LIMITS.inFlight, 'a positive number of requests'),
    POLICYBOT_FEEDS: feedList,
    POLICYBOT_FEED_INTERVAL: interval(3_600_000),
    POLICYBOT_FETCH_ALLOW_PRIVATE: privateAddresses,
    POLICYBOT_WORKERS: z.preprocess(blankAsUndefined, z.coerce.number({ error: WORKERS_EXPECTS }).int(WORKERS_EXPECTS).min(0, WORKERS_EXPECTS).max(64, WORKERS_EXPECTS).optional()),
    POLICYBOT_CURATOR_CHANNEL: optional(z.string().trim().regex(/^[a-z][a-z0-9-]{1,31}:\S+$/, 'expects a platform and a channel id joined by a colon, e.g. slack:C012AB3CD or discord:123456789012345678')),
    POLICYBOT_REMINDER_DAYS: optional(z.string().trim().regex(/^\d+(\s*,\s*\d+)*$/, 'expects days before a deadline separated by commas, e.g. 30,7,1,0')),
};

export interface Config {
  readonly now?: string;
  readonly knowledgeDir: string;
  readonly watchKnowledge: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** POLICYBOT_LOG_FILE: log lines go to this file (appended) instead of stderr. */
  readonly logFile?: string;
  /**
   * Each registered platform's section of the configuration, by id, for those
   * configured (a platform with no token has none; the console always has
   * one). Read one with `sectionOf(config, plugin)`.
   */
  readonly platforms: ReadonlyMap<PlatformId, unknown>;
  /**
   * The same sections as `platforms` holds, under their old names, only for
   * `bench/` (kept apart from this code, and not yet moved to `sectionOf`).
   * @deprecated Use `sectionOf(config, slackPlatform)`.
   */
  readonly slack?: SlackConfig;
  /** @deprecated Use `sectionOf(config, discordPlatform)`. */
  readonly discord?: DiscordConfig;
  readonly llm?: {
    readonly apiKey: Secret;
    readonly baseUrl?: string;
    readonly model: string;
    readonly timeoutMs: number;
    readonly maxPassages: number;
  };
  /** The data store (subscriptions, posts, feedback). */
  readonly dataFile: string;
  /** POLICYBOT_DATA was given: use the store even in the console. */
  readonly dataFileSet: boolean;
  /**
   * POLICYBOT_DATABASE_URL: the store is this PostgreSQL database, shared by
   * every instance pointed at it (it wins over POLICYBOT_DATA); the lowdb
   * file when unset.
   */
  readonly databaseUrl?: Secret;
  /** POLICYBOT_POST_TIMEOUT: a post still pending after this long was cut short by a stop (default 15 minutes). */
  readonly postTimeoutMs?: number;
  readonly reminderDays: readonly number[];
  /** Fair use: per-user and per-channel rates, and requests worked on at once. */
  readonly limits: FairUseLimits;
  /** Watched sources: feeds polled every `intervalMs` for items that go to the curators' inbox. */
  readonly feeds: { readonly urls: readonly string[]; readonly intervalMs: number };
  /** What fetching may reach besides public addresses: true for every private address, or a list of addresses and ranges. */
  readonly fetchAllowPrivate: boolean | readonly string[];
  /** Threads that answer questions when Slack or Discord runs (`POLICYBOT_WORKERS`); 0: the main thread answers. */
  readonly workers: number;
  /** `POLICYBOT_CURATOR_CHANNEL`: where new inbox items are announced, with Accept and Dismiss buttons. */
  readonly curatorChannel?: { readonly platform: PlatformId; readonly channelId: string };
}

/** A platform's section of the configuration, typed as its plug-in declares it; undefined when that platform is not configured. */
export function sectionOf<S>(config: Pick<Config, 'platforms'>, plugin: PlatformPlugin<S>): S | undefined {
  return config.platforms.get(plugin.id) as S | undefined;
}

/**
 * `slack:C012AB3CD` → the platform and channel, checked against the
 * platforms: one that posts into channels, configured here, and a channel id
 * of its shape. Otherwise `problem` says which part is wrong.
 */
function curatorChannelOf(value: string, platforms: readonly PlatformPlugin[], sections: ReadonlyMap<PlatformId, unknown>, problem: (message: string) => void): { platform: PlatformId; channelId: string } | undefined {
  const colon = value.indexOf(':');
  const id = value.slice(0, colon);
  const channelId = value.slice(colon + 1);
  const posting = platforms.filter((p) => p.channels);
  const plugin = posting.find((p) => p.id === id);
  const choices = posting.map((p) => `${p.id}:${p.channels!.example}`).join(' or ');
  if (!plugin) problem(`names "${id}", which is no platform with channels; use ${choices}`);
  else if (!plugin.channels!.pattern.test(channelId)) problem(`expects a ${plugin.title} channel id after "${id}:", such as ${plugin.id}:${plugin.channels!.example}; "${channelId.slice(0, 40)}" is not one`);
  else if (!sections.has(plugin.id)) problem(`names a ${plugin.title} channel, but ${plugin.title} is not configured here (its token is not set)`);
  else return { platform: plugin.id, channelId };
  return undefined;
}

export class ConfigError extends OperatorError {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p.variable} ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Whether LOG_LEVEL asks for debugging, read on its own: a start-up that
 * failed on another variable still shows its stack when asked to.
 */
export function debugRequested(env: Record<string, string | undefined> = process.env): boolean {
  return env.LOG_LEVEL?.trim().toLowerCase() === 'debug';
}

/**
 * Reads the configuration from an environment (`process.env` by default):
 * the core's variables and every registered platform's (`platforms`, the
 * registry by default); throws `ConfigError` naming each bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, platforms: readonly PlatformPlugin[] = PLATFORMS): Config {
  const variables: Record<string, z.ZodType> = { ...CORE_VARIABLES };
  for (const p of platforms) {
    for (const [name, schema] of Object.entries(p.variables)) {
      if (name in variables && variables[name] !== schema) throw new Error(`config: ${p.id} declares ${name}, which the core or another platform declares already`);
      variables[name] = schema;
    }
  }
  const problems: { variable: string; message: string }[] = [];
  // Parsed once: zod's compiled fast path would cost more to compile (~10 ms, a good part of the ask tool's start) than it saves.
  const parsed = z.object(variables).safeParse(env, { jitless: true });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'environment'), message: i.message })));
  }
  const all = parsed.data as Record<string, unknown>;
  const e = all as z.infer<z.ZodObject<typeof CORE_VARIABLES>>;
  const dataFile = path.resolve(e.POLICYBOT_DATA ?? path.join(PROJECT_ROOT, 'data', 'policybot.json'));
  const sections = new Map<PlatformId, unknown>();
  for (const p of platforms) {
    const section = p.section(all, (variable, message) => problems.push({ variable, message }), { dataFile, dataFileSet: e.POLICYBOT_DATA !== undefined });
    if (section !== undefined) sections.set(p.id, section);
  }
  const curatorChannel = e.POLICYBOT_CURATOR_CHANNEL ? curatorChannelOf(e.POLICYBOT_CURATOR_CHANNEL, platforms, sections, (message) => problems.push({ variable: 'POLICYBOT_CURATOR_CHANNEL', message })) : undefined;
  if (problems.length > 0) throw new ConfigError(problems);
  const knowledgeDir = path.resolve(e.POLICYBOT_KNOWLEDGE_DIR ?? PROJECT_ROOT);
  return {
    ...(e.POLICYBOT_NOW ? { now: e.POLICYBOT_NOW } : {}),
    knowledgeDir,
    watchKnowledge: e.POLICYBOT_WATCH,
    logLevel: e.LOG_LEVEL,
    ...(e.POLICYBOT_LOG_FILE ? { logFile: path.resolve(e.POLICYBOT_LOG_FILE) } : {}),
    platforms: sections,
    ...(sections.has('slack') ? { slack: sections.get('slack') as SlackConfig } : {}),
    ...(sections.has('discord') ? { discord: sections.get('discord') as DiscordConfig } : {}),
    ...(e.OPENAI_API_KEY
      ? {
          llm: {
            apiKey: e.OPENAI_API_KEY,
            ...(e.OPENAI_BASE_URL ? { baseUrl: e.OPENAI_BASE_URL } : {}),
            model: e.OPENAI_MODEL,
            timeoutMs: e.POLICYBOT_LLM_TIMEOUT_MS,
            maxPassages: e.POLICYBOT_LLM_MAX_PASSAGES,
          },
        }
      : {}),
    dataFile,
    dataFileSet: e.POLICYBOT_DATA !== undefined,
    ...(e.POLICYBOT_DATABASE_URL ? { databaseUrl: e.POLICYBOT_DATABASE_URL } : {}),
    ...(e.POLICYBOT_POST_TIMEOUT ? { postTimeoutMs: e.POLICYBOT_POST_TIMEOUT } : {}),
    limits: {
      ...(e.POLICYBOT_USER_RATE ? { user: e.POLICYBOT_USER_RATE } : {}),
      ...(e.POLICYBOT_CHANNEL_RATE ? { channel: e.POLICYBOT_CHANNEL_RATE } : {}),
      inFlight: e.POLICYBOT_MAX_IN_FLIGHT,
    },
    feeds: { urls: e.POLICYBOT_FEEDS, intervalMs: e.POLICYBOT_FEED_INTERVAL },
    fetchAllowPrivate: e.POLICYBOT_FETCH_ALLOW_PRIVATE,
    workers: e.POLICYBOT_WORKERS ?? defaultWorkers(),
    ...(curatorChannel ? { curatorChannel } : {}),
    reminderDays: e.POLICYBOT_REMINDER_DAYS ? [...new Set(e.POLICYBOT_REMINDER_DAYS.split(',').map((s) => Number(s.trim())))].sort((a, b) => b - a) : [30, 7, 1, 0],
  };
}
