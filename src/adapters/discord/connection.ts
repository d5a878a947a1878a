import { GatewayIntentBits, REST, type ClientOptions } from 'discord.js';
import type { DiscordConfig } from './platform.ts';
import { NO_MENTIONS } from './text.ts';

export type { DiscordConfig };

/**
 * The least the bot asks of Discord: the Guilds intent (slash commands need
 * no more), and the privileged Message Content intent only in mention mode,
 * where the bot must read what people wrote.
 */
export function intentsFor(config: Pick<DiscordConfig, 'mentions'>): GatewayIntentBits[] {
  return config.mentions ? [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] : [GatewayIntentBits.Guilds];
}

/**
 * Which gateway shards the client opens (discord.js internal sharding: one
 * client, one process, one WebSocket per shard). Always said explicitly:
 * left unset, discord.js would read `SHARDS` and `SHARD_COUNT` from the
 * environment, and only `config.ts` reads the environment here.
 */
export function shardOptions(config: Pick<DiscordConfig, 'shards'>): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (config.shards === 'auto') return { shards: 'auto' };
  const count = config.shards ?? 1;
  return { shards: Array.from({ length: count }, (_, i) => i), shardCount: count };
}

export function clientOptions(config: DiscordConfig): ClientOptions {
  return {
    intents: intentsFor(config),
    ...shardOptions(config),
    // The default for every message the client sends, beside the explicit rule each send carries.
    allowedMentions: { ...NO_MENTIONS, parse: [] },
    // Answer even if the question was deleted meanwhile, instead of failing the reply.
    failIfNotExists: false,
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  };
}

/** A REST client alone, for tools that need no gateway connection (command registration). */
export function createRest(config: DiscordConfig): REST {
  return new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token.reveal());
}
