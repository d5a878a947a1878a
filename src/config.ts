import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { colourSetting, type ColourSetting } from './adapters/console/style.ts';
import { parseInstant } from './core/dates.ts';
import { OperatorError } from './core/errors.ts';
import { DEFAULT_LIMITS, type FairUseLimits } from './core/fair-use.ts';
import { Secret } from './core/secret.ts';
import type { Rate } from './core/rate-counters.ts';

/**
 * The only place that reads the environment. Parsed once at start; an invalid
 * value stops start-up with the variable's name and what it expects.
 * Credentials become `Secret`s and never print.
 */

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const blankAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsUndefined, schema.optional());
const secret = (prefix: RegExp, expects: string) =>
  optional(z.string().trim().regex(prefix, `expects ${expects}`).transform((v) => new Secret(v)));
const url = (expects: string) => optional(z.url({ protocol: /^(https?|wss?)$/, error: `expects ${expects}` }));
const onOff = (fallback: boolean) =>
  z.preprocess(blankAsUndefined, z.enum(['on', 'off', 'true', 'false', '1', '0'], { error: 'expects "on" or "off"' }).optional()).transform((v) =>
    v === undefined ? fallback : v === 'on' || v === 'true' || v === '1',
  );
const positiveInt = (fallback: number, expects: string) =>
  z.preprocess(blankAsUndefined, z.coerce.number({ error: `expects ${expects}` }).int(`expects ${expects}`).positive(`expects ${expects}`).optional()).transform((v) => v ?? fallback);

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

const PORT_EXPECTS = 'expects a TCP port number from 1 to 65535 (default 3000)';

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

const EnvSchema = z
  .object({
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
    // The terminal's conventions, read as every command-line tool reads them (see adapters/console/style.ts).
    NO_COLOR: z.string().optional(),
    FORCE_COLOR: z.string().optional(),
    TERM: z.string().optional(),

    SLACK_BOT_TOKEN: secret(/^xoxb-/, 'a bot token starting with xoxb-'),
    SLACK_APP_TOKEN: secret(/^xapp-/, 'an app-level token starting with xapp- (Socket Mode)'),
    SLACK_SIGNING_SECRET: secret(/^[0-9a-f]{16,}$/i, "the app's signing secret (hexadecimal, from Basic Information)"),
    SLACK_API_URL: url('the Web API base URL, e.g. https://slack.com/api/ (GovSlack: https://slack-gov.com/api/)'),
    PORT: z.preprocess(blankAsUndefined, z.coerce.number({ error: PORT_EXPECTS }).int(PORT_EXPECTS).min(1, PORT_EXPECTS).max(65_535, PORT_EXPECTS).default(3000)),

    DISCORD_TOKEN: secret(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'a bot token (three dot-separated parts, from the Bot page)'),
    DISCORD_API_URL: url('the REST base URL, e.g. https://discord.com/api'),
    DISCORD_GUILD_ID: optional(z.string().trim().regex(/^\d{15,22}$/, 'expects a server (guild) id: 15 to 22 digits')),
    DISCORD_MENTIONS: onOff(false),

    OPENAI_API_KEY: secret(/^\S{8,}$/, 'an API key'),
    OPENAI_BASE_URL: url('the API base URL of an OpenAI-compatible server, e.g. http://localhost:11434/v1'),
    OPENAI_MODEL: z.preprocess(blankAsUndefined, z.string().trim().min(1).default('gpt-4.1-mini')),
    POLICYBOT_LLM_TIMEOUT_MS: positiveInt(8000, 'a number of milliseconds'),
    POLICYBOT_LLM_MAX_PASSAGES: positiveInt(6, 'a small positive number'),

    POLICYBOT_DATA: optional(z.string().trim()),
    POLICYBOT_SLACK_ADMINS: optional(z.string().trim().regex(/^[UW][A-Z0-9]+(\s*,\s*[UW][A-Z0-9]+)*$/, 'expects Slack user ids separated by commas, e.g. U012AB3CD,U045EF6GH')),
    POLICYBOT_USER_RATE: rate(DEFAULT_LIMITS.user),
    POLICYBOT_CHANNEL_RATE: rate(DEFAULT_LIMITS.channel),
    POLICYBOT_MAX_IN_FLIGHT: positiveInt(DEFAULT_LIMITS.inFlight, 'a positive number of requests'),
    POLICYBOT_FEEDS: feedList,
    POLICYBOT_FEED_INTERVAL: interval(3_600_000),
    POLICYBOT_FETCH_ALLOW_PRIVATE: privateAddresses,
    POLICYBOT_WORKERS: z.preprocess(blankAsUndefined, z.coerce.number({ error: WORKERS_EXPECTS }).int(WORKERS_EXPECTS).min(0, WORKERS_EXPECTS).max(64, WORKERS_EXPECTS).optional()),
    POLICYBOT_REMINDER_DAYS: optional(z.string().trim().regex(/^\d+(\s*,\s*\d+)*$/, 'expects days before a deadline separated by commas, e.g. 30,7,1,0')),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required in HTTP mode (SLACK_BOT_TOKEN set without SLACK_APP_TOKEN): the signing secret verifies requests from Slack' });
    }
    if ((env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET) && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set (the xoxb- token from OAuth & Permissions)' });
    }
  });

