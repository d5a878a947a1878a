import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPLY_ACTION_PREFIX } from '../../src/adapters/slack/blocks.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import { Secret } from '../../src/core/secret.ts';
import { blockActionsBody, FORM, postSigned, SIGNING_SECRET } from '../fakes/slack-requests.ts';
import { startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { send } from '../fakes/feed-server.ts';
import { curatorStack, type CuratorStack } from '../support/curator.ts';

/**
 * The curators' channel in Slack (POLICYBOT_CURATOR_CHANNEL=slack:C0CURATE1):
 * a real Bolt app on loopback, the Web API and response_urls on the stand-in,
 * the feed watcher polling a loopback feed. A new inbox item gets one notice
 * with Block Kit buttons; Accept runs what `kb -- accept` runs and the notice
 * is replaced by the outcome.
 */

const CURATORS = 'C0CURATE1';
let api: FakeSlackWebApi;
let adapter: SlackAdapter;
let url: string;
let stack: CuratorStack;

beforeEach(async () => {
  api = await startFakeSlackWebApi();
  stack = await curatorStack({ platform: 'slack', channelId: CURATORS });
  adapter = createSlackAdapter(stack.bot, { botToken: new Secret('xoxb-test-token'), signingSecret: new Secret(SIGNING_SECRET), apiUrl: api.url, port: 0, admins: ['U0ADMIN01'] }, stack.log, { host: '127.0.0.1', apiTimeoutMs: 3000 });
  await adapter.start();
  url = `http://127.0.0.1:${adapter.port}/slack/events`;
  stack.desk.postWith(adapter.post.bind(adapter));
});

afterEach(async () => {
  await adapter?.stop();
  await stack?.close();
  await api?.close();
});

type Button = { action_id: string; value: string; text: { text: string }; style?: string };
const buttonsOf = (blocks: unknown) => ((blocks as { type: string; elements?: Button[] }[]).find((b) => b.type === 'actions')?.elements ?? []) as Button[];
const notices = () => api.posted().filter((c) => c.params.channel === CURATORS);

async function pollAndNotice() {
  const [report] = await stack.watcher.pollOnce();
  expect(report).toMatchObject({ ok: true, offered: 2 });
  expect(report!.added).toHaveLength(1);
  await stack.desk.notify([]); // waits for the notices the poll queued
  return report!.added[0]!;
}

describe('the curators’ channel in Slack', () => {
  it('gets one notice per new inbox item, with Accept and Dismiss buttons, pinging nobody; never twice, across a restart', async () => {
    const item = await pollAndNotice();
    expect(notices()).toHaveLength(1);
    const notice = notices()[0]!.params;
    expect(String(notice.text)).toMatch(/^New in the inbox: Project Vault stockpile adds gallium/);
    expect(buttonsOf(notice.blocks).map((b) => [b.action_id, b.value, b.text.text, b.style])).toEqual([
      [`${REPLY_ACTION_PREFIX}inbox:accept:${item.id}`, `inbox:accept:${item.id}`, 'Accept', 'primary'],
      [`${REPLY_ACTION_PREFIX}inbox:dismiss:${item.id}`, `inbox:dismiss:${item.id}`, 'Dismiss', 'danger'],
    ]);
    // The feed's title said <!channel> and @everyone: nothing the bot sent can notify anyone.
    const sent = JSON.stringify([notice.text, notice.blocks]);
    expect(sent).not.toMatch(/<!(channel|here|everyone)>/);
    expect(sent).toMatch(/Project Vault/);

    // The next poll finds nothing new; a restarted bot (a new desk, the same store) does not post it again either.
    await stack.watcher.pollOnce();
    const again = stack.restartedDesk();
    again.postWith(adapter.post.bind(adapter));
    await again.notify([item]);
    expect(notices()).toHaveLength(1);
    expect((await stack.store.posts()).filter((p) => p.kind === 'notice').map((p) => [p.key, p.state])).toEqual([[`notice:slack:${CURATORS}:${item.id}`, 'sent']]);
  });

  it('Accept accepts the item as `kb -- accept` does, and the notice is replaced by the outcome, without buttons', async () => {
    const item = await pollAndNotice();
    const [button] = buttonsOf(notices()[0]!.params.blocks);
    // Anyone in the curators' channel may press it (POLICYBOT_SLACK_ADMINS governs subscriptions, not the inbox).
    const clicked = await postSigned(url, blockActionsBody({ actionId: button!.action_id, value: button!.value, responseUrl: api.responseUrl('accept'), channel: CURATORS, user: 'U0CURATR1', ephemeral: false, label: 'Accept' }), FORM);
    expect(clicked.status).toBe(200);
    const response = await waitFor(() => api.responses.find((r) => r.id === 'accept'), 'the updated notice');
    expect(response.body).toMatchObject({ replace_original: true });
    expect(String(response.body.text)).toMatch(/^Accepted: Project Vault stockpile adds gallium/);
    expect(JSON.stringify(response.body.blocks)).toMatch(/Accepted: kept as the source \S+ \(3 paragraphs, p1–p3\); the bot answers from it now/);
    expect(buttonsOf(response.body.blocks)).toEqual([]);
    expect(JSON.stringify(response.body)).not.toMatch(/<!(channel|here|everyone)>/);

    const accepted = (await stack.store.inbox()).find((i) => i.id === item.id)!;
    expect(accepted).toMatchObject({ state: 'accepted', settled: { source: expect.any(String) } });
    // The running bot answers from the new source at once.
    expect(stack.knowledge.kb.sources.map((s) => s.id)).toContain(accepted.settled!.source);
    const answer = await stack.bot.handleQuestion('When will Project Vault add gallium to the stockpile?', { platform: 'slack', channelId: 'C0ELSE' });
    expect(answer.citations.map((c) => c.sourceId)).toContain(accepted.settled!.source);

    // A second press (the same button, an old copy of the message) says what happened, and changes nothing.
    await postSigned(url, blockActionsBody({ actionId: button!.action_id, value: button!.value, responseUrl: api.responseUrl('again'), channel: CURATORS, ephemeral: false }), FORM);
    const again = await waitFor(() => api.responses.find((r) => r.id === 'again'), 'the second answer');
    expect(JSON.stringify(again.body.blocks)).toMatch(/Already accepted as the source/);
  });

  it('an Accept that cannot work (the page is a PDF that cannot be read) says why in the notice, keeps its buttons, and keeps nothing', async () => {
    const item = await pollAndNotice();
    stack.server.route('/wire/vault', send('application/pdf', '%PDF-1.7 not a page'));
    const [accept] = buttonsOf(notices()[0]!.params.blocks);
    await postSigned(url, blockActionsBody({ actionId: accept!.action_id, value: accept!.value, responseUrl: api.responseUrl('pdf'), channel: CURATORS, ephemeral: false }), FORM);
    const response = await waitFor(() => api.responses.find((r) => r.id === 'pdf'), 'the updated notice');
    expect(response.body).toMatchObject({ replace_original: true });
    expect(String(response.body.text)).toMatch(/^New in the inbox:/);
    expect(JSON.stringify(response.body.blocks)).toMatch(/Accept did not work: Inbox item \w+ \(http:\/\/127\.0\.0\.1:\d+\/wire\/vault\) is a PDF that cannot be read/);
    expect(buttonsOf(response.body.blocks).map((b) => b.text.text)).toEqual(['Accept', 'Dismiss']);
    expect((await stack.store.inbox()).find((i) => i.id === item.id)).toMatchObject({ state: 'waiting' });
  });

  it('Dismiss dismisses it; a button pressed outside the curators’ channel is refused to the presser only', async () => {
    const item = await pollAndNotice();
    const [, dismiss] = buttonsOf(notices()[0]!.params.blocks);
    await postSigned(url, blockActionsBody({ actionId: dismiss!.action_id, value: dismiss!.value, responseUrl: api.responseUrl('elsewhere'), channel: 'C0GENERAL', ephemeral: false }), FORM);
    const refused = await waitFor(() => api.responses.find((r) => r.id === 'elsewhere'), 'the refusal');
    expect(refused.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Inbox items are accepted or dismissed in the curators’ channel only.' });
    expect((await stack.store.inbox())[0]!.state).toBe('waiting');

    await postSigned(url, blockActionsBody({ actionId: dismiss!.action_id, value: dismiss!.value, responseUrl: api.responseUrl('dismiss'), channel: CURATORS, ephemeral: false }), FORM);
    const response = await waitFor(() => api.responses.find((r) => r.id === 'dismiss'), 'the updated notice');
    expect(response.body).toMatchObject({ replace_original: true });
    expect(JSON.stringify(response.body.blocks)).toMatch(/Dismissed: it will not be offered again/);
    expect((await stack.store.inbox()).find((i) => i.id === item.id)).toMatchObject({ state: 'dismissed' });
  });
});
