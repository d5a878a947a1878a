import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import { createBot } from '../../src/bot.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { reply } from '../../src/core/reply.ts';
import { Secret } from '../../src/core/secret.ts';
import { Scheduler } from '../../src/following/scheduler.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { appHomeOpened, appMention, eventCallback, FORM, JSON_TYPE, postSigned, SIGNING_SECRET, slashCommand } from '../fakes/slack-requests.ts';
import { startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { createTestBot, type TestBot } from '../support/core.ts';
import { tempDataDir } from '../support/store.ts';

/**
 * Slack in many workspaces: the real Bolt OAuth flow (`/slack/install`,
 * `/slack/oauth_redirect`) on the adapter's HTTP server, `oauth.v2.access`
 * and `auth.test` answered by the Web API stand-in (SLACK_API_URL), each
 * installation kept in the bot's lowdb store. Requests from each workspace
 * are signed as Slack signs them; what the stand-in receives shows which
 * workspace's token each call carried.
 */

const CLIENT_ID = '1111111111.2222222222';
const CLIENT_SECRET = '0123456789abcdef0123456789abcdef';
const STATE_SECRET = 'state-secret-for-the-tests-0123456789';
const TODAY = '2026-02-27';

/** Two workspaces, each with the code Slack would hand its install and the token it grants. */
const WORKSPACES = {
  first: { team: 'T0FIRST', name: 'First workspace', code: 'code-for-first', token: 'xoxb-first-workspace-token', botUser: 'U0BOTFIRST', channel: 'C0FIRSTGEN' },
  second: { team: 'T0SECOND', name: 'Second workspace', code: 'code-for-second', token: 'xoxb-second-workspace-token', botUser: 'U0BOTSECOND', channel: 'C0SECONDGEN' },
} as const;

/** An organisation-wide install (Enterprise Grid): one installation for all the organisation's workspaces. */
const ORG = { enterprise: 'E0ORG', name: 'The organisation', code: 'code-for-org', token: 'xoxb-organisation-wide-token', botUser: 'U0BOTORG', team: 'T0ORGTEAM', channel: 'C0ORGCHAN' } as const;

let api: FakeSlackWebApi;
let test: TestBot;
let store: LowdbStore;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let adapter: SlackAdapter;
let base: string;

function answerOAuth(): void {
  api.on('oauth.v2.access', (call) => {
    if (call.params.code === ORG.code) {
      return {
        body: {
          ok: true,
          app_id: 'A0POLICY',
          authed_user: { id: 'U0ORGADMIN' },
          scope: 'app_mentions:read,chat:write,commands',
          token_type: 'bot',
          access_token: ORG.token,
          bot_user_id: ORG.botUser,
          team: null,
          enterprise: { id: ORG.enterprise, name: ORG.name },
          is_enterprise_install: true,
        },
      };
    }
    const w = Object.values(WORKSPACES).find((x) => x.code === call.params.code);
    if (!w || call.params.client_id !== CLIENT_ID || call.params.client_secret !== CLIENT_SECRET) return { body: { ok: false, error: 'invalid_code' } };
    return {
      body: {
        ok: true,
        app_id: 'A0POLICY',
        authed_user: { id: 'U0INSTALLER' },
        scope: 'app_mentions:read,chat:write,chat:write.public,commands,files:write,im:history',
        token_type: 'bot',
        access_token: w.token,
        bot_user_id: w.botUser,
        team: { id: w.team, name: w.name },
        enterprise: null,
        is_enterprise_install: false,
      },
    };
  });
  // The installer asks who the new token is (bot id, workspace URL); every other call is checked against the installations too.
  api.on('auth.test', (call) => {
    if (call.token === ORG.token) return { body: { ok: true, url: 'https://org.enterprise.slack.example/', team: ORG.name, user: 'policybot', team_id: ORG.team, enterprise_id: ORG.enterprise, user_id: ORG.botUser, bot_id: 'B0ORG', is_enterprise_install: true } };
    const w = Object.values(WORKSPACES).find((x) => x.token === call.token);
    return w ? { body: { ok: true, url: `https://${w.team.toLowerCase()}.slack.example/`, team: w.name, user: 'policybot', team_id: w.team, user_id: w.botUser, bot_id: `B${w.team}` } } : { body: { ok: false, error: 'invalid_auth' } };
  });
}

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  test = await createTestBot({ now: TODAY });
  data = await tempDataDir();
  store = await LowdbStore.open(data.file, { log: test.log });
  const bot = createBot({ knowledge: test.knowledge, clock: test.clock, log: test.log, following: { store, reminderDays: [7, 0], subscriptionsChanged: () => {} } });
  adapter = createSlackAdapter(
    bot,
    { oauth: { clientId: CLIENT_ID, clientSecret: new Secret(CLIENT_SECRET), stateSecret: new Secret(STATE_SECRET) }, signingSecret: new Secret(SIGNING_SECRET), apiUrl: api.url, port: 0, admins: [] },
    test.log,
    { host: '127.0.0.1', apiTimeoutMs: 3000, store },
  );
  await adapter.start();
  base = `http://127.0.0.1:${adapter.port}`;
});

