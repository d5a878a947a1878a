import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FEEDBACK_UP_ACTION_ID } from '../../src/adapters/slack/blocks.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import { createBot, type Bot } from '../../src/bot.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { Secret } from '../../src/core/secret.ts';
import { Scheduler } from '../../src/following/scheduler.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { appMention, blockActionsBody, eventCallback, FORM, JSON_TYPE, postSigned, SIGNING_SECRET, slashCommand } from '../fakes/slack-requests.ts';
import { BOT_USER_ID, HANG, startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { memoryLogger, shippedKnowledgeBase } from '../support/core.ts';
import { tempDataDir } from '../support/store.ts';
import { faultyDisk } from './disk.ts';

/**
 * Slack's Web API and response_urls answering 429, 5xx or nothing at all,
 * under a real Bolt App in HTTP mode on loopback: nothing crashes, nothing
 * waits longer than the adapter's timeout, every failure is logged with its
 * cause, nothing that may have posted is posted again, a reminder that did
 * not go out goes out once on a later tick, and the next request is answered.
 */

const TIMEOUT_MS = 500;
/** Timers, teardown, a busy machine. */
const MARGIN_MS = 1500;
const MOU = 'When is the US-EU memorandum due?';

let api: FakeSlackWebApi;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let store: LowdbStore;
let bot: Bot;
let adapter: SlackAdapter;
let url: string;
const disk = faultyDisk();
const log = memoryLogger('debug');
const clock = fixedClock('2026-02-27');

function slackAdapter(apiUrl: string, token = 'xoxb-test-token'): SlackAdapter {
  return createSlackAdapter(bot, { botToken: new Secret(token), signingSecret: new Secret(SIGNING_SECRET), apiUrl, port: 0, admins: [] }, log, { host: '127.0.0.1', apiTimeoutMs: TIMEOUT_MS });
}

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  data = await tempDataDir();
  store = await LowdbStore.open(data.file, { adapter: disk.adapter, log });
  bot = createBot({ knowledge: new KnowledgeHolder(await shippedKnowledgeBase()), clock, log, following: { store, reminderDays: [7], subscriptionsChanged: () => {} } });
  adapter = slackAdapter(api.url);
  await adapter.start();
  url = `http://127.0.0.1:${adapter.port}/slack/events`;
  // One mention answered end to end before the timed tests: they measure the timeout, not the first answer's cold start
  // (on the shared 2-core machine under other suites, that alone took longer than the margin).
  await mention('C0WARMUP');
  await waitFor(() => postsTo('C0WARMUP').length > 0, 'the warm-up answer', 15_000);
});

afterAll(async () => {
  await adapter?.stop();
  await api?.close();
  await store?.close();
  await data?.dispose();
});

beforeEach(() => {
  api.reset();
  disk.heal();
  log.lines.length = 0;
});

const lines = () => log.lines.map((l) => JSON.parse(l) as { level: string; message: string; [key: string]: any });
const logLine = (message: string, what = message, timeoutMs = 5000) => waitFor(() => lines().find((l) => l.message === message), what, timeoutMs);
const mention = (channel: string, text = MOU) => postSigned(url, JSON.stringify(eventCallback(appMention({ text: `<@${BOT_USER_ID}> ${text}`, channel }))), JSON_TYPE);
const slash = (text: string, id: string, channelId = 'C0GENERAL') => postSigned(url, slashCommand({ text, responseUrl: api.responseUrl(id), channelId }), FORM);
const postsTo = (channel: string) => api.posted().filter((c) => c.params.channel === channel);
const attemptsIn = (channel: string) => api.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === channel);
const otherThan = (channel: string) => (call: { params: Record<string, unknown> }) => call.params.channel !== channel;

/** The next mention, elsewhere, is answered as ever. */
async function answersTheNext(channel: string): Promise<void> {
  await mention(channel);
  const [post] = await waitFor(() => postsTo(channel).length > 0 && postsTo(channel), `the answer in ${channel}`);
  expect(post!.params.text).toMatch(/March 6, 2026/);
}

