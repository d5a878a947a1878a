import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FORM, postSigned, SIGNING_SECRET, slashCommand } from '../fakes/slack-requests.ts';
import { startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { startBot } from '../support/run.ts';
import { tempDataDir } from '../support/store.ts';
import { freePort } from '../support/ports.ts';

/**
 * `npm start` in Slack HTTP mode, answering on worker threads and on the main
 * thread (POLICYBOT_WORKERS=0): a signed /policy is acknowledged and its
 * answer reaches the response_url, and SIGTERM stops the bot, threads and all.
 */
let api: FakeSlackWebApi;
let data: Awaited<ReturnType<typeof tempDataDir>>;
const running: ChildProcess[] = [];

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  data = await tempDataDir();
});
afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGKILL');
});
afterAll(async () => {
  await api?.close();
  await data?.dispose();
});


describe.each([
  { workers: '2', answering: '2 worker threads' },
  { workers: '0', answering: 'main thread' },
])('npm start with Slack over HTTP and POLICYBOT_WORKERS=$workers', ({ workers, answering }) => {
  it('acknowledges a signed /policy, answers it at the response_url, and stops on SIGTERM', async () => {
    const port = await freePort();
    const { child, stderr: log, exited } = startBot({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.url,
      PORT: String(port),
      POLICYBOT_DATA: path.join(data.dir, `workers-${workers}.json`),
      POLICYBOT_NOW: '2026-11-28',
      POLICYBOT_WORKERS: workers,
    });
    running.push(child);
    await waitFor(() => log().includes('slack: started'), `the bot to listen; stderr:\n${log()}`, 30_000);
    expect(JSON.parse(log().split('\n').find((l) => l.includes('"starting"'))!)).toMatchObject({ answering });

    const id = `workers-${workers}`;
    const ack = await postSigned(`http://127.0.0.1:${port}/slack/events`, slashCommand({ text: 'When is the US-EU MOU due?', responseUrl: api.responseUrl(id) }), FORM);
    expect(ack.status).toBe(200);
    const answer = await waitFor(() => api.responses.find((r) => r.id === id), 'the answer at the response_url', 10_000);
    expect(String(answer.body.text)).toMatch(/memorandum/i);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(log()).not.toMatch(/"level":"error"/);
  }, 60_000);
});
