import { afterEach, describe, expect, test } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/discord-adapter.ts';
import { ConfigError } from '../../src/config.ts';
import { reply } from '../../src/core/reply.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-stand-in.ts';
import { createTestBot } from '../support/core.ts';
import { logged, startStack, stopAll } from './harness.ts';

const opened: FakeDiscord[] = [];
afterEach(async () => {
  await stopAll();
  await Promise.all(opened.splice(0).map((d) => d.close()));
});

async function standIn(options: Parameters<typeof startFakeDiscord>[0] = {}): Promise<FakeDiscord> {
  const d = await startFakeDiscord(options);
  opened.push(d);
  return d;
}

describe('start', () => {
  test('a token Discord refuses stops start-up naming DISCORD_TOKEN', async () => {
    const discord = await standIn();
    const { bot, log } = await createTestBot();
    const adapter = createDiscordAdapter(bot, discord.config({ token: 'MTAx.not-the.right-token' }), log);
    const failure = await adapter.start().then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).problems[0]?.variable).toBe('DISCORD_TOKEN');
    expect(String((failure as Error).message)).not.toContain('not-the');
  });

  test('a refused Message Content intent stops start-up naming DISCORD_MENTIONS', async () => {
    const discord = await standIn({ disallowedIntents: 1 << 15 });
    const { bot, log } = await createTestBot();
    const adapter = createDiscordAdapter(bot, discord.config({ mentions: true }), log);
    const failure = await adapter.start().then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).problems[0]).toMatchObject({ variable: 'DISCORD_MENTIONS' });
    expect((failure as Error).message).toMatch(/Message Content Intent/);
  });

  test('warns at start when the registered commands differ from the specs', async () => {
    const { log } = await startStack();
    await waitUntil(() => logged(log.lines).some((l) => l.level === 'warn' && /discord:register/.test(l.message)));
    const warning = logged(log.lines).find((l) => /discord:register/.test(l.message));
    expect(warning?.missing).toContain('ask');
  });

  test('stop is quiet and idempotent', async () => {
    const { adapter, log } = await startStack();
    await adapter.stop();
    await adapter.stop();
    expect(logged(log.lines).filter((l) => l.level === 'error' || /reconnect/.test(l.message))).toHaveLength(0);
  });
});

describe('post', () => {
  const reminder = reply({ kind: 'info', title: 'Reminder', text: 'A deadline is near. @everyone' });

  test('sends embeds to the channel and returns the message id', async () => {
    const { adapter, discord } = await startStack();
    const outcome = await adapter.post(discord.ids.channelId, reminder);
    expect(outcome.ok).toBe(true);
    const [sent] = discord.api.find('POST', new RegExp(`^/channels/${discord.ids.channelId}/messages$`));
    // An ordinary text channel: nothing to publish, so no caveat stands (null clears any earlier one).
    expect(outcome).toEqual({ ok: true, messageId: expect.any(String), caveat: null });
    expect(sent?.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(sent?.body.embeds[0]).toMatchObject({ title: 'Reminder', description: 'A deadline is near. @\u200beveryone' });
  });

  test('attachments travel as files', async () => {
    const { adapter, discord } = await startStack();
    const withFile = reply({ kind: 'info', text: 'Calendar attached.', attachments: [{ filename: 'deadlines.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }] });
    expect((await adapter.post(discord.ids.channelId, withFile)).ok).toBe(true);
    const [sent] = discord.api.find('POST', /\/messages$/);
    expect(sent?.files).toEqual([expect.objectContaining({ name: 'deadlines.ics', text: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' })]);
    expect(sent?.body.attachments).toEqual([{ id: '0', filename: 'deadlines.ics' }]);
  });

  test.each([
    [10003, 404, 'Unknown Channel'],
    [50001, 403, 'Missing Access'],
    [50013, 403, 'Missing Permissions'],
  ])('code %i is a permanent failure', async (code, status, message) => {
    const { adapter, discord } = await startStack();
    discord.api.on('POST', /^\/channels\/\d+\/messages$/, { status, body: { code, message } });
    const outcome = await adapter.post(discord.ids.channelId, reminder);
    expect(outcome).toMatchObject({ ok: false, permanent: true });
    expect(!outcome.ok && outcome.reason).toContain(String(code));
  });

  test('a server error is transient', async () => {
    const { adapter, discord } = await startStack();
    discord.api.on('POST', /^\/channels\/\d+\/messages$/, { status: 503, body: { message: 'Service Unavailable' } });
    const outcome = await adapter.post(discord.ids.channelId, reminder);
    expect(outcome).toMatchObject({ ok: false, permanent: false });
  });

  test('posting before start is transient, not a crash', async () => {
    const { adapter, discord } = await startStack({ start: false });
    expect(await adapter.post(discord.ids.channelId, reminder)).toMatchObject({ ok: false, permanent: false });
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