afterAll(async () => {
  await adapter?.stop();
  await store?.close();
  await data?.dispose();
  await api?.close();
});

beforeEach(() => {
  api.reset();
  answerOAuth();
});

/** A person's browser: opens the install page, follows "Add to Slack" (Slack approves and redirects back with `code`). */
async function install(code: string, options: { state?: string; cookie?: boolean } = {}): Promise<{ status: number; html: string }> {
  const page = await fetch(`${base}/slack/install`, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  const authorize = /href="([^"]*\/oauth\/v2\/authorize[^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  expect(authorize).toMatch(/\/oauth\/v2\/authorize\?/);
  const url = new URL(authorize!);
  expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
  expect(url.searchParams.get('scope')).toContain('chat:write');
  const state = url.searchParams.get('state')!;
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const back = await fetch(`${base}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(options.state ?? state)}`, {
    headers: options.cookie === false ? {} : { cookie },
    redirect: 'manual',
  });
  return { status: back.status, html: await back.text() };
}

const command = (text: string, w: (typeof WORKSPACES)[keyof typeof WORKSPACES], responseId: string) =>
  postSigned(`${base}/slack/events`, slashCommand({ text, responseUrl: api.responseUrl(responseId), teamId: w.team, channelId: w.channel }), FORM);
const event = (e: Record<string, unknown>, w: { team: string }) => postSigned(`${base}/slack/events`, JSON.stringify(eventCallback(e, undefined, w.team)), JSON_TYPE);

/** Polls an async check (the store's reads are async). */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Slack in many workspaces (OAuth)', () => {
  it('installs two workspaces through /slack/install and /slack/oauth_redirect, keeping each installation in the store', async () => {
    for (const w of Object.values(WORKSPACES)) {
      const done = await install(w.code);
      expect(done.status).toBe(200);
      const kept = await store.installation('slack', `team:${w.team}`);
      expect(kept?.data).toMatchObject({ team: { id: w.team, name: w.name }, bot: { token: w.token, userId: w.botUser }, isEnterpriseInstall: false });
    }
    // The code was exchanged with the app's credentials, and the new token introduced itself.
    const exchange = api.calls.find((c) => c.method === 'oauth.v2.access' && c.params.code === WORKSPACES.second.code);
    expect(exchange?.params).toMatchObject({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(api.calls.some((c) => c.method === 'auth.test' && c.token === WORKSPACES.second.token)).toBe(true);
    // The log says which workspace was installed, never what it granted.
    const log = test.log.lines.join('\n');
    expect(test.log.lines.map((l) => JSON.parse(l)).filter((l) => l.message === 'slack: installed')).toMatchObject([
      { scope: 'team:T0FIRST', name: 'First workspace' },
      { scope: 'team:T0SECOND', name: 'Second workspace' },
    ]);
    expect(log).not.toContain(CLIENT_SECRET);
    expect(log).not.toContain(STATE_SECRET);
    expect(log).not.toContain(WORKSPACES.second.token);
  });

  it('a redirect whose state was not issued by this install page stores nothing', async () => {
    const forged = await install('code-for-second', { state: 'not-a-state-we-issued' });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    const withoutCookie = await install('code-for-second', { cookie: false });
    expect(withoutCookie.status).toBeGreaterThanOrEqual(400);
    expect(api.calls.filter((c) => c.method === 'oauth.v2.access')).toEqual([]);
  });

  it("a signed slash command from the second workspace is answered, and what the bot posts there carries that workspace's own token", async () => {
    const { second, first } = WORKSPACES;
    // /policy subscribe: answered through its response_url, and the subscription is the second workspace's channel.
    expect((await command('subscribe deadlines', second, 'sub-second')).status).toBe(200);
    const subscribed = await waitFor(() => api.responses.find((r) => r.id === 'sub-second'), 'the answer to /policy subscribe');
    expect(JSON.stringify(subscribed.body)).toMatch(/deadline reminders/);
    expect(await store.subscription({ platform: 'slack', channelId: `${second.team}:${second.channel}` })).toBeDefined();

    // A question by slash command is answered too.
    await command('When is the US-EU memorandum due?', second, 'ask-second');
    const answered = await waitFor(() => api.responses.find((r) => r.id === 'ask-second'), 'the answer to /policy');
    expect(JSON.stringify(answered.body)).toMatch(/March 6, 2026/);

    // A mention in each workspace is answered with that workspace's token.
    await event(appMention({ text: `<@${second.botUser}> When is the US-EU memorandum due?`, channel: second.channel }), second);
    await event(appMention({ text: `<@${first.botUser}> When is the US-EU memorandum due?`, channel: first.channel }), first);
    const posted = await waitFor(() => (api.posted().length >= 2 ? api.posted() : undefined), 'both mentions answered');
    expect(posted.find((c) => c.params.channel === second.channel)?.token).toBe(second.token);
    expect(posted.find((c) => c.params.channel === first.channel)?.token).toBe(first.token);

    // The scheduler's reminder goes to the second workspace's channel, with its token and Slack's own channel id.
    api.reset();
    const scheduler = new Scheduler({ store, knowledge: test.knowledge, clock: fixedClock(TODAY), log: test.log, posters: { slack: adapter.post.bind(adapter) }, reminderDays: [7, 0] });
    await scheduler.noteKnowledge();
    expect((await scheduler.tick()).sent).toBe(1);
    expect(api.posted().map((c) => [c.params.channel, c.token])).toEqual([[second.channel, second.token]]);
  });

  it("a workspace's Home tab lists its own followed channels only", async () => {
    await store.subscribe({ platform: 'slack', channelId: `${WORKSPACES.first.team}:C0FIRSTNEWS` }, ['announcements'], new Date(`${TODAY}T00:00:00Z`));
    await event(appHomeOpened({ user: 'U0ASKER1' }), WORKSPACES.first);
    const published = await waitFor(() => api.calls.find((c) => c.method === 'views.publish'), 'the Home tab');
    expect(published.token).toBe(WORKSPACES.first.token);
    const text = JSON.stringify(published.params.view);
    expect(text).toContain('<#C0FIRSTNEWS>');
    expect(text).not.toContain(WORKSPACES.second.channel);
  });

  it('a workspace where the app is not installed gets no answer', async () => {
    await command('help', { team: 'T0NOWHERE', channel: 'C0NOWHERE' } as never, 'nowhere');
    await new Promise((r) => setTimeout(r, 300));
    expect(api.responses.find((r) => r.id === 'nowhere')).toBeUndefined();
  });

  it("an organisation-wide install is kept under its enterprise, and the organisation's workspaces are answered and posted to with its token", async () => {
    expect((await install(ORG.code)).status).toBe(200);
    expect((await store.installation('slack', `enterprise:${ORG.enterprise}`))?.data).toMatchObject({ enterprise: { id: ORG.enterprise }, isEnterpriseInstall: true, bot: { token: ORG.token } });

    // A mention in one of the organisation's workspaces, as Slack sends it for an org-wide install.
    const mention = {
      ...eventCallback(appMention({ text: `<@${ORG.botUser}> When is the US-EU memorandum due?`, channel: ORG.channel }), undefined, ORG.team),
      enterprise_id: ORG.enterprise,
      authorizations: [{ enterprise_id: ORG.enterprise, team_id: null, user_id: ORG.botUser, is_bot: true, is_enterprise_install: true }],
    };
    expect((await postSigned(`${base}/slack/events`, JSON.stringify(mention), JSON_TYPE)).status).toBe(200);
    const answered = await waitFor(() => api.posted().find((c) => c.params.channel === ORG.channel), 'the mention answered');
    expect(answered.token).toBe(ORG.token);

    // Its channels are the organisation's to the core (E…:C…), and posted to with the organisation's token.
    api.reset();
    expect(await adapter.post(`${ORG.enterprise}:${ORG.channel}`, reply({ kind: 'info', text: 'A reminder.' }))).toMatchObject({ ok: true });
    expect(api.posted().map((c) => [c.params.channel, c.token])).toEqual([[ORG.channel, ORG.token]]);
  });

  it('app_uninstalled deletes the workspace’s installation and subscriptions; tokens_revoked deletes the installation', async () => {
    const { second, first } = WORKSPACES;
    expect((await event({ type: 'app_uninstalled', event_ts: '1750000000.000100' }, second)).status).toBe(200);
    await until(async () => (await store.installation('slack', `team:${second.team}`)) === undefined, 'the installation deleted');
    await until(async () => (await store.subscription({ platform: 'slack', channelId: `${second.team}:${second.channel}` })) === undefined, 'the subscription ended');
    expect(await store.installation('slack', `team:${second.team}`)).toBeUndefined();
    expect(JSON.stringify(await store.installation('slack', `team:${first.team}`))).toContain(first.token);

    // The uninstalled workspace is not answered any more; the other one still is.
    await command('help', second, 'after-second');
    await command('help', first, 'after-first');
    await waitFor(() => api.responses.find((r) => r.id === 'after-first'), 'the first workspace still answered');
    await new Promise((r) => setTimeout(r, 200));
    expect(api.responses.find((r) => r.id === 'after-second')).toBeUndefined();
    // A reminder for its channel cannot be posted: there is no token for it any more.
    expect(await adapter.post(`${second.team}:${second.channel}`, { kind: 'info', text: 'x' } as never)).toMatchObject({ ok: false, permanent: true });

    await event({ type: 'tokens_revoked', tokens: { bot: [first.botUser] }, event_ts: '1750000000.000200' }, first);
    await until(async () => (await store.installation('slack', `team:${first.team}`)) === undefined, 'the revoked installation deleted');
  });
});
