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

export function clientOptions(config: DiscordConfig): ClientOptions {
  return {
    intents: intentsFor(config),
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
