import { Secret } from '../../src/core/secret.ts';
import { FakeDiscordApi, type RecordedRequest } from './discord-api.ts';
import { FakeDiscordGateway } from './discord-gateway.ts';

/**
 * Discord on loopback: the REST stand-in and the gateway stand-in wired
 * together (`/gateway/bot` points at the gateway), one server with a text
 * channel and an announcement channel, and builders for the payloads Discord
 * dispatches.
 */

/** Shaped like a real bot token (id . timestamp . HMAC), so the suite's token scan would see it leak. */
export const FAKE_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfAkEs.stand-in_token_for-tests_0123456789';

export interface FakeDiscord {
  readonly api: FakeDiscordApi;
  readonly gateway: FakeDiscordGateway;
  readonly apiUrl: string;
  readonly ids: {
    readonly applicationId: string;
    readonly botId: string;
    readonly guildId: string;
    readonly channelId: string;
    /** An announcement channel (type 5, GUILD_ANNOUNCEMENT) in the same server. */
    readonly announcementChannelId: string;
    readonly botRoleId: string;
    readonly userId: string;
    /** With `secondGuild`: another server, on the other shard of two (the first is on shard 1, this one on shard 0), and its text channel. */
    readonly secondGuildId: string;
    readonly secondChannelId: string;
  };
  /** The adapter's configuration pointing at the stand-in. */
  config(overrides?: { mentions?: boolean; token?: string; guildId?: string; shards?: 'auto' | number }): { token: Secret; apiUrl: string; mentions: boolean; guildId?: string; shards?: 'auto' | number };
  /**
   * Dispatches a slash command (INTERACTION_CREATE, type 2), in the text channel unless `as.channelId` names
   * the announcement channel; string options, and booleans as Discord sends them (type 5). Returns the interaction's id and token.
   */
  command(name: string, options?: Record<string, string | boolean>, as?: { permissions?: string; channelId?: string }): { id: string; token: string };
  /** The same, from the second server's text channel (`secondGuild`). */
  commandInSecondGuild(name: string, options?: Record<string, string | boolean>, as?: { permissions?: string }): { id: string; token: string };
  /** Dispatches an autocomplete request (type 4) with the focused option's partial value. */
  autocomplete(name: string, option: string, partial: string): { id: string; token: string };
  /** Dispatches a button click (type 3, MESSAGE_COMPONENT) on one of the bot's messages (by default one carrying just that button). */
  click(customId: string, on?: { messageId?: string; components?: readonly unknown[] }): { id: string; token: string };
  /** Dispatches a submitted modal (type 5, MODAL_SUBMIT) whose text inputs, each in a label, hold `values` (by custom id). */
  submit(customId: string, values: Record<string, string>): { id: string; token: string };
  /** Dispatches MESSAGE_CREATE in the channel. */
  message(content: string, author?: { id?: string; bot?: boolean; username?: string }): { id: string };
  /** The callback sent for an interaction. */
  callback(interactionId: string): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const USER = { id: '', username: 'asker', discriminator: '0', global_name: 'Asker', avatar: null };

export interface FakeDiscordOptions {
  readonly disallowedIntents?: number;
  readonly heartbeatIntervalMs?: number;
  /** A second server (with a text channel), on the other shard when the bot runs two. */
  readonly secondGuild?: boolean;
  /** `GET /gateway/bot`: the shards Discord recommends (default 1), and `max_concurrency` (default 1: shards identify 5 s apart). */
  readonly recommendedShards?: number;
  readonly maxConcurrency?: number;
  /** The gateway closes connections of fewer shards than this with 4011 (sharding required). */
  readonly requiredShards?: number;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const seed = {
    applicationId: '1100000000000000001',
    botId: '1100000000000000001',
    guildId: '1200000000000000002',
    channelId: '1300000000000000003',
    announcementChannelId: '1300000000000000007',
    botRoleId: '1400000000000000004',
    userId: '1500000000000000005',
    secondGuildId: '1200000000004194306',
    secondChannelId: '1300000000000000013',
  };
  const botUser = { id: seed.botId, username: 'policybot', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 };
  const api = await FakeDiscordApi.start({ token: FAKE_TOKEN, ids: seed, botUser });
  api.recommendedShards = options.recommendedShards ?? 1;
  api.maxConcurrency = options.maxConcurrency ?? 1;
  const joined = new Date('2026-01-01T00:00:00Z').toISOString();
  const member = (user: object | undefined, roles: string[], permissions?: string) => ({
    ...(user ? { user } : {}),
    roles,
    joined_at: joined,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    nick: null,
    avatar: null,
    premium_since: null,
    communication_disabled_until: null,
    ...(permissions !== undefined ? { permissions } : {}),
  });
  const channel = { id: seed.channelId, type: 0, guild_id: seed.guildId, name: 'general', position: 0, permission_overwrites: [], nsfw: false, parent_id: null, last_message_id: null, rate_limit_per_user: 0, topic: null, flags: 0 };
  const announcements = { ...channel, id: seed.announcementChannelId, type: 5, name: 'news', position: 1 };
  const secondChannel = { ...channel, id: seed.secondChannelId, guild_id: seed.secondGuildId, name: 'elsewhere' };
  api.channels.set(channel.id, channel);
  api.channels.set(announcements.id, announcements);
  if (options.secondGuild) api.channels.set(secondChannel.id, secondChannel);
  const role = (id: string, name: string, extra: object = {}) => ({ id, name, permissions: '68608', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0, icon: null, unicode_emoji: null, ...extra });

