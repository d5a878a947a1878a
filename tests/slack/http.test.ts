import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import { SHARE_ACTION_ID } from '../../src/adapters/slack/blocks.ts';
import { CALENDAR_NOTE } from '../../src/adapters/slack/files.ts';
import type { Bot } from '../../src/bot.ts';
import { Secret } from '../../src/core/secret.ts';
import { extractiveAnswerer, type Answerer } from '../../src/knowledge/answer/answerer.ts';
import { createTestBot, type TestBot } from '../support/core.ts';
import {
  appMention,
  blockActionsBody,
  directMessage,
  eventCallback,
  FORM,
  JSON_TYPE,
  postSigned,
  SIGNING_SECRET,
  slashCommand,
} from '../fakes/slack-requests.ts';
import { BOT_ID, BOT_USER_ID, startFakeSlackWebApi, waitFor, type ApiCall, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';

/**
 * A real Bolt App in HTTP mode on loopback, with the Web API and the
 * response_urls on a local stand-in (SLACK_API_URL). Requests are signed with
 * real HMAC-SHA256, the way Slack signs them.
 */

let behaviour: 'normal' | 'slow' | 'throw' = 'normal';
/** The extractive answerer, made slow (5 s) or failing on demand: what an LLM answerer might do. */
const answerer: Answerer = {
  name: 'test',
  async answer(question, context) {
    if (behaviour === 'slow') await delay(5000);
    if (behaviour === 'throw') throw new Error('the model exploded');
    return extractiveAnswerer.answer(question, context);
  },
};

let api: FakeSlackWebApi;
let test: TestBot;
let adapter: SlackAdapter;
let url: string;
/** Every text that reached the Bot. */
const handled: string[] = [];

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  test = await createTestBot({ answerer });
  const bot: Bot = {
    ...test.bot,
    handleText: (text, invocation) => {
      handled.push(text);
      return test.bot.handleText(text, invocation);
    },
  };
  adapter = createSlackAdapter(
    bot,
    { botToken: new Secret('xoxb-test-token'), signingSecret: new Secret(SIGNING_SECRET), apiUrl: api.url, port: 0, admins: [] },
    test.log,
    { host: '127.0.0.1', apiTimeoutMs: 3000 },
  );
  await adapter.start();
  url = `http://127.0.0.1:${adapter.port}/slack/events`;
});

afterAll(async () => {
  await adapter?.stop();
  await api?.close();
});

beforeEach(() => {
  behaviour = 'normal';
  api.reset();
  handled.length = 0;
  test.log.lines.length = 0;
});

const sendEvent = (event: Record<string, unknown>, eventId?: string, headers?: Record<string, string>) => {
  const body = JSON.stringify(eventCallback(event, eventId));
  return postSigned(url, body, JSON_TYPE, headers ? { headers } : {});
};
const sendSlash = (text: string, id: string, extra: { userId?: string; channelId?: string } = {}) =>
  postSigned(url, slashCommand({ text, responseUrl: api.responseUrl(id), ...extra }), FORM);
const responseFor = (id: string, timeoutMs?: number) => waitFor(() => api.responses.find((r) => r.id === id), `a post to response_url ${id}`, timeoutMs);
const postsTo = (channel: string) => api.posted().filter((c) => c.params.channel === channel);
const blocksOf = (x: { blocks?: unknown }) => x.blocks as Record<string, unknown>[];
/** A private answer as its shared copy shows it: without its buttons, and without the note on getting the calendar file (the shared copy brings the file). */
const asShared = (blocks: Record<string, unknown>[]) =>
  blocks
    .filter((b) => b.type !== 'actions')
    .map((b) => (b.type === 'context' ? { ...b, elements: (b.elements as { text: string }[]).filter((e) => e.text !== CALENDAR_NOTE) } : b));

