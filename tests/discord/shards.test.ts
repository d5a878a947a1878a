import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/discord-adapter.ts';
import { discordPlatform } from '../../src/adapters/discord/platform.ts';
import { ConfigError, loadConfig, sectionOf } from '../../src/config.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { Scheduler } from '../../src/following/scheduler.ts';
import { shardOf } from '../fakes/discord-gateway.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-stand-in.ts';
import { createTestBot } from '../support/core.ts';
import { logged, startStack, stopAll, type Running } from './harness.ts';

/**
 * DISCORD_SHARDS: the real discord.js client opens one gateway connection
 * per shard (internal sharding), against a gateway stand-in that shards as
 * Discord does (each server's events on shard `(guild_id >> 22) % count`).
 * Interactions from servers on either shard are answered, once each; the
 * scheduler, which runs once per process, posts one reminder per subscribed
 * channel whatever the number of shards.
 */

const opened: FakeDiscord[] = [];
afterEach(async () => {
  await stopAll();
  await Promise.all(opened.splice(0).map((d) => d.close()));
});

const TODAY = '2026-02-27';
const MANAGE_CHANNELS = String(PermissionFlagsBits.ManageChannels);
/** Two servers on two shards; both shards may identify at once (max_concurrency 2), as Discord allows larger bots. */
const TWO_SERVERS = { secondGuild: true, maxConcurrency: 2 } as const;

const callbacks = (s: Running, interactionId: string) => s.discord.api.find('POST', new RegExp(`^/interactions/${interactionId}/`));

describe('DISCORD_SHARDS', () => {
  it('is read as "auto" or a number of shards; anything else stops start-up naming it', () => {
    const env = { DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfAkEs.stand-in_token_for-tests_0123456789' };
    expect(sectionOf(loadConfig({ ...env, DISCORD_SHARDS: 'auto' }), discordPlatform)?.shards).toBe('auto');
    expect(sectionOf(loadConfig({ ...env, DISCORD_SHARDS: ' 2 ' }), discordPlatform)?.shards).toBe(2);
    expect(sectionOf(loadConfig(env), discordPlatform)?.shards).toBeUndefined();
    for (const bad of ['0', 'two', '-1', '2000']) {
      const failure = (() => {
        try {
          loadConfig({ ...env, DISCORD_SHARDS: bad });
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(failure, bad).toBeInstanceOf(ConfigError);
      expect((failure as ConfigError).problems[0]).toMatchObject({ variable: 'DISCORD_SHARDS', message: expect.stringMatching(/auto/) });
    }
  });

  it('2: one client identifies two shards, each receives its own server, and interactions from both are answered once each', async () => {
    const s = await startStack({ shards: 2, discord: TWO_SERVERS });
    const { ids } = s.discord;
    // The two servers are on different shards of two.
    expect(shardOf(ids.guildId, 2)).not.toBe(shardOf(ids.secondGuildId, 2));
    expect(s.discord.gateway.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(logged(s.log.lines).find((l) => l.message === 'discord ready')).toMatchObject({ guilds: 2, shards: 2, shardCount: 2 });

    const first = s.discord.command('ask', { question: 'When is the US-EU memorandum due?' });
    const second = s.discord.commandInSecondGuild('ask', { question: 'When is the US-EU memorandum due?' });
    for (const { id } of [first, second]) {
      const callback = await s.discord.callback(id);
      expect(callback.body.data.embeds[0].description).toMatch(/March 6, 2026/);
    }
    // Delivered on one shard only, so answered once each.
    await new Promise((r) => setTimeout(r, 200));
    expect(callbacks(s, first.id)).toHaveLength(1);
    expect(callbacks(s, second.id)).toHaveLength(1);
  });

  it('auto: as many shards as Discord recommends', async () => {
    const s = await startStack({ shards: 'auto', discord: { ...TWO_SERVERS, recommendedShards: 2 } });
    expect(s.discord.gateway.shards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const { id } = s.discord.commandInSecondGuild('help');
    expect((await s.discord.callback(id)).body.type).toBe(4);
  });

  it('channels of servers on both shards subscribe, and the scheduler posts one reminder to each', async () => {
    const s = await startStack({ shards: 2, discord: TWO_SERVERS, store: true, now: TODAY });
    const { ids } = s.discord;
    for (const { id } of [s.discord.command('subscribe', { topics: 'deadlines' }, { permissions: MANAGE_CHANNELS }), s.discord.commandInSecondGuild('subscribe', { topics: 'deadlines' }, { permissions: MANAGE_CHANNELS })]) {
      expect(JSON.stringify((await s.discord.callback(id)).body)).toMatch(/deadline reminders/);
    }
    expect((await s.store!.subscriptions()).map((x) => x.channel.channelId).sort()).toEqual([ids.channelId, ids.secondChannelId].sort());

    const scheduler = new Scheduler({ store: s.store!, knowledge: s.knowledge, clock: fixedClock(TODAY), log: s.log, posters: { discord: s.adapter.post.bind(s.adapter) }, reminderDays: [7, 0] });
    await scheduler.noteKnowledge();
    // Subscribed today: the reminder due today (7 days before the US–EU memorandum) goes out once per channel, and a second tick adds none.
    expect((await scheduler.tick()).sent).toBe(2);
    await scheduler.tick();
    const posts = (channel: string) => s.discord.api.find('POST', new RegExp(`^/channels/${channel}/messages$`));
    expect(posts(ids.channelId)).toHaveLength(1);
    expect(posts(ids.secondChannelId)).toHaveLength(1);
  });

  it('when Discord requires more shards than configured, start-up stops naming DISCORD_SHARDS', async () => {
    const discord = await startFakeDiscord({ requiredShards: 2 });
    opened.push(discord);
    const { bot, log } = await createTestBot();
    const adapter = createDiscordAdapter(bot, discord.config(), log);
    const failure = await adapter.start().then(() => undefined, (error: unknown) => error);
    await adapter.stop();
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).problems[0]).toMatchObject({ variable: 'DISCORD_SHARDS', message: expect.stringMatching(/DISCORD_SHARDS=auto/) });
  });
});
