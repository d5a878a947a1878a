import { z } from 'zod';
import { onOff, optional, secret, url } from '../../config-fields.ts';
import type { Secret } from '../../core/secret.ts';
import { definePlatform } from '../platform.ts';

/** Discord's section of the configuration. */
export interface DiscordConfig {
  readonly token: Secret;
  readonly apiUrl?: string;
  readonly guildId?: string;
  readonly mentions: boolean;
}

/** Discord, as a plug-in: on when DISCORD_TOKEN is set; discord.js loads only then. */
export const discordPlatform = definePlatform<DiscordConfig>({
  id: 'discord',
  title: 'Discord',
  channels: { pattern: /^\d{15,22}$/, example: '123456789012345678' },
  keepsData: true,
  variables: {
    DISCORD_TOKEN: secret(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'a bot token (three dot-separated parts, from the Bot page)'),
    DISCORD_API_URL: url('the REST base URL, e.g. https://discord.com/api'),
    DISCORD_GUILD_ID: optional(z.string().trim().regex(/^\d{15,22}$/, 'expects a server (guild) id: 15 to 22 digits')),
    DISCORD_MENTIONS: onOff(false),
  },
  section(env) {
    const token = env.DISCORD_TOKEN as Secret | undefined;
    if (!token) return undefined;
    return {
      token,
      ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL as string } : {}),
      ...(env.DISCORD_GUILD_ID ? { guildId: env.DISCORD_GUILD_ID as string } : {}),
      mentions: env.DISCORD_MENTIONS as boolean,
    };
  },
  async create(section, { bot, log }) {
    return (await import('./discord-adapter.ts')).createDiscordAdapter(bot, section, log);
  },
  async render(reply) {
    return (await import('./messages.ts')).replyMessages(reply);
  },
});
