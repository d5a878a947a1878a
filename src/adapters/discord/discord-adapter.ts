import { ChannelType, Client, DiscordjsErrorCodes, Events, GatewayCloseCodes, type ClientOptions, type CloseEvent, type RateLimitData, type RESTOptions } from 'discord.js';
import { ConfigError } from '../../config.ts';
import type { Adapter, PostOutcome } from '../../core/adapter.ts';
import type { Bot } from '../../bot.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { describeError, OperatorError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import type { Reply } from '../../core/reply.ts';
import { commandDefinitions } from './commands.ts';
import { clientOptions, type DiscordConfig } from './connection.ts';
import { createInteractionHandler } from './interactions.ts';
import { discordEventCalendar } from './events.ts';
import { createMentionHandler } from './mentions.ts';
import { postReply } from './post.ts';
import { Publisher, PUBLISH_LIMIT } from './publish.ts';
import { fetchRegistrationPlan } from './registration.ts';

/**
 * Discord, through discord.js: slash commands (and, in mention mode,
 * `@policybot question`) go to the bot's entry points; its replies come back
 * as embeds, rateable answers with 👍/👎 buttons that lead to
 * `Bot.handleFeedback`. Only this folder knows Discord exists.
 */

export interface DiscordAdapter extends Adapter {
  readonly name: 'discord';
  post(channelId: string, reply: Reply): Promise<PostOutcome>;
}

export interface DiscordAdapterOptions {
  /** How long an answer may take before the interaction is deferred; default 1,500 ms (Discord allows 3 s for the first response). */
  readonly deferAfterMs?: number;
  /** Deadline for each REST request, the response's body included; default 10 s. */
  readonly restTimeoutMs?: number;
  /** The longest rate limit waited out; a longer one fails the request at once (logged; a post is tried again next tick). Default 10 s. */
  readonly maxRateLimitWaitMs?: number;
  /**
   * The wall clock for Discord's hourly publish limit. Deliberately not the
   * bot's clock: `POLICYBOT_NOW` stops that one, while Discord counts real time.
   */
  readonly clock?: Clock;
  /** Publishes per announcement channel and period; Discord's 10 an hour by default. */
  readonly publishLimit?: { readonly count: number; readonly perMs: number };
}

const DEFAULT_DEFER_AFTER_MS = 1500;
const DEFAULT_REST_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 10_000;

/**
 * discord.js's REST defaults fit a bot that may wait: a 15 s timeout, then up
 * to three more tries of a request that timed out or met a 5xx, and any rate
 * limit waited out however long. Here a request that hangs ends within
 * `restTimeoutMs` — and only once, because one that timed out or met a 5xx
 * may well have gone through: a message create or a follow-up repeated could
 * post twice (Discord refuses a second interaction callback, but its 3 s are
 * gone by then anyway). The scheduler tries a failed post again on its next
 * tick. A 429 means Discord did nothing, so it is waited out and retried, but
 * not beyond `maxRateLimitWaitMs`: an interaction's token dies meanwhile, and
 * the scheduler's ticks would queue behind it. Requests to the same webhook
 * (follow-ups and edits of every interaction) share one queue in discord.js,
 * so a hanging one delays the others by at most that bound.
 */
export function restLimits(options: Pick<DiscordAdapterOptions, 'restTimeoutMs' | 'maxRateLimitWaitMs'> = {}, log?: Logger): Partial<RESTOptions> {
  const maxWait = options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
  return {
    timeout: options.restTimeoutMs ?? DEFAULT_REST_TIMEOUT_MS,
    retries: 0,
    // Asked about every rate limit, a 429 Discord sent as well as a wait discord.js foresaw (its RateLimited event reports only the latter).
    rejectOnRateLimit: (limit: RateLimitData) => {
      const waitMs = Math.max(limit.retryAfter, limit.timeToReset, limit.sublimitTimeout);
      const waiting = waitMs <= maxWait;
      log?.warn(waiting ? 'discord rate limit; waiting as Discord asks' : 'discord rate limit longer than the bot waits; the request fails', {
        method: limit.method,
        route: limit.route,
        waitMs,
        global: limit.global,
        scope: limit.scope,
      });
      return !waiting;
    },
  };
}

function withRestLimits(base: ClientOptions, options: DiscordAdapterOptions, log: Logger): ClientOptions {
  return { ...base, rest: { ...base.rest, ...restLimits(options, log) } };
}

