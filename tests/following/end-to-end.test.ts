import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { startBot } from '../support/run.ts';
import { tempDataDir } from '../support/store.ts';
import { FAKE_TOKEN, startFakeDiscord, type FakeDiscord } from '../fakes/discord-stand-in.ts';

/**
 * The whole chain as `npm start` runs it: configuration, the data store, the
 * scheduler and the Discord adapter, against the Discord stand-in, with the
 * clock fixed by POLICYBOT_NOW.
 */
let discord: FakeDiscord;
let data: Awaited<ReturnType<typeof tempDataDir>>;
const running: ChildProcess[] = [];

beforeEach(async () => {
  discord = await startFakeDiscord();
  data = await tempDataDir();
});
afterEach(async () => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
  await discord.close();
  await data.dispose();
});

function startNow(now: string): { stopped: Promise<number | null>; stderr: () => string; stop(): void } {
  const bot = startBot({ DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: discord.apiUrl, POLICYBOT_DATA: data.file, POLICYBOT_NOW: now });
  running.push(bot.child);
  return { stopped: bot.exited, stderr: bot.stderr, stop: () => void bot.child.kill('SIGTERM') };
}

const reminders = () => discord.api.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${discord.ids.channelId}/messages`);

describe('npm start with Discord and a data store', () => {
  it('posts the reminder due today once, and after a restart only the next one', async () => {
    const store = await LowdbStore.open(data.file);
    await store.subscribe({ platform: 'discord', channelId: discord.ids.channelId }, ['deadlines'], new Date('2026-02-20T00:00:00Z'));
    await store.close();

    const first = startNow('2026-02-27');
    const posted = await discord.api.waitFor((r) => r.method === 'POST' && r.path === `/channels/${discord.ids.channelId}/messages`, 15_000);
    expect(posted.body.embeds[0].title).toBe('Deadline in 7 days: Conclusion of the US–EU memorandum');
    expect(posted.body.allowed_mentions).toMatchObject({ parse: [] });
    first.stop();
    expect(await first.stopped).toBe(0);

    // Restarted on the day before the deadline: the 1-day reminder goes out; the 7-day one is not repeated.
    const second = startNow('2026-03-05');
    await discord.api.waitFor((r) => r.method === 'POST' && r.path === `/channels/${discord.ids.channelId}/messages` && r !== posted, 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    second.stop();
    await second.stopped;
    expect(reminders().map((r) => r.body.embeds[0].title)).toEqual(['Deadline in 7 days: Conclusion of the US–EU memorandum', 'Deadline in 1 day: Conclusion of the US–EU memorandum']);

    const after = await LowdbStore.open(data.file);
    expect((await after.posts()).map((p) => [p.key, p.state])).toEqual([
      ['reminder:discord:1300000000000000003:us-eu-mou-conclusion@2026-03-06:7', 'sent'],
      ['reminder:discord:1300000000000000003:us-eu-mou-conclusion@2026-03-06:1', 'sent'],
    ]);
    await after.close();
  });
});