describe('request verification', () => {
  it('accepts a request signed by Slack', async () => {
    const r = await sendSlash('help', 'signed');
    expect(r.status).toBe(200);
    await responseFor('signed');
    expect(api.calls.filter((c) => c.method === 'auth.test')).toHaveLength(0);
  });

  it('refuses unsigned, wrongly signed, altered, stale and future requests with 401, before any handler', async () => {
    const body = slashCommand({ text: 'help', responseUrl: api.responseUrl('forged') });
    const now = Math.floor(Date.now() / 1000);
    const attempts = {
      unsigned: await postSigned(url, body, FORM, { signature: null }),
      'wrong secret': await postSigned(url, body, FORM, { secret: '0123456789abcdef0123456789abcdef' }),
      'altered by one byte': await postSigned(url, body, FORM, { sendBody: body.replace('text=help', 'text=helq') }),
      'ten minutes old': await postSigned(url, body, FORM, { timestamp: now - 600 }),
      'ten minutes ahead': await postSigned(url, body, FORM, { timestamp: now + 600 }),
      'no timestamp': await postSigned(url, body, FORM, { headers: { 'x-slack-request-timestamp': '' } }),
      'an event, unsigned': await postSigned(url, JSON.stringify(eventCallback(appMention({ text: `<@${BOT_USER_ID}> help` }))), JSON_TYPE, { signature: 'v0=00' }),
    };
    for (const [what, r] of Object.entries(attempts)) expect({ what, status: r.status }).toEqual({ what, status: 401 });
    await delay(200);
    expect(handled).toEqual([]);
    expect(api.responses).toEqual([]);
    expect(api.calls).toEqual([]);
    expect(test.log.lines.filter((l) => l.includes('refused an unverified request'))).toHaveLength(Object.keys(attempts).length);
  });

  it('answers only POSTs to /slack/events', async () => {
    const other = await fetch(url.replace('/slack/events', '/elsewhere'), { method: 'POST', body: '{}' });
    expect(other.status).toBe(404);
    const get = await fetch(url);
    expect(get.status).toBe(404);
    // Slack's certificate probe for slash commands gets its 200 and goes no further, even with a payload smuggled in.
    const probe = await fetch(url, { method: 'POST', headers: { 'content-type': FORM }, body: `ssl_check=1&${slashCommand({ text: 'help', responseUrl: api.responseUrl('probe') })}` });
    expect(probe.status).toBe(200);
    await delay(100);
    expect(handled).toEqual([]);
  });
});

describe('/policy', () => {
  it('acknowledges within Slack’s 3 seconds even when the answer takes 5, then answers through response_url', async () => {
    behaviour = 'slow';
    const sent = Date.now();
    const r = await sendSlash('When is the US-EU memorandum due?', 'slow');
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(3000);
    expect(api.responses).toHaveLength(0);
    const answer = await responseFor('slow', 10_000);
    expect(answer.at - sent).toBeGreaterThanOrEqual(4900);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.text).toMatch(/March 6, 2026/);
  });

  it('answers privately with Block Kit and a button that shares the same answer in the channel', async () => {
    await sendSlash('deadlines', 'deadlines', { channelId: 'C0SHARE1' });
    const { body } = await responseFor('deadlines');
    expect(body.response_type).toBe('ephemeral');
    const blocks = blocksOf(body);
    const actions = blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value: string }[] };
    expect(actions.elements[0]!.action_id).toBe(SHARE_ACTION_ID);

    const click = await postSigned(url, blockActionsBody({ actionId: SHARE_ACTION_ID, value: actions.elements[0]!.value, responseUrl: api.responseUrl('click'), channel: 'C0SHARE1' }), FORM);
    expect(click.status).toBe(200);
    const [shared] = await waitFor(() => postsTo('C0SHARE1').length > 0 && postsTo('C0SHARE1'), 'the shared answer');
    expect(shared!.params.thread_ts).toBeUndefined();
    expect(shared!.params.blocks).toEqual(asShared(blocks));
    expect(shared!.params.text).toBe(body.text);
    // The private copy goes, and its button with it.
    const cleanup = await responseFor('click');
    expect(cleanup.body).toEqual({ delete_original: true });

    // A second click (the ephemeral message lingering in a client) cannot share it twice.
    await postSigned(url, blockActionsBody({ actionId: SHARE_ACTION_ID, value: actions.elements[0]!.value, responseUrl: api.responseUrl('again'), channel: 'C0SHARE1' }), FORM);
    const again = await responseFor('again');
    expect(again.body.text).toMatch(/no longer available/);
    expect(postsTo('C0SHARE1')).toHaveLength(1);
  });

  it('shares through the response_url where the bot may not post (a private channel)', async () => {
    api.on('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    await sendSlash('sources', 'private', { channelId: 'G0PRIVATE' });
    const { body } = await responseFor('private');
    const value = (blocksOf(body).find((b) => b.type === 'actions') as { elements: { value: string }[] }).elements[0]!.value;
    await postSigned(url, blockActionsBody({ actionId: SHARE_ACTION_ID, value, responseUrl: api.responseUrl('private-click'), channel: 'G0PRIVATE' }), FORM);
    await waitFor(() => api.responses.filter((r) => r.id === 'private-click').length === 2, 'the in-channel answer and the cleanup');
    const [inChannel, cleanup] = api.responses.filter((r) => r.id === 'private-click');
    expect(inChannel!.body.response_type).toBe('in_channel');
    expect(inChannel!.body.blocks).toEqual(blocksOf(body).filter((b) => b.type !== 'actions'));
    expect(cleanup!.body).toEqual({ delete_original: true });
  });

  it('runs commands by name and gives short, helpful replies to mistakes', async () => {
    await sendSlash('agreement no such thing', 'unknown');
    await sendSlash('', 'empty');
    await sendSlash('x'.repeat(5000), 'long');
    expect((await responseFor('unknown')).body.text).toMatch(/No agreement matches “no such thing”/);
    expect((await responseFor('empty')).body.text).toMatch(/Ask me a question/);
    const long = (await responseFor('long')).body;
    expect(long.text).toMatch(/5,000 characters long/);
    // Nothing to share in a mistake.
    expect(blocksOf(long).some((b) => b.type === 'actions')).toBe(false);
    expect(handled).toEqual(expect.arrayContaining(['agreement no such thing', '']));
  });

  it('apologises for an internal error and logs its cause', async () => {
    behaviour = 'throw';
    await sendSlash('How big is the EXIM loan behind Project Vault?', 'broken');
    const { body } = await responseFor('broken');
    expect(body.text).toMatch(/^Sorry, something went wrong on my side/);
    expect(test.log.lines.some((l) => l.includes('"level":"error"') && l.includes('the model exploded'))).toBe(true);
  });
});

