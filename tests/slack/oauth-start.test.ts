import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FORM, postSigned, SIGNING_SECRET, slashCommand } from '../fakes/slack-requests.ts';
import { startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { tempDataDir } from '../support/store.ts';
import { freePort } from '../support/ports.ts';
import { startBot } from '../support/run.ts';

/**
 * `npm start` with the OAuth variables: main.ts hands the data store to the
 * Slack plug-in, a workspace installs the app through the running bot, its
 * installation lands in the data file, and its signed /policy is answered.
 */

const CLIENT_ID = '1111111111.2222222222';
const CLIENT_SECRET = '0123456789abcdef0123456789abcdef';
const STATE_SECRET = 'state-secret-for-the-tests-0123456789';
const TOKEN = 'xoxb-installed-through-npm-start';

let api: FakeSlackWebApi;
let data: Awaited<ReturnType<typeof tempDataDir>>;
const running: ChildProcess[] = [];

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  api.on('oauth.v2.access', (call) =>
    call.params.code === 'the-code' && call.params.client_secret === CLIENT_SECRET
      ? { body: { ok: true, app_id: 'A0POLICY', authed_user: { id: 'U0INSTALLER' }, scope: 'chat:write,commands', token_type: 'bot', access_token: TOKEN, bot_user_id: 'U0BOTNEW', team: { id: 'T0NEWTEAM', name: 'New team' }, enterprise: null, is_enterprise_install: false } }
      : { body: { ok: false, error: 'invalid_code' } },
  );
  api.on('auth.test', (call) => (call.token === TOKEN ? { body: { ok: true, url: 'https://new.slack.example/', team: 'New team', user: 'policybot', team_id: 'T0NEWTEAM', user_id: 'U0BOTNEW', bot_id: 'B0NEW' } } : { body: { ok: false, error: 'invalid_auth' } }));
  data = await tempDataDir();
});
afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
});
afterAll(async () => {
  await api?.close();
  await data?.dispose();
});


describe('npm start with Slack in many workspaces', () => {
  it('serves the install pages, keeps the installation in POLICYBOT_DATA, answers the new workspace, and stops on SIGTERM', async () => {
    const port = await freePort();
    const { child, stderr: log, exited } = startBot({
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: STATE_SECRET,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.url,
      PORT: String(port),
      POLICYBOT_DATA: data.file,
      POLICYBOT_NOW: '2026-11-28',
      POLICYBOT_WORKERS: '0',
      LOG_LEVEL: 'debug',
    });
    running.push(child);
    await waitFor(() => log().includes('slack: started'), `the bot to listen; stderr:\n${log()}`, 30_000);
    expect(JSON.parse(log().split('\n').find((l) => l.includes('slack: started'))!)).toMatchObject({ workspaces: 'many', installPath: '/slack/install' });

    const base = `http://127.0.0.1:${port}`;
    const page = await fetch(`${base}/slack/install`);
    const state = new URL(/href="([^"]*\/oauth\/v2\/authorize[^"]*)"/.exec(await page.text())![1]!.replaceAll('&amp;', '&')).searchParams.get('state')!;
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const back = await fetch(`${base}/slack/oauth_redirect?code=the-code&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    expect(back.status).toBe(200);
    await waitFor(() => log().includes('slack: installed'), 'the installation logged');

    const ack = await postSigned(`${base}/slack/events`, slashCommand({ text: 'When is the US-EU MOU due?', responseUrl: api.responseUrl('new-team'), teamId: 'T0NEWTEAM' }), FORM);
    expect(ack.status).toBe(200);
    const answer = await waitFor(() => api.responses.find((r) => r.id === 'new-team'), 'the answer at the response_url', 10_000);
    expect(String(answer.body.text)).toMatch(/memorandum/i);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const file = JSON.parse(await readFile(data.file, 'utf8'));
    expect(file.installations['slack:team:T0NEWTEAM'].data.bot.token).toBe(TOKEN);
    // Even at debug level, nothing of what was granted or configured reaches the log.
    for (const secret of [TOKEN, CLIENT_SECRET, STATE_SECRET, SIGNING_SECRET]) expect(log()).not.toContain(secret);
    expect(log()).not.toMatch(/"level":"error"/);
  }, 60_000);
});
