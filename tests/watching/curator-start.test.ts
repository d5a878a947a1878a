import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { rss, send, startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { blockActionsBody, FORM, postSigned, SIGNING_SECRET } from '../fakes/slack-requests.ts';
import { startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { VAULT_ITEM } from '../support/curator.ts';
import { copyKnowledge, type KnowledgeCopy } from '../support/kb-copy.ts';
import { tempDataDir } from '../support/store.ts';
import { freePort } from '../support/ports.ts';
import { startBot } from '../support/run.ts';

/**
 * `npm start` with Slack over HTTP, a watched feed on loopback and
 * POLICYBOT_CURATOR_CHANNEL: the bot's own poll at start posts the notice,
 * Accept keeps the page as a source, and a restart (which polls again) posts
 * no second notice.
 */

const CURATORS = 'C0CURATE1';
const running: ChildProcess[] = [];
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
  for (const c of cleanup.splice(0)) await c();
});


function launch(env: Record<string, string>): { stderr: () => string; stop(): Promise<number | null> } {
  const { child, stderr, exited } = startBot(env);
  running.push(child);
  return {
    stderr,
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('npm start with POLICYBOT_CURATOR_CHANNEL', () => {
  it('posts one notice per new inbox item, accepts it from its button, and posts no second notice after a restart', async () => {
    const api: FakeSlackWebApi = await startFakeSlackWebApi();
    const server: FeedServer = await startFeedServer();
    const kb: KnowledgeCopy = await copyKnowledge();
    const data = await tempDataDir();
    cleanup.push(() => api.close(), () => server.close(), () => kb.dispose(), () => data.dispose());
    server.route('/wire/rss.xml', send('application/rss+xml', rss([{ title: 'Project Vault stockpile adds gallium', link: server.url('/wire/vault'), guid: 'wire-vault-1', pubDate: 'Tue, 14 Apr 2026 09:00:00 GMT' }])));
    server.route('/wire/vault', send('text/html; charset=utf-8', VAULT_ITEM.page));
    const port = await freePort();
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.url,
      PORT: String(port),
      POLICYBOT_DATA: data.file,
      POLICYBOT_KNOWLEDGE_DIR: kb.root,
      POLICYBOT_NOW: '2026-04-15',
      POLICYBOT_WORKERS: '0',
      POLICYBOT_FEEDS: server.url('/wire/rss.xml'),
      POLICYBOT_FETCH_ALLOW_PRIVATE: 'on',
      POLICYBOT_CURATOR_CHANNEL: `slack:${CURATORS}`,
    };
    const notices = () => api.posted().filter((c) => c.params.channel === CURATORS);

    const bot = launch(env);
    const [notice] = await waitFor(() => notices().length > 0 && notices(), `the notice; stderr:\n${bot.stderr()}`, 30_000);
    const accept = (notice!.params.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions')!.elements![0]!;
    expect(accept.value).toMatch(/^inbox:accept:[0-9a-f]{8}$/);
    await postSigned(`http://127.0.0.1:${port}/slack/events`, blockActionsBody({ actionId: accept.action_id, value: accept.value, responseUrl: api.responseUrl('accept'), channel: CURATORS, ephemeral: false }), FORM);
    const updated = await waitFor(() => api.responses.find((r) => r.id === 'accept'), `the updated notice; stderr:\n${bot.stderr()}`, 20_000);
    expect(String(updated.body.text)).toMatch(/^Accepted: Project Vault stockpile adds gallium/);
    expect(await bot.stop()).toBe(0);

    // A restart polls the feed again at start: the item is known, and its notice was made.
    const again = launch(env);
    await waitFor(() => again.stderr().includes('"feed polled"'), `the poll after the restart; stderr:\n${again.stderr()}`, 30_000);
    expect(await again.stop()).toBe(0);
    expect(notices()).toHaveLength(1);
    expect(again.stderr()).not.toMatch(/"level":"error"/);

    const store = await LowdbStore.open(data.file);
    const [item] = await store.inbox();
    expect(item).toMatchObject({ state: 'accepted', settled: { source: expect.any(String) } });
    expect((await store.posts()).filter((p) => p.kind === 'notice')).toEqual([expect.objectContaining({ key: `notice:slack:${CURATORS}:${item!.id}`, state: 'sent' })]);
    await store.close();
  }, 90_000);
});
