import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FEEDBACK_DOWN_ACTION_ID, FEEDBACK_UP_ACTION_ID, SHARE_ACTION_ID } from '../../src/adapters/slack/blocks.ts';
import { FEEDBACK_FORM_CALLBACK_ID, REASON_ACTION_ID, REASON_BLOCK_ID } from '../../src/adapters/slack/feedback.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import { createBot, type Bot } from '../../src/bot.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { Secret } from '../../src/core/secret.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { knowledgePaths } from '../../src/knowledge/load.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { EVAL_NOW, memoryLogger, PROJECT_ROOT, shippedKnowledgeBase } from '../support/core.ts';
import { tempDataDir } from '../support/store.ts';
import { appMention, blockActionsBody, directMessage, eventCallback, FORM, JSON_TYPE, postSigned, SIGNING_SECRET, slashCommand, viewSubmissionBody } from '../fakes/slack-requests.ts';
import { BOT_USER_ID, startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';

/**
 * What the Slack adapter exposes of the bot's following features, end to end:
 * a real Bolt App in HTTP mode on loopback, signed requests, the Web API and
 * response_urls on the local stand-in, and a bot with a real data store (a
 * lowdb file in a temporary folder).
 *
 * Two adapters share the bot: one as if POLICYBOT_SLACK_ADMINS named
 * U0ADMIN01, one without it (anyone may change a channel).
 */

const ADMIN = 'U0ADMIN01';
const ASKER = 'U0ASKER1';
const ANYONE = 'U0ANYONE1';
const QUESTION = 'How big is the EXIM loan behind Project Vault?';

let api: FakeSlackWebApi;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let store: LowdbStore;
let bot: Bot;
const log = memoryLogger('debug');
let pokes = 0;
let withAdmins: SlackAdapter;
let withoutAdmins: SlackAdapter;
/** Where Slack posts to each adapter. */
let guardedUrl: string;
let openUrl: string;

async function startAdapter(admins: string[]): Promise<SlackAdapter> {
  const adapter = createSlackAdapter(
    bot,
    { botToken: new Secret('xoxb-test-token'), signingSecret: new Secret(SIGNING_SECRET), apiUrl: api.url, port: 0, admins },
    log,
    { host: '127.0.0.1', apiTimeoutMs: 3000 },
  );
  await adapter.start();
  return adapter;
}

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  data = await tempDataDir();
  store = await LowdbStore.open(data.file);
  bot = createBot({
    knowledge: new KnowledgeHolder(await shippedKnowledgeBase(), knowledgePaths(PROJECT_ROOT)),
    clock: fixedClock(EVAL_NOW),
    log,
    following: { store, reminderDays: [30, 7, 1, 0], subscriptionsChanged: () => void pokes++ },
  });
  withAdmins = await startAdapter([ADMIN]);
  withoutAdmins = await startAdapter([]);
  guardedUrl = `http://127.0.0.1:${withAdmins.port}/slack/events`;
  openUrl = `http://127.0.0.1:${withoutAdmins.port}/slack/events`;
});

afterAll(async () => {
  await withAdmins?.stop();
  await withoutAdmins?.stop();
  await api?.close();
  await store?.close();
  await data?.dispose();
});

// The log is kept whole for the privacy check at the end; tests look for their own lines.
beforeEach(() => api.reset());

type Block = Record<string, any>;
const slash = (url: string, text: string, id: string, extra: { userId?: string; channelId?: string } = {}) =>
  postSigned(url, slashCommand({ text, responseUrl: api.responseUrl(id), ...extra }), FORM);
const responseFor = (id: string) => waitFor(() => api.responses.find((r) => r.id === id), `a post to response_url ${id}`);
const event = (url: string, e: Record<string, unknown>) => postSigned(url, JSON.stringify(eventCallback(e)), JSON_TYPE);
const postsTo = (channel: string) => api.posted().filter((c) => c.params.channel === channel);
const firstPostTo = async (channel: string) => (await waitFor(() => postsTo(channel).length > 0 && postsTo(channel), `a post in ${channel}`))[0]!;
const buttonsOf = (blocks: unknown) => ((blocks as Block[]).find((b) => b.type === 'actions')?.elements ?? []) as { action_id: string; value: string; text: { text: string } }[];
const click = (url: string, fields: Parameters<typeof blockActionsBody>[0]) => postSigned(url, blockActionsBody(fields), FORM);
const latestFeedback = async () => (await store.feedback()).at(-1);