export interface Config {
  readonly now?: string;
  readonly knowledgeDir: string;
  readonly watchKnowledge: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** POLICYBOT_LOG_FILE: log lines go to this file (appended) instead of stderr. */
  readonly logFile?: string;
  /** The console: colour (NO_COLOR, FORCE_COLOR, TERM) and, when a data folder is configured, where the prompt's history is kept. */
  readonly console: {
    readonly colour: ColourSetting;
    readonly historyFile?: string;
  };
  readonly slack?: {
    readonly botToken: Secret;
    readonly appToken?: Secret;
    readonly signingSecret?: Secret;
    readonly apiUrl?: string;
    readonly port: number;
    readonly admins: readonly string[];
  };
  readonly discord?: {
    readonly token: Secret;
    readonly apiUrl?: string;
    readonly guildId?: string;
    readonly mentions: boolean;
  };
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
  readonly reminderDays: readonly number[];
  /** Fair use: per-user and per-channel rates, and requests worked on at once. */
  readonly limits: FairUseLimits;
  /** Watched sources: feeds polled every `intervalMs` for items that go to the curators' inbox. */
  readonly feeds: { readonly urls: readonly string[]; readonly intervalMs: number };
  /** What fetching may reach besides public addresses: true for every private address, or a list of addresses and ranges. */
  readonly fetchAllowPrivate: boolean | readonly string[];
  /** Threads that answer questions when Slack or Discord runs (`POLICYBOT_WORKERS`); 0: the main thread answers. */
  readonly workers: number;
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

/** Reads the configuration from an environment (`process.env` by default); throws `ConfigError` naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'environment'), message: i.message })));
  }
  const e = parsed.data;
  const knowledgeDir = path.resolve(e.POLICYBOT_KNOWLEDGE_DIR ?? PROJECT_ROOT);
  const dataFile = path.resolve(e.POLICYBOT_DATA ?? path.join(PROJECT_ROOT, 'data', 'policybot.json'));
  return {
    ...(e.POLICYBOT_NOW ? { now: e.POLICYBOT_NOW } : {}),
    knowledgeDir,
    watchKnowledge: e.POLICYBOT_WATCH,
    logLevel: e.LOG_LEVEL,
    ...(e.POLICYBOT_LOG_FILE ? { logFile: path.resolve(e.POLICYBOT_LOG_FILE) } : {}),
    console: {
      colour: colourSetting(e),
      // Beside the data file, when one is configured: the console alone keeps nothing otherwise.
      ...(e.POLICYBOT_DATA !== undefined ? { historyFile: path.join(path.dirname(dataFile), 'console-history') } : {}),
    },
    ...(e.SLACK_BOT_TOKEN
      ? {
          slack: {
            botToken: e.SLACK_BOT_TOKEN,
            ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
            ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
            ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
            port: e.PORT,
            admins: e.POLICYBOT_SLACK_ADMINS ? e.POLICYBOT_SLACK_ADMINS.split(',').map((s) => s.trim()) : [],
          },
        }
      : {}),
    ...(e.DISCORD_TOKEN
      ? {
          discord: {
            token: e.DISCORD_TOKEN,
            ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL } : {}),
            ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
            mentions: e.DISCORD_MENTIONS,
          },
        }
      : {}),
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
    limits: {
      ...(e.POLICYBOT_USER_RATE ? { user: e.POLICYBOT_USER_RATE } : {}),
      ...(e.POLICYBOT_CHANNEL_RATE ? { channel: e.POLICYBOT_CHANNEL_RATE } : {}),
      inFlight: e.POLICYBOT_MAX_IN_FLIGHT,
    },
    feeds: { urls: e.POLICYBOT_FEEDS, intervalMs: e.POLICYBOT_FEED_INTERVAL },
    fetchAllowPrivate: e.POLICYBOT_FETCH_ALLOW_PRIVATE,
    workers: e.POLICYBOT_WORKERS ?? defaultWorkers(),
    reminderDays: e.POLICYBOT_REMINDER_DAYS ? [...new Set(e.POLICYBOT_REMINDER_DAYS.split(',').map((s) => Number(s.trim())))].sort((a, b) => b - a) : [30, 7, 1, 0],
  };
}
