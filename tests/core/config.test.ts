import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultWorkers, loadConfig } from '../../src/config.ts';
import { memoryLogger } from '../support/core.ts';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable} ${p.message}`);
    throw error;
  }
  return [];
};

describe('configuration from the environment', () => {
  it('needs nothing to run the console', () => {
    const c = loadConfig({});
    expect(c.platforms.has('slack')).toBe(false);
    expect(c.platforms.has('discord')).toBe(false);
    // The console, the fallback, is always there.
    expect(c.platforms.has('console')).toBe(true);
    expect(c.llm).toBeUndefined();
    expect(c.reminderDays).toEqual([30, 7, 1, 0]);
  });

  it('names each invalid variable and what it expects', () => {
    const found = problems({ POLICYBOT_NOW: '2026-13-45', PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 'abc', DISCORD_MENTIONS: 'maybe', OPENAI_BASE_URL: 'not a url' });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^POLICYBOT_NOW expects a real date/),
        expect.stringMatching(/^PORT expects a TCP port number/),
        expect.stringMatching(/^SLACK_BOT_TOKEN expects a bot token starting with xoxb-/),
        expect.stringMatching(/^SLACK_SIGNING_SECRET expects the app's signing secret/),
        expect.stringMatching(/^DISCORD_MENTIONS expects "on" or "off"/),
        expect.stringMatching(/^OPENAI_BASE_URL expects the API base URL/),
      ]),
    );
  });

  it('refuses a date that is not on the calendar rather than rolling it over (2026-02-30 is not March 2)', () => {
    expect(problems({ POLICYBOT_NOW: '2026-02-30' })).toEqual([expect.stringMatching(/^POLICYBOT_NOW expects a real date written YYYY-MM-DD/)]);
    expect(problems({ POLICYBOT_NOW: '2026-13-01' })).toEqual([expect.stringMatching(/^POLICYBOT_NOW expects a real date/)]);
    expect(problems({ POLICYBOT_NOW: '2026-11-28T25:00:00Z' })).toEqual([expect.stringMatching(/^POLICYBOT_NOW expects a real date/)]);
    expect(loadConfig({ POLICYBOT_NOW: '2024-02-29' }).now).toBe('2024-02-29');
    expect(loadConfig({ POLICYBOT_NOW: '2026-11-28T09:30:00+01:00' }).now).toBe('2026-11-28T09:30:00+01:00');
  });

  it('checks PORT is a TCP port, naming PORT', () => {
    expect(problems({ PORT: '70000' })).toEqual([expect.stringMatching(/^PORT expects a TCP port number from 1 to 65535/)]);
    expect(problems({ PORT: '0' })).toEqual([expect.stringMatching(/^PORT expects a TCP port number from 1 to 65535/)]);
    expect(problems({ PORT: '3.5' })).toEqual([expect.stringMatching(/^PORT expects/)]);
    expect(loadConfig({ PORT: '8080', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdef0123456789' }).slack?.port).toBe(8080);
  });

  it('requires the signing secret in Slack HTTP mode, but not in Socket Mode', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is required in HTTP mode/)]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual([]);
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN is required/)]);
  });

  it('reads fair-use limits as rates, with defaults, "off", and a clear message for nonsense', () => {
    expect(loadConfig({}).limits).toEqual({ user: { count: 5, perMs: 30_000 }, channel: { count: 30, perMs: 60_000 }, inFlight: 32 });
    expect(loadConfig({ POLICYBOT_USER_RATE: '10/min', POLICYBOT_CHANNEL_RATE: 'off', POLICYBOT_MAX_IN_FLIGHT: '4' }).limits).toEqual({ user: { count: 10, perMs: 60_000 }, inFlight: 4 });
    expect(loadConfig({ POLICYBOT_USER_RATE: '3 / 500ms' }).limits.user).toEqual({ count: 3, perMs: 500 });
    expect(problems({ POLICYBOT_USER_RATE: 'fast', POLICYBOT_CHANNEL_RATE: '0/s', POLICYBOT_MAX_IN_FLIGHT: '0' })).toEqual([
      expect.stringMatching(/^POLICYBOT_USER_RATE expects a rate such as 5\/30s/),
      expect.stringMatching(/^POLICYBOT_CHANNEL_RATE expects a rate above zero/),
      expect.stringMatching(/^POLICYBOT_MAX_IN_FLIGHT expects a positive number/),
    ]);
  });

  it('reads watched feeds, their interval and which private addresses may be fetched', () => {
    expect(loadConfig({})).toMatchObject({ feeds: { urls: [], intervalMs: 3_600_000 }, fetchAllowPrivate: false });
    const c = loadConfig({ POLICYBOT_FEEDS: 'https://a.example/feed.xml, https://www.federalregister.gov/api/v1/documents.json?conditions[term]=lithium\nhttps://b.example/atom', POLICYBOT_FEED_INTERVAL: '30m', POLICYBOT_FETCH_ALLOW_PRIVATE: 'on' });
    expect(c.feeds).toEqual({ urls: ['https://a.example/feed.xml', 'https://www.federalregister.gov/api/v1/documents.json?conditions[term]=lithium', 'https://b.example/atom'], intervalMs: 1_800_000 });
    expect(c.fetchAllowPrivate).toBe(true);
    expect(loadConfig({ POLICYBOT_FETCH_ALLOW_PRIVATE: '127.0.0.1, 10.0.0.0/8' }).fetchAllowPrivate).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(problems({ POLICYBOT_FEEDS: 'ftp://x.example/feed', POLICYBOT_FEED_INTERVAL: '10s', POLICYBOT_FETCH_ALLOW_PRIVATE: 'sometimes' })).toEqual([
      expect.stringMatching(/^POLICYBOT_FEEDS expects http\(s\) addresses of feeds/),
      expect.stringMatching(/^POLICYBOT_FEED_INTERVAL expects at least a minute/),
      expect.stringMatching(/^POLICYBOT_FETCH_ALLOW_PRIVATE expects "on", "off", or IP addresses/),
    ]);
  });

  it('reads POLICYBOT_CURATOR_CHANNEL as a configured platform and one of its channels, naming the variable when it is not', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: '0123456789abcdef0123' };
    expect(loadConfig({ ...slack, POLICYBOT_CURATOR_CHANNEL: 'slack:C012AB3CD' }).curatorChannel).toEqual({ platform: 'slack', channelId: 'C012AB3CD' });
    expect(loadConfig({ DISCORD_TOKEN: 'MTIz.abc.def', POLICYBOT_CURATOR_CHANNEL: ' discord:123456789012345678 ' }).curatorChannel).toEqual({ platform: 'discord', channelId: '123456789012345678' });
    expect(loadConfig({ ...slack }).curatorChannel).toBeUndefined();
    expect(problems({ ...slack, POLICYBOT_CURATOR_CHANNEL: '#curators' })).toEqual(['POLICYBOT_CURATOR_CHANNEL expects a platform and a channel id joined by a colon, e.g. slack:C012AB3CD or discord:123456789012345678']);
    expect(problems({ ...slack, POLICYBOT_CURATOR_CHANNEL: 'teams:19abc' })).toEqual(['POLICYBOT_CURATOR_CHANNEL names "teams", which is no platform with channels; use slack:C012AB3CD or discord:123456789012345678']);
    expect(problems({ ...slack, POLICYBOT_CURATOR_CHANNEL: 'console:me' })).toEqual([expect.stringMatching(/^POLICYBOT_CURATOR_CHANNEL names "console", which is no platform with channels/)]);
    expect(problems({ ...slack, POLICYBOT_CURATOR_CHANNEL: 'slack:curators' })).toEqual(['POLICYBOT_CURATOR_CHANNEL expects a Slack channel id after "slack:", such as slack:C012AB3CD; "curators" is not one']);
    expect(problems({ ...slack, POLICYBOT_CURATOR_CHANNEL: 'discord:123456789012345678' })).toEqual(['POLICYBOT_CURATOR_CHANNEL names a Discord channel, but Discord is not configured here (its token is not set)']);
  });

  it('reads POLICYBOT_WORKERS, 0 meaning the main thread answers, with a default that leaves one core to acknowledge', () => {
    expect(loadConfig({ POLICYBOT_WORKERS: '0' }).workers).toBe(0);
    expect(loadConfig({ POLICYBOT_WORKERS: ' 2 ' }).workers).toBe(2);
    expect(loadConfig({ POLICYBOT_WORKERS: '' }).workers).toBe(defaultWorkers());
    expect([1, 2, 3, 8, 64].map((cores) => defaultWorkers(cores))).toEqual([1, 1, 2, 4, 4]);
    for (const bad of ['-1', '1.5', 'many', '65']) {
      expect(problems({ POLICYBOT_WORKERS: bad })).toEqual([expect.stringMatching(/^POLICYBOT_WORKERS expects a number of answering threads from 0 to 64 \(0 answers on the main thread\)$/)]);
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '', PORT: ' ' }).slack).toBeUndefined();
  });

  it('keeps secrets out of logs, JSON and inspection', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-very-secret', SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef', OPENAI_API_KEY: 'sk-very-secret-key', DISCORD_TOKEN: 'aaaa.bbbb.cccc' });
    const log = memoryLogger();
    log.info('config', { config: c });
    const shown = [JSON.stringify(c), inspect(c, { depth: 5 }), `${c.slack!.botToken}`, ...log.lines].join('\n');
    for (const secret of ['xoxb-very-secret', 'abcdef0123456789abcdef', 'sk-very-secret-key', 'aaaa.bbbb.cccc']) expect(shown).not.toContain(secret);
    expect(c.slack!.botToken!.reveal()).toBe('xoxb-very-secret');
  });
});