  const guild = (id: string, name: string, channels: object[]) => ({
    id,
    name,
    icon: null,
    owner_id: seed.userId,
    roles: [role(id, '@everyone'), role(seed.botRoleId, 'policybot', { managed: true, position: 1, tags: { bot_id: seed.botId } })],
    channels,
    members: [member(botUser, [seed.botRoleId])],
    member_count: 2,
    joined_at: joined,
    large: false,
    unavailable: false,
    features: [],
    emojis: [],
    stickers: [],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
  });

  const gateway = await FakeDiscordGateway.start({
    token: FAKE_TOKEN,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 500,
    ...(options.disallowedIntents !== undefined ? { disallowedIntents: options.disallowedIntents } : {}),
    ...(options.requiredShards !== undefined ? { requiredShards: options.requiredShards } : {}),
    ready: () => ({
      ready: { v: 10, user: botUser, guilds: [], session_id: 'stand-in-session', application: { id: seed.applicationId, flags: 0 }, shard: [0, 1] },
      guilds: [guild(seed.guildId, 'Stand-in server', [channel, announcements]), ...(options.secondGuild ? [guild(seed.secondGuildId, 'Second stand-in server', [secondChannel])] : [])],
    }),
  });
  api.gatewayUrl = gateway.url;
  const user = { ...USER, id: seed.userId };

  const interaction = (type: number, data: object, permissions = '68608', extra: object = {}, where: Record<string, unknown> = channel) => {
    const id = api.snowflake();
    const token = `interaction-token-${id}`;
    gateway.dispatch('INTERACTION_CREATE', {
      id,
      application_id: seed.applicationId,
      type,
      token,
      version: 1,
      guild_id: where.guild_id,
      channel_id: where.id,
      channel: where,
      member: member(user, [], permissions),
      app_permissions: '274878024704',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': where.guild_id },
      context: 0,
      attachment_size_limit: 8388608,
      data,
      ...extra,
    });
    return { id, token };
  };

  const commandData = (name: string, options: object[], guildId = seed.guildId) => ({ id: '1600000000000000006', type: 1, guild_id: guildId, name, options });
  const commandOptions = (opts: Record<string, string | boolean>) => Object.entries(opts).map(([n, value]) => ({ name: n, type: typeof value === 'boolean' ? 5 : 3, value }));

  return {
    api,
    gateway,
    apiUrl: api.baseUrl,
    ids: seed,
    config: (o = {}) => ({ token: new Secret(o.token ?? FAKE_TOKEN), apiUrl: api.baseUrl, mentions: o.mentions ?? false, ...(o.guildId ? { guildId: o.guildId } : {}), ...(o.shards !== undefined ? { shards: o.shards } : {}) }),
    command: (name, opts = {}, as = {}) =>
      interaction(
        2,
        commandData(name, commandOptions(opts)),
        as.permissions,
        {},
        as.channelId === seed.announcementChannelId ? announcements : channel,
      ),
    commandInSecondGuild: (name, opts = {}, as = {}) => interaction(2, commandData(name, commandOptions(opts), seed.secondGuildId), as.permissions, {}, secondChannel),
    autocomplete: (name, option, partial) => interaction(4, commandData(name, [{ name: option, type: 3, value: partial, focused: true }])),
    click(customId, on = {}) {
      const components = on.components ?? [{ type: 1, components: [{ type: 2, style: 2, custom_id: customId, emoji: { name: '👍' } }] }];
      const message = api.message(seed.channelId, { embeds: [], components }, on.messageId ?? api.snowflake());
      return interaction(3, { custom_id: customId, component_type: 2 }, undefined, { message: { ...message, guild_id: seed.guildId } });
    },
    submit(customId, values) {
      let id = 0;
      // Discord numbers every component of the form, the label and the input inside it alike.
      const components = Object.entries(values).map(([input, value]) => ({ type: 18, id: ++id, component: { type: 4, id: ++id, custom_id: input, value } }));
      return interaction(5, { custom_id: customId, components });
    },
    message(content, author = {}) {
      const id = api.snowflake();
      const from = { ...USER, id: author.id ?? seed.userId, username: author.username ?? 'asker', ...(author.bot ? { bot: true } : {}) };
      const mentioned = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => ({ ...USER, id: m[1], username: m[1] === seed.botId ? 'policybot' : 'someone', ...(m[1] === seed.botId ? { bot: true } : {}) }));
      gateway.dispatch('MESSAGE_CREATE', {
        id,
        channel_id: seed.channelId,
        guild_id: seed.guildId,
        author: from,
        member: member(undefined, []),
        content,
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: mentioned,
        mention_roles: [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1]),
        attachments: [],
        embeds: [],
        pinned: false,
        type: 0,
        flags: 0,
        components: [],
      });
      return { id };
    },
    callback: (interactionId) => api.waitFor((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`)),
    async close() {
      await gateway.close();
      await api.close();
    },
  };
}