describe('chat.postMessage, answering a mention', () => {
  it('a post Slack never answers ends within the timeout, is not repeated (it may have posted), and is logged with its cause', async () => {
    api.on('chat.postMessage', (call) => (call.params.channel === 'C0HANG001' ? HANG : undefined));
    const sent = Date.now();
    await mention('C0HANG001');
    const line = await logLine('slack: posting failed');
    expect(Date.now() - sent).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(line).toMatchObject({ level: 'error', channel: 'C0HANG001', permanent: false });
    expect(line.reason).toMatch(/request error|abort|timeout/i);
    await delay(200);
    expect(attemptsIn('C0HANG001')).toHaveLength(1);
    await answersTheNext('C0AFTER01');
  });

  it.each([500, 503])('HTTP %i: logged with the status, not repeated, and the next is answered', async (status) => {
    api.on('chat.postMessage', (call) => (call.params.channel === 'C0DOWN001' ? { status, body: { ok: false, error: 'service_unavailable' } } : undefined));
    await mention('C0DOWN001');
    const line = await logLine('slack: posting failed');
    expect(line.reason).toContain(`statusCode = ${status}`);
    expect(attemptsIn('C0DOWN001')).toHaveLength(1);
    await answersTheNext('C0AFTER02');
  });

  it('429 again and again: waits each time as asked, gives up after three attempts, and logs it', async () => {
    api.on('chat.postMessage', (call) => (call.params.channel === 'C0LIMIT01' ? { status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } } : undefined));
    await mention('C0LIMIT01');
    const line = await logLine('slack: posting failed');
    expect(line.reason).toMatch(/WebAPIRateLimitedError/);
    expect(attemptsIn('C0LIMIT01')).toHaveLength(3);
    expect(lines().filter((l) => l.message.startsWith('slack: rate limited'))).toHaveLength(2);
    await answersTheNext('C0AFTER03');
  });

  it('429 with a Retry-After longer than the bot waits: not waited for, logged at once', async () => {
    api.on('chat.postMessage', (call) => (call.params.channel === 'C0LIMIT02' ? { status: 429, headers: { 'retry-after': '120' }, body: { ok: false, error: 'ratelimited' } } : undefined));
    const sent = Date.now();
    await mention('C0LIMIT02');
    await logLine('slack: posting failed');
    expect(Date.now() - sent).toBeLessThan(MARGIN_MS);
    expect(attemptsIn('C0LIMIT02')).toHaveLength(1);
    await answersTheNext('C0AFTER04');
  });
});

describe('response_url, answering a slash command', () => {
  it('a response_url that never answers ends within the timeout, is logged, and the next command is answered', async () => {
    api.onRespond((post) => (post.id === 'hangs' ? HANG : undefined));
    const sent = Date.now();
    const ack = await slash(MOU, 'hangs');
    expect(ack.status).toBe(200);
    const line = await logLine('slack: could not answer through response_url');
    expect(Date.now() - sent).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(line).toMatchObject({ level: 'error', channel: 'C0GENERAL' });
    await slash(MOU, 'after-hang');
    expect((await waitFor(() => api.responses.find((r) => r.id === 'after-hang'), 'the next answer')).body.text).toMatch(/March 6, 2026/);
  });

  it.each([
    [429, 'rate limited'],
    [500, 'a server error'],
    [503, 'unavailable'],
    [404, 'an expired response_url'],
  ])('%i (%s) is logged with the status, and the next command is answered', async (status) => {
    const headers: Record<string, string> = status === 429 ? { 'retry-after': '1' } : {};
    api.onRespond((post) => (post.id === `fails-${status}` ? { status, headers, body: { ok: false } } : undefined));
    await slash(MOU, `fails-${status}`);
    const line = await logLine('slack: could not answer through response_url');
    expect(line.error.message).toContain(String(status));
    await slash(MOU, `after-${status}`);
    await waitFor(() => api.responses.find((r) => r.id === `after-${status}`), 'the next answer');
  });
});

describe('files.uploadV2, the calendar under a mention’s answer', () => {
  it('an upload Slack never answers ends within the timeout and is logged; the answer stays', async () => {
    api.on('files.getUploadURLExternal', () => HANG);
    await mention('C0FILE001', 'deadlines');
    const line = await logLine('slack: uploading a file failed; the answer went without it');
    expect(line).toMatchObject({ channel: 'C0FILE001', filename: 'policybot-deadlines.ics' });
    expect(postsTo('C0FILE001')).toHaveLength(1);
    expect(api.files()).toEqual([]);
  });

  it('a 429 on sharing the file is waited out, and the file is shared once', async () => {
    api.on('files.completeUploadExternal', (_call, attempt) => (attempt === 1 ? { status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } } : undefined));
    await mention('C0FILE002', 'deadlines');
    const [file] = await waitFor(() => api.files().length > 0 && api.files(), 'the shared file');
    expect(file).toMatchObject({ channel: 'C0FILE002', filename: 'policybot-deadlines.ics' });
    await delay(200);
    expect(api.files()).toHaveLength(1);
  });

  it('a 503 on sharing the file is logged, not repeated, and the answer stays', async () => {
    api.on('files.completeUploadExternal', () => ({ status: 503, body: { ok: false } }));
    await mention('C0FILE003', 'deadlines');
    await logLine('slack: uploading a file failed; the answer went without it');
    expect(api.calls.filter((c) => c.method === 'files.completeUploadExternal')).toHaveLength(1);
    expect(postsTo('C0FILE003')).toHaveLength(1);
  });
});

