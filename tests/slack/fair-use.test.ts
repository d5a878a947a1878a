import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import { createBot } from '../../src/bot.ts';
import { createFairUse } from '../../src/core/fair-use.ts';
import { Secret } from '../../src/core/secret.ts';
import { appMention, eventCallback, FORM, JSON_TYPE, postSigned, SIGNING_SECRET, slashCommand } from '../fakes/slack-requests.ts';
import { BOT_USER_ID, startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { createTestBot } from '../support/core.ts';

/**
 * Fair use as Slack users meet it, through the real Bolt app: the person over
 * their limit is told privately when to try again, and the channel reads no
 * "slow down" notices.
 */

let api: FakeSlackWebApi;
let adapter: SlackAdapter;
let url: string;

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  const test = await createTestBot();
  // Time stands still for the limits: the wait told is the whole minute, however long the first answer took on a busy machine.
  const fairUse = createFairUse({ user: { count: 1, perMs: 60_000 }, inFlight: 8 }, { log: test.log, now: () => 0 });
  const bot = createBot({ knowledge: test.knowledge, clock: test.clock, log: test.log, fairUse });
  adapter = createSlackAdapter(bot, { botToken: new Secret('xoxb-test-token'), signingSecret: new Secret(SIGNING_SECRET), apiUrl: api.url, port: 0, admins: [] }, test.log, { host: '127.0.0.1', apiTimeoutMs: 3000 });
  await adapter.start();
  url = `http://127.0.0.1:${adapter.port}/slack/events`;
});

afterAll(async () => {
  await adapter?.stop();
  await api?.close();
});

beforeEach(() => api.reset());

const mention = (user: string, ts: string) => postSigned(url, JSON.stringify(eventCallback(appMention({ text: `<@${BOT_USER_ID}> When is the US-EU memorandum due?`, user, ts, channel: 'C0BUSY' }))), JSON_TYPE);

describe('fair use in Slack', () => {
  it('answers a mention in its thread, and tells the same person privately, in that thread, when to ask again', async () => {
    expect((await mention('U0FLOOD1', '1770000001.000100')).status).toBe(200);
    const answered = await waitFor(() => api.posted().find((c) => c.params.thread_ts === '1770000001.000100'), 'the answer');
    expect(String(answered.params.text)).toMatch(/March|2026/);

    expect((await mention('U0FLOOD1', '1770000002.000100')).status).toBe(200);
    const notice = await waitFor(() => api.calls.find((c) => c.method === 'chat.postEphemeral'), 'a private notice');
    expect(notice.params).toMatchObject({ channel: 'C0BUSY', user: 'U0FLOOD1', thread_ts: '1770000002.000100' });
    expect(String(notice.params.text)).toMatch(/faster than I answer everyone fairly/);
    // A minute from the first question, counted in real time: on a loaded machine the first answer may take a second or two.
    expect(JSON.stringify(notice.params.blocks)).toMatch(/Try again in (5[0-9]|60) seconds/);
    expect(api.posted().filter((c) => c.params.thread_ts === '1770000002.000100')).toEqual([]);

    // Someone else in the same channel is answered as usual.
    await mention('U0OTHER1', '1770000003.000100');
    await waitFor(() => api.posted().find((c) => c.params.thread_ts === '1770000003.000100'), 'the answer to someone else');
  });

  it('falls back to the thread when Slack refuses the private notice', async () => {
    api.on('chat.postEphemeral', () => ({ body: { ok: false, error: 'user_not_in_channel' } }));
    await mention('U0FLOOD2', '1770000011.000100');
    await waitFor(() => api.posted().find((c) => c.params.thread_ts === '1770000011.000100'), 'the answer');
    await mention('U0FLOOD2', '1770000012.000100');
    const notice = await waitFor(() => api.posted().find((c) => c.params.thread_ts === '1770000012.000100'), 'the notice in the thread');
    expect(JSON.stringify(notice.params.blocks)).toMatch(/Try again in/);
  });

  it('answers a slash command over the limit privately, as every slash command is', async () => {
    const send = (id: string) => postSigned(url, slashCommand({ text: 'When is the US-EU memorandum due?', responseUrl: api.responseUrl(id), userId: 'U0FLOOD3' }), FORM);
    await send('first');
    await send('second');
    const second = await waitFor(() => api.responses.find((r) => r.id === 'second'), 'the second response');
    expect(second.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/faster than I answer everyone fairly/) });
  });
});