describe('subscriptions from Slack', () => {
  it('with POLICYBOT_SLACK_ADMINS set, only the people it names may subscribe or unsubscribe a channel; anyone may see what it receives', async () => {
    const channel = { platform: 'slack' as const, channelId: 'C0SUBS001' };

    await slash(guardedUrl, 'subscribe deadlines', 'refused', { userId: ASKER, channelId: 'C0SUBS001' });
    const refused = (await responseFor('refused')).body;
    expect(refused.text).toBe('You may not change this channel’s subscriptions.');
    expect(JSON.stringify(refused.blocks)).toContain('POLICYBOT_SLACK_ADMINS');
    expect((await store.subscription(channel))).toBeUndefined();

    const before = pokes;
    await slash(guardedUrl, 'subscribe deadlines', 'allowed', { userId: ADMIN, channelId: 'C0SUBS001' });
    expect((await responseFor('allowed')).body.text).toMatch(/^Subscribed: This channel now receives deadline reminders\. Reminders come 30, 7 and 1 days before/);
    expect((await store.subscription(channel))).toMatchObject({ topics: ['deadlines'] });
    expect(pokes).toBe(before + 1);

    await slash(guardedUrl, 'subscriptions', 'status', { userId: ASKER, channelId: 'C0SUBS001' });
    expect((await responseFor('status')).body.text).toMatch(/This channel receives deadline reminders, since 2026-11-28/);

    // A mention goes through the same check.
    await event(guardedUrl, appMention({ text: `<@${BOT_USER_ID}> unsubscribe`, channel: 'C0SUBS001', user: ASKER }));
    // A refusal concerns the asker only: it comes privately, in the mention's thread.
    const notice = await waitFor(() => api.calls.find((c) => c.method === 'chat.postEphemeral' && c.params.channel === 'C0SUBS001'), 'the private refusal');
    expect(notice.params).toMatchObject({ user: ASKER, text: 'You may not change this channel’s subscriptions.' });
    expect(api.posted().filter((c) => c.params.channel === 'C0SUBS001')).toEqual([]);
    expect((await store.subscription(channel))).toBeDefined();
    api.reset();
    await event(guardedUrl, appMention({ text: `<@${BOT_USER_ID}> unsubscribe`, channel: 'C0SUBS001', user: ADMIN }));
    expect((await firstPostTo('C0SUBS001')).params.text).toMatch(/^Unsubscribed: This channel will receive no more reminders/);
    expect((await store.subscription(channel))).toBeUndefined();
  });

  it('without POLICYBOT_SLACK_ADMINS, anyone may, by slash command, mention or direct message', async () => {
    await slash(openUrl, 'subscribe all', 'anyone', { userId: ANYONE, channelId: 'C0OPEN001' });
    expect((await responseFor('anyone')).body.text).toMatch(/^Subscribed: This channel now receives deadline reminders and announcements/);
    expect((await store.subscription({ platform: 'slack', channelId: 'C0OPEN001' }))).toMatchObject({ topics: ['deadlines', 'announcements'] });

    await event(openUrl, appMention({ text: `<@${BOT_USER_ID}> subscribe announcements`, channel: 'C0OPEN002', user: ANYONE }));
    await firstPostTo('C0OPEN002');
    expect((await store.subscription({ platform: 'slack', channelId: 'C0OPEN002' }))).toMatchObject({ topics: ['announcements'] });

    await event(openUrl, directMessage({ text: 'subscribe deadlines', channel: 'D0OPEN001', user: ANYONE }));
    expect((await firstPostTo('D0OPEN001')).params.text).toMatch(/^Subscribed/);
    expect((await store.subscription({ platform: 'slack', channelId: 'D0OPEN001' }))).toMatchObject({ topics: ['deadlines'] });
  });
});

