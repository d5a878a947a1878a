import { setTimeout as delay } from 'node:timers/promises';
import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOME_CALENDAR_ACTION_ID, renderHome } from '../../src/adapters/slack/home.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import { createBot } from '../../src/bot.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { Secret } from '../../src/core/secret.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { knowledgePaths } from '../../src/knowledge/load.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { appHomeOpened, eventCallback, FORM, homeButtonBody, JSON_TYPE, postSigned, SIGNING_SECRET } from '../fakes/slack-requests.ts';
import { startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { createTestBot, memoryLogger, PROJECT_ROOT, shippedKnowledgeBase } from '../support/core.ts';
import { tempDataDir } from '../support/store.ts';

/**
 * The App Home, end to end: a real Bolt App in HTTP mode on loopback, signed
 * events, the Web API on the local stand-in, a bot with a real data store in
 * which one channel follows deadlines. Today is 2026-03-01: the US–EU
 * memorandum is 5 days away, the US–Mexico window 35.
 */

const TODAY = '2026-03-01';
const CHANNEL = 'C0FOLLOW1';
const USER = 'U0HOME001';

let api: FakeSlackWebApi;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let store: LowdbStore;
let adapter: SlackAdapter;
let url: string;
const log = memoryLogger('debug');

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  data = await tempDataDir();
  store = await LowdbStore.open(data.file);
  await store.subscribe({ platform: 'slack', channelId: CHANNEL }, ['deadlines'], new Date(`${TODAY}T09:00:00Z`));
  await store.subscribe({ platform: 'slack', channelId: 'C0VAULT01' }, ['announcements'], new Date(`${TODAY}T09:00:00Z`), { agreements: ['project-vault', 'us-eu-mou'] });
  // Another platform's channel is not this workspace's.
  await store.subscribe({ platform: 'discord', channelId: '1300000000000000003' }, ['announcements'], new Date(`${TODAY}T09:00:00Z`));
  const bot = createBot({
    knowledge: new KnowledgeHolder(await shippedKnowledgeBase(), knowledgePaths(PROJECT_ROOT)),
    clock: fixedClock(TODAY),
    log,
    following: { store, reminderDays: [30, 7, 1, 0], subscriptionsChanged: () => {} },
  });
  adapter = createSlackAdapter(bot, { botToken: new Secret('xoxb-test-token'), signingSecret: new Secret(SIGNING_SECRET), apiUrl: api.url, port: 0, admins: [] }, log, { host: '127.0.0.1', apiTimeoutMs: 3000 });
  await adapter.start();
  url = `http://127.0.0.1:${adapter.port}/slack/events`;
});

afterAll(async () => {
  await adapter?.stop();
  await api?.close();
  await store?.close();
  await data?.dispose();
});

beforeEach(() => api.reset());

type Block = Record<string, any>;
const open = (fields: Parameters<typeof appHomeOpened>[0]) => postSigned(url, JSON.stringify(eventCallback(appHomeOpened(fields))), JSON_TYPE);
const publishes = () => api.calls.filter((c) => c.method === 'views.publish');
const textOf = (blocks: Block[]) => blocks.map((b) => [b.text?.text, ...(b.elements ?? []).map((e: Block) => e.text?.text ?? e.text)].filter(Boolean).join('\n')).join('\n');

describe('the App Home tab', () => {
  it('app_home_opened leads to one views.publish of a home view with the upcoming deadlines and this workspace’s subscriptions', async () => {
    const r = await open({ user: USER, channel: 'D0HOME001' });
    expect(r.status).toBe(200);
    const [call] = await waitFor(() => publishes().length > 0 && publishes(), 'views.publish');
    await delay(200);
    expect(publishes()).toHaveLength(1);
    expect(call!.params.user_id).toBe(USER);
    const view = call!.params.view as { type: string; blocks: Block[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = textOf(view.blocks);

    // Upcoming deadlines, soonest first, with their status as of today.
    const mou = text.indexOf('*Conclusion of the US–EU memorandum*: 2026-03-06 (estimated), *upcoming in 5 days*');
    const mexico = text.indexOf('*End of the 60-day US–Mexico negotiation window*: 2026-04-05 (estimated), *upcoming in 35 days*');
    expect(mou).toBeGreaterThan(0);
    expect(mexico).toBeGreaterThan(mou);
    // The channel that follows, by Slack's own channel link, and what it follows; not the Discord one.
    expect(text).toContain(`<#${CHANNEL}>: deadline reminders, since ${TODAY}.`);
    // One that follows some agreements only names them.
    expect(text).toContain(`<#C0VAULT01>: announcements for Project Vault; US–EU Memorandum of Understanding on critical minerals only, since ${TODAY}.`);
    expect(text).not.toContain('1300000000000000003');
    // The newest developments, and the calendar button carrying the Messages tab's channel.
    expect(text).toMatch(/Latest developments/);
    const button = view.blocks.flatMap((b) => b.elements ?? []).find((e: Block) => e.action_id === HOME_CALENDAR_ACTION_ID);
    expect(button).toMatchObject({ type: 'button', value: 'D0HOME001', text: { text: 'Download the calendar (.ics)' } });
    // Every mrkdwn text is verbatim, and no broadcast can hide in it.
    for (const b of view.blocks) if (b.text?.type === 'mrkdwn') expect(b.text.verbatim).toBe(true);
    expect(text).not.toMatch(/<!(channel|here|everyone)/);
  });

  it('opening the Messages tab publishes nothing', async () => {
    await open({ user: USER, tab: 'messages' });
    await delay(300);
    expect(publishes()).toEqual([]);
  });

  it('the calendar button sends the .ics into the app’s Messages tab', async () => {
    const r = await postSigned(url, homeButtonBody({ actionId: HOME_CALENDAR_ACTION_ID, value: 'D0HOME001', user: USER }), FORM);
    expect(r.status).toBe(200);
    const [file] = await waitFor(() => api.files().length > 0 && api.files(), 'the calendar file');
    expect(file).toMatchObject({ filename: 'policybot-deadlines.ics', mimetype: 'text/calendar', channel: 'D0HOME001', threadTs: undefined });
    expect(new ICAL.Component(ICAL.parse(file!.content)).getAllSubcomponents('vevent')).toHaveLength(3);
  });

  it('a refused publish is logged, and the next opening publishes again', async () => {
    api.on('views.publish', () => ({ body: { ok: false, error: 'not_enabled' } }));
    await open({ user: USER });
    await waitFor(() => log.lines.find((l) => l.includes('could not publish the Home tab') && l.includes('not_enabled')), 'the log line');
  });
});

describe('renderHome', () => {
  it('with no deadline ahead and no data store, says so and shows the latest that passed', async () => {
    const { bot } = await createTestBot();
    const view = renderHome(await bot.overview('slack'));
    const text = textOf(view.blocks as Block[]);
    expect(text).toContain('No deadline is still ahead.');
    expect(text).toMatch(/The latest that passed[\s\S]*End of the 60-day US–Mexico negotiation window\*: 2026-04-05 \(estimated\), \*passed 237 days ago/);
    expect(text).toContain('This instance keeps no subscriptions');
    // Without the Messages tab's channel there is nowhere to send the calendar: no button.
    expect(view.blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});