export function createDiscordAdapter(bot: Bot, config: DiscordConfig, log: Logger, options: DiscordAdapterOptions = {}): DiscordAdapter {
  const onInteraction = createInteractionHandler(bot, log, { deferAfterMs: options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS });
  const onMessage = createMentionHandler(bot, log);
  let client: Client | undefined;
  const clock = options.clock ?? systemClock;
  const publisher = new Publisher({ rest: () => client?.rest, log, now: () => clock.now().getTime(), limit: options.publishLimit ?? PUBLISH_LIMIT });

  return {
    name: 'discord',
    async start() {
      if (client) return;
      const c = new Client(withRestLimits(clientOptions(config), options, log));
      // The handlers catch everything themselves; `void` marks that nothing is left to await.
      c.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction));
      if (config.mentions) c.on(Events.MessageCreate, (message) => void onMessage(message));
      // An EventEmitter 'error' without a listener would crash the process.
      c.on(Events.Error, (error) => log.error('discord client error', { error }));
      c.on(Events.Warn, (message) => log.warn('discord warning', { message }));
      c.on(Events.ShardError, (error, shard) => log.warn('discord gateway error', { shard, error }));
      // destroy() closes the gateway the way a drop does: only a drop while running is news.
      c.on(Events.ShardReconnecting, (shard) => client === c && log.info('discord gateway reconnecting', { shard }));
      c.on(Events.ShardResume, (shard, replayed) => log.info('discord gateway resumed', { shard, replayed }));
      client = c;
      try {
        await connect(c, config);
      } catch (error) {
        client = undefined;
        await c.destroy().catch(() => undefined);
        throw error;
      }
      c.on(Events.ShardDisconnect, (event, shard) => client === c && log.error('discord gateway closed for good', { shard, code: event.code }));
      // Ready means every shard is: the one client holds them all, so interactions from any server reach the same handlers.
      log.info('discord ready', { user: c.user?.tag, guilds: c.guilds.cache.size, shards: c.ws.shards.size, shardCount: c.options.shardCount, mentions: config.mentions });
      void warnIfUnregistered(c, bot, config, log);
    },
    async stop() {
      const c = client;
      client = undefined;
      await c?.destroy();
    },
    events: discordEventCalendar(() => client),
    async post(channelId, reply) {
      if (!client) return { ok: false, reason: 'the Discord adapter is not running', permanent: false };
      // In an announcement channel each message is published too, so that following servers get it.
      const announcement = (await channelType(client, channelId)) === ChannelType.GuildAnnouncement;
      return postReply(client.rest, channelId, reply, log, announcement ? { publish: (messageId) => publisher.publish(channelId, messageId) } : {});
    },
  };
}

/**
 * A channel's type: from the cache the gateway keeps up to date (a channel
 * turned into an announcement channel arrives as CHANNEL_UPDATE), else asked
 * of Discord; unknown when neither can tell (the post then says why it fails).
 */
async function channelType(c: Client, channelId: string): Promise<ChannelType | undefined> {
  const cached = c.channels.cache.get(channelId);
  if (cached) return cached.type;
  const fetched = await c.channels.fetch(channelId).catch(() => null);
  return fetched?.type;
}

/** Logs in and waits until the client is ready; a refusal Discord will repeat (bad token, disallowed intent) stops start-up with what to do. */
async function connect(c: Client, config: DiscordConfig): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    const refused = (event: CloseEvent) => reject(closeError(event.code, config));
    c.once(Events.ClientReady, () => {
      c.off(Events.ShardDisconnect, refused);
      resolve();
    });
    // Emitted only for close codes discord.js will not retry; login() itself would then wait forever.
    c.once(Events.ShardDisconnect, refused);
  });
  const login = c.login(config.token.reveal());
  // Both are awaited through the race below; these keep a loser's later rejection from going unhandled.
  ready.catch(() => undefined);
  login.catch(() => undefined);
  try {
    await Promise.race([login.then(() => ready), ready]);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === DiscordjsErrorCodes.TokenInvalid) throw tokenRefused('401 Unauthorized');
    throw error;
  }
}

function closeError(code: number, config: DiscordConfig): Error {
  if (code === GatewayCloseCodes.AuthenticationFailed) return tokenRefused(`gateway close code ${code}`);
  if (code === GatewayCloseCodes.DisallowedIntents && config.mentions) {
    return new ConfigError([
      {
        variable: 'DISCORD_MENTIONS',
        message: `is on, which needs the Message Content intent, and Discord refused it (gateway close code ${code}): turn on "Message Content Intent" under Bot → Privileged Gateway Intents in the Developer Portal, or set DISCORD_MENTIONS=off`,
      },
    ]);
  }
  if (code === GatewayCloseCodes.ShardingRequired) {
    return new ConfigError([{ variable: 'DISCORD_SHARDS', message: `must be set: the bot is in too many servers for one gateway connection (gateway close code ${code}); set DISCORD_SHARDS=auto to run as many shards as Discord recommends` }]);
  }
  if (code === GatewayCloseCodes.InvalidShard) {
    return new ConfigError([{ variable: 'DISCORD_SHARDS', message: `was refused by Discord (gateway close code ${code}, invalid shard): set DISCORD_SHARDS=auto, or a number of shards at least Discord's recommendation` }]);
  }
  return new OperatorError(`Discord closed the gateway connection and will not take it back (close code ${code}, ${GatewayCloseCodes[code] ?? 'unknown'}).`);
}

function tokenRefused(detail: string): ConfigError {
  return new ConfigError([{ variable: 'DISCORD_TOKEN', message: `was refused by Discord (${detail}): copy the token again from the Bot page of the application (Reset Token)` }]);
}

/** Slash commands that differ from the specs are a forgotten `npm run discord:register`: say so, once, at start. */
async function warnIfUnregistered(c: Client, bot: Bot, config: DiscordConfig, log: Logger): Promise<void> {
  try {
    const applicationId = c.application?.id;
    if (!applicationId) return;
    const plan = await fetchRegistrationPlan(c.rest, applicationId, commandDefinitions(bot.commands), config.guildId);
    if (plan.added.length + plan.updated.length + plan.removed.length === 0) return;
    log.warn('discord slash commands are not registered as the bot defines them: run `npm run discord:register`', {
      scope: config.guildId ? `guild ${config.guildId}` : 'global',
      missing: plan.added,
      outdated: plan.updated,
      extra: plan.removed,
    });
  } catch (error) {
    log.debug('discord could not check the registered commands', { error: describeError(error) });
  }
}