describe('following one agreement from Slack', () => {
  it('/policy subscribe us-mexico follows that agreement only; /policy subscriptions names it; an unknown name lists the close matches', async () => {
    const channel = { platform: 'slack' as const, channelId: 'C0ONEAGR1' };
    await slash(openUrl, 'subscribe us-mexico', 'one', { userId: ANYONE, channelId: 'C0ONEAGR1' });
    expect((await responseFor('one')).body.text).toMatch(/^Subscribed: This channel now receives deadline reminders and announcements for “US–Mexico Critical Minerals Action Plan” only\./);
    expect(await store.subscription(channel)).toMatchObject({ topics: ['deadlines', 'announcements'], agreements: ['us-mexico-action-plan'] });

    // A topic first, and a second agreement by an alias, in a mention.
    await event(openUrl, appMention({ text: `<@${BOT_USER_ID}> subscribe deadlines US-EU MOU`, channel: 'C0ONEAGR1', user: ANYONE }));
    await firstPostTo('C0ONEAGR1');
    expect(await store.subscription(channel)).toMatchObject({ topics: ['deadlines'], agreements: ['us-mexico-action-plan', 'us-eu-mou'] });

    await slash(openUrl, 'subscriptions', 'list', { userId: ASKER, channelId: 'C0ONEAGR1' });
    expect((await responseFor('list')).body.text).toMatch(/This channel receives deadline reminders for “US–Mexico Critical Minerals Action Plan” and “US–EU Memorandum of Understanding on critical minerals” only, since 2026-11-28/);

    await slash(openUrl, 'subscribe mexco actoin', 'typo', { userId: ANYONE, channelId: 'C0ONEAGR2' });
    // Loose enough to find it through the typos.
    expect((await responseFor('typo')).body.text).toMatch(/for “US–Mexico Critical Minerals Action Plan” only/);
    await slash(openUrl, 'subscribe japan mou', 'unknown', { userId: ANYONE, channelId: 'C0ONEAGR3' });
    const unknown = (await responseFor('unknown')).body;
    expect(unknown.text).toBe('No agreement matches “japan mou”.');
    expect(JSON.stringify(unknown.blocks)).toMatch(/Did you mean “/);
    expect(await store.subscription({ platform: 'slack', channelId: 'C0ONEAGR3' })).toBeUndefined();
  });
});