describe('mentions and direct messages', () => {
  it('answers a mention in a thread under the message, citing its sources with links', async () => {
    const event = appMention({ text: `<@${BOT_USER_ID}> When is the US-EU memorandum due?`, channel: 'C0THREAD1' });
    expect((await sendEvent(event)).status).toBe(200);
    const [post] = await waitFor(() => postsTo('C0THREAD1').length > 0 && postsTo('C0THREAD1'), 'the answer');
    expect(post!.token).toBe('xoxb-test-token');
    expect(post!.params.thread_ts).toBe(event.ts);
    expect(post!.params.text).toMatch(/March 6, 2026/);
    const json = JSON.stringify(post!.params.blocks);
    expect(json).toContain('<https://www.cassidylevy.com/news/us-led-efforts-to-coordinate-critical-minerals-trade-policies-take-shape|US-Led Efforts');
    expect(json).toContain('¶11');
    expect(handled).toEqual(['When is the US-EU memorandum due?']);
  });

  it('answers a follow-up mention inside a thread in that thread', async () => {
    const event = appMention({ text: `<@${BOT_USER_ID}> and the Mexico action plan?`, channel: 'C0THREAD2', threadTs: '1750000000.000777' });
    await sendEvent(event);
    const [post] = await waitFor(() => postsTo('C0THREAD2').length > 0 && postsTo('C0THREAD2'), 'the answer');
    expect(post!.params.thread_ts).toBe('1750000000.000777');
  });

  it('reads a follow-up in a thread against the thread\'s earlier question, and not in another thread', async () => {
    const first = appMention({ text: `<@${BOT_USER_ID}> What is the US-EU memorandum?`, channel: 'C0FOLLOW1' });
    await sendEvent(first);
    await waitFor(() => postsTo('C0FOLLOW1').length === 1, 'the first answer');
    // The follow-up arrives in the thread the first answer started.
    await sendEvent(appMention({ text: `<@${BOT_USER_ID}> who leads it on the us side?`, channel: 'C0FOLLOW1', threadTs: first.ts as string }));
    const [, followUp] = await waitFor(() => postsTo('C0FOLLOW1').length === 2 && postsTo('C0FOLLOW1'), 'the follow-up answer');
    expect(followUp!.params.thread_ts).toBe(first.ts);
    expect(followUp!.params.text).toMatch(/Memorandum[\s\S]*Department of State/);
    // The same words in a fresh thread have no "it" to refer to.
    await sendEvent(appMention({ text: `<@${BOT_USER_ID}> who leads it on the us side?`, channel: 'C0FOLLOW2' }));
    const [alone] = await waitFor(() => postsTo('C0FOLLOW2').length > 0 && postsTo('C0FOLLOW2'), 'the answer in a new thread');
    expect(alone!.params.text).not.toMatch(/Memorandum[\s\S]*Department of State/);
  });

  it('answers a direct message in the DM', async () => {
    await sendEvent(directMessage({ text: 'How big is the EXIM loan behind Project Vault?', channel: 'D0DIRECT7' }));
    const [post] = await waitFor(() => postsTo('D0DIRECT7').length > 0 && postsTo('D0DIRECT7'), 'the answer');
    expect(post!.params.thread_ts).toBeUndefined();
    expect(post!.params.text).toMatch(/\$10 billion/);
  });

  it('echoes nothing that could ping or link: mentions and disguised links are neutralised', async () => {
    const text = `<@${BOT_USER_ID}> agreement <!channel> <!here> <@U0VICTIM> <!subteam^S0ADMINS|@admins> <https://evil.example/phish|the docs> & more`;
    await sendEvent(appMention({ text, channel: 'C0PINGS' }));
    // Not an agreement: the asker alone reads that, in an ephemeral message.
    const post = await waitFor(() => api.calls.find((c) => c.method === 'chat.postEphemeral' && c.params.channel === 'C0PINGS'), 'the answer');
    const json = JSON.stringify(post!.params);
    expect(json).toMatch(/No agreement matches/);
    for (const forbidden of ['<!channel>', '<!here>', '<@U0VICTIM>', '<!subteam', '<https://evil', 'evil.example', '@channel', '@here']) expect(json).not.toContain(forbidden);
    // Still readable, but a word joiner keeps "@channel" from being a broadcast anywhere.
    expect(json).toContain('@\u2060channel');
    expect(json).toContain('&amp; more');
  });

  it('answers an event once, however often Slack delivers it', async () => {
    const event = directMessage({ text: 'sources', channel: 'D0RETRY01' });
    const first = await sendEvent(event, 'Ev0RETRY01');
    const retry = await sendEvent(event, 'Ev0RETRY01', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await waitFor(() => postsTo('D0RETRY01').length > 0, 'the answer');
    await delay(300);
    expect(postsTo('D0RETRY01')).toHaveLength(1);
    expect(handled).toEqual(['sources']);
  });

  it('never answers itself or another bot', async () => {
    await sendEvent(directMessage({ text: 'sources', channel: 'D0BOTS001', user: BOT_USER_ID, botId: BOT_ID }));
    await sendEvent(directMessage({ text: 'sources', channel: 'D0BOTS001', subtype: 'bot_message', botId: 'B0OTHER01' }));
    await sendEvent(directMessage({ text: 'sources', channel: 'D0BOTS001', user: 'U0OTHERBOT', botId: 'B0OTHER01' }));
    await sendEvent(directMessage({ text: 'an edit', channel: 'D0BOTS001', subtype: 'message_changed' }));
    await sendEvent(appMention({ text: `<@${BOT_USER_ID}> sources`, channel: 'C0BOTS001', user: BOT_USER_ID }));
    await sendEvent(appMention({ text: `<@${BOT_USER_ID}> sources`, channel: 'C0BOTS001', user: 'U0OTHERBOT', botId: 'B0OTHER01' }));
    // A person's message after them is answered, so the ones before had their chance.
    await sendEvent(directMessage({ text: 'help', channel: 'D0BOTS001' }));
    await waitFor(() => postsTo('D0BOTS001').length > 0, 'the answer to the person');
    await delay(300);
    expect(handled).toEqual(['help']);
    expect(api.posted()).toHaveLength(1);
  });

  it('logs an answer it could not post', async () => {
    api.on('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    await sendEvent(appMention({ text: `<@${BOT_USER_ID}> sources`, channel: 'C0NOTIN01' }));
    const line = await waitFor(() => test.log.lines.find((l) => l.includes('cannot post to this channel')), 'the log line');
    expect(line).toContain('not_in_channel');
    expect(line).toContain('C0NOTIN01');
  });
});

describe('the Web API', () => {
  it('waits as a 429 asks (Retry-After) and posts exactly once', async () => {
    api.on('chat.postMessage', (_call, attempt) => (attempt === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } } : undefined));
    await sendEvent(appMention({ text: `<@${BOT_USER_ID}> sources`, channel: 'C0LIMITED' }));
    await waitFor(() => api.posted().length > 0, 'the retried post', 8000);
    await delay(300);
    const attempts = api.calls.filter((c) => c.method === 'chat.postMessage');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
    expect(api.posted()).toHaveLength(1);
  });

  it('does not retry a failure that may have posted (HTTP 500)', async () => {
    api.on('chat.postMessage', () => ({ status: 500, body: { ok: false, error: 'internal_error' } }));
    const outcome = await adapter.post('C0FIVEHUN', (await test.bot.handleText('sources', { platform: 'slack' })));
    expect(outcome).toMatchObject({ ok: false, permanent: false });
    expect(api.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });

  it('post(): posts rendered blocks and says whether a failure is permanent', async () => {
    const r = await test.bot.handleText('deadlines', { platform: 'slack' });
    const ok = await adapter.post('C0REMIND1', r);
    expect(ok).toMatchObject({ ok: true });
    expect(ok.ok && ok.messageId).toMatch(/^\d+\.\d+$/);
    const [posted] = postsTo('C0REMIND1');
    expect(posted!.params.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'context' })]));
    expect(posted!.params.unfurl_links).toBe('false');

    const outcomes: Record<string, unknown> = {};
    for (const error of ['channel_not_found', 'is_archived', 'not_in_channel', 'missing_scope', 'internal_error', 'fatal_error']) {
      api.on('chat.postMessage', () => ({ body: { ok: false, error } }));
      outcomes[error] = await adapter.post('C0REMIND2', r);
    }
    expect(outcomes).toEqual({
      channel_not_found: { ok: false, reason: 'channel_not_found', permanent: true },
      is_archived: { ok: false, reason: 'is_archived', permanent: true },
      not_in_channel: { ok: false, reason: 'not_in_channel', permanent: true },
      missing_scope: { ok: false, reason: 'missing_scope', permanent: true },
      internal_error: { ok: false, reason: 'internal_error', permanent: false },
      fatal_error: { ok: false, reason: 'fatal_error', permanent: false },
    });
  });

  it('post(): falls back to plain text when Slack refuses the blocks', async () => {
    api.on('chat.postMessage', (call: ApiCall) => (call.params.blocks ? { body: { ok: false, error: 'msg_blocks_too_long' } } : undefined));
    const outcome = await adapter.post('C0TEXTONLY', await test.bot.handleText('sources', { platform: 'slack' }));
    expect(outcome.ok).toBe(true);
    const [posted] = postsTo('C0TEXTONLY');
    expect(posted!.params.blocks).toBeUndefined();
    expect(posted!.params.text).toMatch(/I answer from 1 source document/);
  });

  it('post(): a transient failure (the stand-in unreachable) is not permanent', async () => {
    const offline = createSlackAdapter(
      test.bot,
      { botToken: new Secret('xoxb-test-token'), signingSecret: new Secret(SIGNING_SECRET), apiUrl: 'http://127.0.0.1:9/api/', port: 0, admins: [] },
      test.log,
      { apiTimeoutMs: 1000 },
    );
    const outcome = await offline.post('C0OFFLINE', await test.bot.handleText('sources', { platform: 'slack' }));
    expect(outcome).toMatchObject({ ok: false, permanent: false });
  });
});

describe('start-up', () => {
  it('names the variable to fix when Slack refuses the bot token, without printing it', async () => {
    const refusing = await startFakeSlackWebApi();
    refusing.on('auth.test', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const a = createSlackAdapter(
      test.bot,
      { botToken: new Secret('xoxb-revoked-token'), signingSecret: new Secret(SIGNING_SECRET), apiUrl: refusing.url, port: 0, admins: [] },
      test.log,
      { host: '127.0.0.1' },
    );
    try {
      const failure = await a.start().then(() => undefined, (e: unknown) => e as Error);
      expect(failure?.message).toMatch(/^slack: Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
      expect(String(failure?.message)).not.toContain('xoxb-revoked-token');
      expect(a.port).toBeUndefined();
    } finally {
      await a.stop();
      await refusing.close();
    }
  });
});
