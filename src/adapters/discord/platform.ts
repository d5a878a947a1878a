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
  /**
   * DISCORD_SHARDS: gateway shards this process runs, all of them in one
   * client (discord.js internal sharding, see docs/scaling-platforms.md):
   * `auto` asks Discord how many it recommends; a number runs that many.
   * Absent: one, as before.
   */
  readonly shards?: 'auto' | number;
}

const SHARDS_EXPECTS = 'expects "auto" (as many gateway shards as Discord recommends) or a number of shards from 1 to 1024';

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
    DISCORD_SHARDS: optional(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^(auto|\d{1,4})$/, SHARDS_EXPECTS)
        .transform((v) => (v === 'auto' ? ('auto' as const) : Number(v)))
        .refine((v) => v === 'auto' || (v >= 1 && v <= 1024), SHARDS_EXPECTS),
    ),
  },
  section(env) {
    const token = env.DISCORD_TOKEN as Secret | undefined;
    if (!token) return undefined;
    return {
      token,
      ...(env.DISCORD_API_URL ? { apiUrl: env.DISCORD_API_URL as string } : {}),
      ...(env.DISCORD_GUILD_ID ? { guildId: env.DISCORD_GUILD_ID as string } : {}),
      mentions: env.DISCORD_MENTIONS as boolean,
      ...(env.DISCORD_SHARDS !== undefined ? { shards: env.DISCORD_SHARDS as 'auto' | number } : {}),
    };
  },
  async create(section, { bot, log }) {
    return (await import('./discord-adapter.ts')).createDiscordAdapter(bot, section, log);
  },
  async render(reply) {
    return (await import('./messages.ts')).replyMessages(reply);
  },
});