describe('👍/👎 under answers', () => {
  it('puts 👍 and 👎 under every rateable answer (slash command, mention, DM), and not under other replies', async () => {
    await slash(openUrl, QUESTION, 'rateable');
    const slashButtons = buttonsOf((await responseFor('rateable')).body.blocks);
    expect(slashButtons.map((b) => [b.action_id, b.text.text])).toEqual([
      [SHARE_ACTION_ID, 'Share in channel'],
      [FEEDBACK_UP_ACTION_ID, '👍'],
      [FEEDBACK_DOWN_ACTION_ID, '👎'],
    ]);
    expect(slashButtons[1]!.value).toMatch(/^[0-9a-f-]{18}$/);
    expect(slashButtons[2]!.value).toBe(slashButtons[1]!.value);

    await event(openUrl, appMention({ text: `<@${BOT_USER_ID}> ${QUESTION}`, channel: 'C0RATE001' }));
    await event(openUrl, directMessage({ text: QUESTION, channel: 'D0RATE001' }));
    for (const channel of ['C0RATE001', 'D0RATE001']) {
      const buttons = buttonsOf((await firstPostTo(channel)).params.blocks);
      expect(buttons.map((b) => b.action_id)).toEqual([FEEDBACK_UP_ACTION_ID, FEEDBACK_DOWN_ACTION_ID]);
    }

    await slash(openUrl, 'sources', 'info');
    expect(buttonsOf((await responseFor('info')).body.blocks).map((b) => b.action_id)).toEqual([SHARE_ACTION_ID]);
    await event(openUrl, appMention({ text: `<@${BOT_USER_ID}> Who will win the World Cup?`, channel: 'C0RATE002' }));
    expect(buttonsOf((await firstPostTo('C0RATE002')).params.blocks)).toEqual([]);
  });

  it('a 👍 records an up vote under a hash of the user, and thanks privately', async () => {
    await slash(openUrl, QUESTION, 'to-rate-up', { userId: ASKER });
    const feedbackId = buttonsOf((await responseFor('to-rate-up')).body.blocks).find((b) => b.action_id === FEEDBACK_UP_ACTION_ID)!.value;
    const count = (await store.feedback()).length;

    const r = await click(openUrl, { actionId: FEEDBACK_UP_ACTION_ID, value: feedbackId, responseUrl: api.responseUrl('up'), user: ASKER, label: '👍' });
    expect(r.status).toBe(200);
    const thanks = await responseFor('up');
    expect(thanks.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Thanks for the feedback.' });
    expect((await store.feedback())).toHaveLength(count + 1);
    expect(await latestFeedback()).toMatchObject({ kind: 'vote', vote: 'up', platform: 'slack', question: QUESTION, user: store.userHash('slack', ASKER) });
    expect((await latestFeedback())!.answer).toMatch(/\$10 billion/);
    expect(await latestFeedback()).not.toHaveProperty('reason');
  });

  it('a 👎 opens a form for a reason; sending it records a down vote with the reason (or with none)', async () => {
    await event(openUrl, appMention({ text: `<@${BOT_USER_ID}> ${QUESTION}`, channel: 'C0RATE003', user: ASKER }));
    const feedbackId = buttonsOf((await firstPostTo('C0RATE003')).params.blocks).find((b) => b.action_id === FEEDBACK_DOWN_ACTION_ID)!.value;
    const count = (await store.feedback()).length;

    await click(openUrl, { actionId: FEEDBACK_DOWN_ACTION_ID, value: feedbackId, responseUrl: api.responseUrl('down'), channel: 'C0RATE003', ephemeral: false, triggerId: '9.8.7', user: ASKER, label: '👎' });
    const open = await waitFor(() => api.calls.find((c) => c.method === 'views.open'), 'views.open');
    expect(open.params.trigger_id).toBe('9.8.7');
    const view = open.params.view as Block;
    expect(view).toMatchObject({ type: 'modal', callback_id: FEEDBACK_FORM_CALLBACK_ID });
    expect(JSON.parse(view.private_metadata)).toEqual({ feedbackId, channelId: 'C0RATE003' });
    expect(view.blocks).toEqual([expect.objectContaining({ type: 'input', block_id: REASON_BLOCK_ID, optional: true, element: expect.objectContaining({ type: 'plain_text_input', action_id: REASON_ACTION_ID }) })]);
    // Nothing is recorded until the form is sent.
    await delay(100);
    expect((await store.feedback())).toHaveLength(count);
    expect(api.responses.filter((x) => x.id === 'down')).toEqual([]);

    const sent = await postSigned(openUrl, viewSubmissionBody({ view, user: ASKER, values: { [REASON_BLOCK_ID]: { [REASON_ACTION_ID]: { type: 'plain_text_input', value: 'wanted the private capital too' } } } }), FORM);
    expect(sent.status).toBe(200);
    // The form turns into the thanks.
    expect(JSON.parse(sent.text)).toMatchObject({ response_action: 'update', view: { type: 'modal', blocks: [{ text: { text: 'Thanks: the curators will look at this answer.' } }] } });
    expect((await store.feedback())).toHaveLength(count + 1);
    expect(await latestFeedback()).toMatchObject({ kind: 'vote', vote: 'down', reason: 'wanted the private capital too', question: QUESTION, platform: 'slack', user: store.userHash('slack', ASKER) });

    // An empty reason is fine; sent again by the same person, it replaces the earlier vote (one vote per person per answer).
    const empty = await postSigned(openUrl, viewSubmissionBody({ view, user: ASKER, values: { [REASON_BLOCK_ID]: { [REASON_ACTION_ID]: { type: 'plain_text_input', value: null } } } }), FORM);
    expect(JSON.parse(empty.text)).toMatchObject({ response_action: 'update' });
    expect((await store.feedback())).toHaveLength(count + 1);
    expect(await latestFeedback()).toMatchObject({ vote: 'down' });
    expect(await latestFeedback()).not.toHaveProperty('reason');
  });

  it('records the 👎 without a reason when the form cannot be opened', async () => {
    await slash(openUrl, QUESTION, 'to-rate-down');
    const feedbackId = buttonsOf((await responseFor('to-rate-down')).body.blocks).find((b) => b.action_id === FEEDBACK_DOWN_ACTION_ID)!.value;
    api.on('views.open', () => ({ body: { ok: false, error: 'expired_trigger_id' } }));
    const count = (await store.feedback()).length;

    await click(openUrl, { actionId: FEEDBACK_DOWN_ACTION_ID, value: feedbackId, responseUrl: api.responseUrl('down-anyway'), label: '👎' });
    expect((await responseFor('down-anyway')).body).toMatchObject({ response_type: 'ephemeral', text: 'Thanks: the curators will look at this answer.' });
    expect((await store.feedback())).toHaveLength(count + 1);
    expect(await latestFeedback()).toMatchObject({ vote: 'down' });
    expect(await latestFeedback()).not.toHaveProperty('reason');
    expect(log.lines.some((l) => l.includes('could not open the feedback form') && l.includes('expired_trigger_id'))).toBe(true);
  });

  it('says so when an answer can no longer be rated', async () => {
    const count = (await store.feedback()).length;
    await click(openUrl, { actionId: FEEDBACK_UP_ACTION_ID, value: 'forgotten-answer', responseUrl: api.responseUrl('too-old'), label: '👍' });
    expect((await responseFor('too-old')).body.text).toMatch(/too old to rate/);
    expect((await store.feedback())).toHaveLength(count);
  });
});

describe('the deadlines calendar (.ics)', () => {
  const expectCalendar = (content: string) => {
    expect(content.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(new ICAL.Component(ICAL.parse(content)).getAllSubcomponents('vevent')).toHaveLength(3);
  };

  it('is uploaded into the thread of a mention’s answer, after the answer, through files.uploadV2', async () => {
    const mention = appMention({ text: `<@${BOT_USER_ID}> deadlines`, channel: 'C0CAL0001' });
    await event(openUrl, mention);
    const [file] = await waitFor(() => api.files().length > 0 && api.files(), 'the shared file');
    expect(file).toMatchObject({ filename: 'policybot-deadlines.ics', mimetype: 'text/calendar', channel: 'C0CAL0001', threadTs: mention.ts, uploadToken: 'xoxb-test-token' });
    expect(Buffer.byteLength(file!.content)).toBe(file!.length);
    expectCalendar(file!.content);
    const methods = api.calls.map((c) => c.method);
    expect(methods).toEqual(['chat.postMessage', 'files.getUploadURLExternal', 'files.completeUploadExternal']);
  });

  it('is uploaded into a DM', async () => {
    await event(openUrl, directMessage({ text: 'deadlines', channel: 'D0CAL0001' }));
    const [file] = await waitFor(() => api.files().length > 0 && api.files(), 'the shared file');
    expect(file).toMatchObject({ channel: 'D0CAL0001', threadTs: undefined, mimetype: 'text/calendar' });
    expectCalendar(file!.content);
  });

  it('a slash command’s private answer says how to get it, and sharing the answer brings the file along', async () => {
    await slash(openUrl, 'deadlines', 'calendar', { channelId: 'C0CAL0002' });
    const { body } = await responseFor('calendar');
    expect(JSON.stringify(body.blocks)).toMatch(/Calendar file \(\.ics\): share this answer.*npm run ics/);
    expect(api.calls.filter((c) => c.method.startsWith('files.'))).toEqual([]);

    const share = buttonsOf(body.blocks).find((b) => b.action_id === SHARE_ACTION_ID)!;
    await click(openUrl, { actionId: SHARE_ACTION_ID, value: share.value, responseUrl: api.responseUrl('share-calendar'), channel: 'C0CAL0002' });
    const [file] = await waitFor(() => api.files().length > 0 && api.files(), 'the shared file');
    const shared = postsTo('C0CAL0002');
    expect(shared).toHaveLength(1);
    expect(JSON.stringify(shared[0]!.params.blocks)).not.toContain('npm run ics');
    // In a thread under the shared answer.
    expect(file).toMatchObject({ channel: 'C0CAL0002', threadTs: expect.stringMatching(/^\d+\.\d+$/), mimetype: 'text/calendar' });
    expectCalendar(file!.content);
  });

  it('a failed upload is logged, and the answer stays', async () => {
    api.on('files.completeUploadExternal', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    await event(openUrl, appMention({ text: `<@${BOT_USER_ID}> deadlines`, channel: 'C0CAL0003' }));
    const line = await waitFor(() => log.lines.find((l) => l.includes('cannot share a file in this channel')), 'the log line');
    expect(line).toContain('not_in_channel');
    expect(line).toContain('policybot-deadlines.ics');
    expect(postsTo('C0CAL0003')).toHaveLength(1);
    expect(api.files()).toEqual([]);
  });
});

describe('privacy', () => {
  it('no log line names a Slack user (debug level included), and the data file holds only hashes', async () => {
    expect(log.lines.length).toBeGreaterThan(50);
    expect(log.lines.some((l) => l.includes('"level":"debug"'))).toBe(true);
    for (const user of [ASKER, ADMIN, ANYONE]) {
      expect(log.lines.filter((l) => l.includes(user))).toEqual([]);
    }
    await delay(50);
    const file = await readFile(data.file, 'utf8');
    expect(file).toContain(store.userHash('slack', ASKER));
    for (const user of [ASKER, ADMIN, ANYONE]) expect(file).not.toContain(user);
  });
});