describe('auth.test at start', () => {
  async function starting(configure: (slack: FakeSlackWebApi) => void): Promise<{ failure: Error | undefined; ms: number; calls: number }> {
    const slack = await startFakeSlackWebApi();
    configure(slack);
    const a = slackAdapter(slack.url);
    const started = Date.now();
    try {
      const failure = await a.start().then(() => undefined, (error: unknown) => error as Error);
      return { failure, ms: Date.now() - started, calls: slack.calls.filter((c) => c.method === 'auth.test').length };
    } finally {
      await a.stop();
      await slack.close();
    }
  }

  it('rides out a 503 or two (auth.test changes nothing, so it may be asked again)', async () => {
    const { failure, calls } = await starting((slack) => slack.on('auth.test', (_call, attempt) => (attempt <= 2 ? { status: 503, body: { ok: false } } : undefined)));
    expect(failure).toBeUndefined();
    expect(calls).toBe(3);
    expect(lines().filter((l) => l.message === 'slack: call failed for a passing reason; trying again')).toHaveLength(2);
  });

  it('waits out a 429 as asked', async () => {
    const { failure, calls, ms } = await starting((slack) => slack.on('auth.test', (_call, attempt) => (attempt === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } } : undefined)));
    expect(failure).toBeUndefined();
    expect(calls).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  it('a Slack that never answers stops start-up within a bound, without blaming the token', async () => {
    const { failure, calls, ms } = await starting((slack) => slack.on('auth.test', () => HANG));
    expect(failure).toBeInstanceOf(Error);
    expect(failure!.message).not.toMatch(/refused SLACK_BOT_TOKEN/);
    expect(calls).toBe(3);
    // Three timeouts and two short waits between them.
    expect(ms).toBeLessThan(3 * TIMEOUT_MS + 1500 + MARGIN_MS);
  });

  it('a refused token is not asked again', async () => {
    const { failure, calls } = await starting((slack) => slack.on('auth.test', () => ({ body: { ok: false, error: 'invalid_auth' } })));
    expect(failure?.message).toMatch(/refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    expect(calls).toBe(1);
  });
});

describe('reminders posted to Slack', () => {
  const channel = { platform: 'slack' as const, channelId: 'C0REMIND1' };
  async function scheduler(): Promise<Scheduler> {
    await store.subscribe(channel, ['deadlines'], new Date('2026-02-01T00:00:00Z'));
    return new Scheduler({ store, knowledge: bot.knowledge, clock, log, posters: { slack: (id, r) => adapter.post(id, r) }, reminderDays: [7] });
  }
  const forget = async () => {
    for (const p of (await store.posts())) await store.releasePost(p.key);
    await store.unsubscribe(channel);
  };

  it.each([
    ['never answers', HANG],
    ['answers 503', { status: 503, body: { ok: false } }],
    ['answers 500 internal_error', { body: { ok: false, error: 'internal_error' } }],
  ])('a reminder whose post %s is released, and posted once on the next tick', async (_what, answer) => {
    const s = await scheduler();
    try {
      api.on('chat.postMessage', (_call, attempt) => (attempt === 1 ? answer : undefined));
      expect(await s.tick()).toMatchObject({ sent: 0, retryLater: 1 });
      expect((await store.posts())).toEqual([]);
      expect(lines().some((l) => l.message === 'post failed; will retry')).toBe(true);
      expect(await s.tick()).toMatchObject({ sent: 1 });
      expect(await s.tick()).toMatchObject({ sent: 0, retryLater: 0 });
      expect(postsTo('C0REMIND1')).toHaveLength(1);
      expect(postsTo('C0REMIND1')[0]!.params.text).toMatch(/memorandum/);
    } finally {
      await s.stop();
      await forget();
    }
  });

  it('a 429 is waited out within the same tick, and the reminder posted once', async () => {
    const s = await scheduler();
    try {
      api.on('chat.postMessage', (_call, attempt) => (attempt === 1 ? { status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } } : undefined));
      expect(await s.tick()).toMatchObject({ sent: 1 });
      expect(postsTo('C0REMIND1')).toHaveLength(1);
    } finally {
      await s.stop();
      await forget();
    }
  });
});

describe('the data store refusing writes, seen from Slack', () => {
  it('/policy subscribe answers that it could not be saved; a 👍 is not thanked for; mentions are answered meanwhile', async () => {
    disk.fail('ENOSPC');
    await slash('subscribe all', 'subscribe', 'C0DISK001');
    const refused = await waitFor(() => api.responses.find((r) => r.id === 'subscribe'), 'the answer to subscribe');
    expect(refused.body.text).toMatch(/could not save that just now.*This channel is not subscribed\./);
    expect(refused.body.text).not.toMatch(/Subscribed|Sorry, something went wrong/);
    expect((await store.subscription({ platform: 'slack', channelId: 'C0DISK001' }))).toBeUndefined();

    const answer = await bot.handleQuestion(MOU, { platform: 'slack', channelId: 'C0DISK001', userId: 'U0ASKER1' });
    await postSigned(url, blockActionsBody({ actionId: FEEDBACK_UP_ACTION_ID, value: answer.feedbackId!, responseUrl: api.responseUrl('vote'), channel: 'C0DISK001', label: '👍' }), FORM);
    const vote = await waitFor(() => api.responses.find((r) => r.id === 'vote'), 'the answer to the vote');
    expect(vote.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(vote.body.text)).toMatch(/could not save that just now.*nothing was recorded/);
    expect((await store.feedback()).filter((f) => f.kind === 'vote')).toEqual([]);

    await answersTheNext('C0DISK002');
    expect(api.posted().filter(otherThan('C0DISK002'))).toEqual([]);
  });
});
