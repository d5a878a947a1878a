import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../src/core/dates.ts';
import { createLogger } from '../../src/core/log.ts';
import { dueReminders } from '../../src/following/reminders.ts';
import { PgStore } from '../../src/store/pg-store.ts';
import { appMention, eventCallback, FORM, JSON_TYPE, postSigned, SIGNING_SECRET, slashCommand } from '../fakes/slack-requests.ts';
import { startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { shippedKnowledgeBase } from '../support/core.ts';
import { freePort } from '../support/ports.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { startBot } from '../support/run.ts';

/**
 * Three `npm start` processes (the built bot, Slack over HTTP on a stand-in
 * Web API) on one PostgreSQL database, as behind a load balancer: a channel
 * subscribed through one is followed by all; each reminder is posted once in
 * total, also when one instance is killed with SIGKILL mid-run and started
 * again; a person over the limit on one is over it on all; a Slack event
 * delivered to one and retried to another is answered once.
 */

const TODAY = '2026-02-27' as IsoDate;
const CHANNELS = 40;

let postgres: TestPostgres;
let api: FakeSlackWebApi;
let databaseUrl: string;
const running = new Set<ChildProcess>();

interface Instance {
  readonly name: string;
  readonly port: number;
  readonly child: ChildProcess;
  stderr(): string;
  readonly exited: Promise<number | null>;
}

/** `npm start`'s command on the built bot, with its own Slack token (so the stand-in tells who posted) and port. */
async function startInstance(name: string, port?: number): Promise<Instance> {
  const listen = port ?? (await freePort());
  const { child, stderr, exited } = startBot({
    SLACK_BOT_TOKEN: `xoxb-test-${name}`,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.url,
    PORT: String(listen),
    POLICYBOT_DATABASE_URL: databaseUrl,
    POLICYBOT_NOW: TODAY,
    POLICYBOT_WORKERS: '0',
    POLICYBOT_USER_RATE: '2/1m',
    LOG_LEVEL: 'info',
  }, { built: true });
  running.add(child);
  void exited.then(() => running.delete(child));
  return { name, port: listen, child, stderr, exited };
}

const started = (i: Instance) => waitFor(() => i.stderr().includes('slack: started'), `${i.name} to listen; stderr:\n${i.stderr()}`, 60_000);
const events = (i: Instance) => `http://127.0.0.1:${i.port}/slack/events`;
const reminders = () => api.posted().filter((c) => String(c.params.channel).startsWith('C0FOLLOW'));

beforeAll(async () => {
  [postgres, api] = await Promise.all([startPostgres(), startFakeSlackWebApi()]);
  databaseUrl = await postgres.createDatabase('cluster');
}, 60_000);
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await api?.close();
  await postgres?.dispose();
});

describe('three instances on one PostgreSQL database', () => {
  it('post each reminder once in total, also across a SIGKILL and restart, and share subscriptions, limits and Slack retries', async () => {
    // 40 channels follow deadlines from before today.
    const setup = await PgStore.open(databaseUrl, { log: createLogger('warn') });
    for (let i = 0; i < CHANNELS; i++) await setup.subscribe({ platform: 'slack', channelId: `C0FOLLOW${String(i).padStart(3, '0')}` }, ['deadlines'], new Date('2026-01-01T00:00:00Z'));
    const expected = dueReminders(await shippedKnowledgeBase(), await setup.subscriptions(), TODAY, [30, 7, 1, 0], () => false);
    expect(expected.length).toBeGreaterThanOrEqual(CHANNELS);
    // Slack answers each post after 60 ms, so a run takes a few seconds and can be cut short.
    api.slowDown('chat.postMessage', 60);

    const instances = await Promise.all(['a', 'b', 'c'].map((n) => startInstance(n)));
    await Promise.all(instances.map(started));
    const [a, b, c] = instances as [Instance, Instance, Instance];

    // Kill one mid-run, then start it again.
    await waitFor(() => reminders().length >= 8, 'the first reminders', 30_000);
    a.child.kill('SIGKILL');
    // Mid-run: reminders were still to be posted when it died.
    expect(reminders().length).toBeLessThan(expected.length);
    await a.exited;
    const again = await startInstance('a-again', a.port);
    await started(again);

    // Everything claimed is settled or was cut short by the kill: no reminder lost silently.
    await settledRun();
    const records = (await setup.posts()).filter((p) => p.kind === 'reminder' && p.channel.channelId.startsWith('C0FOLLOW'));
    // Every due reminder was claimed, and the earlier ones it replaces recorded as superseded, by whichever instance came first.
    expect(new Set(records.map((p) => p.key))).toEqual(new Set(expected.flatMap((r) => [r.key, ...r.supersedes])));
    const dueKeys = new Set(expected.map((r) => r.key));
    const posts = records.filter((p) => dueKeys.has(p.key));
    // At most the posts in flight when the kill came are unconfirmed (pending, settled as unknown after the post timeout).
    const pending = posts.filter((p) => p.state === 'pending');
    expect(pending.length).toBeLessThanOrEqual(3);
    expect(posts.filter((p) => p.state !== 'pending').every((p) => p.state === 'sent')).toBe(true);

    // No duplicates: one message per channel and reminder, whichever instance sent it.
    const messages = reminders().map((call) => `${String(call.params.channel)} ${String(call.params.text)}`);
    expect(messages.length).toBe(new Set(messages).size);
    expect(messages.length).toBeGreaterThanOrEqual(expected.length - pending.length);
    expect(messages.length).toBeLessThanOrEqual(expected.length);
    // The work was shared: more than one instance posted.
    expect(new Set(reminders().map((call) => call.token)).size).toBeGreaterThan(1);

    // A channel subscribed through one is followed by all.
    await postSigned(events(again), slashCommand({ text: 'subscribe deadlines', channelId: 'C0NEWSUB1', userId: 'U0ADMIN01', responseUrl: api.responseUrl('subscribe') }), FORM);
    expect(String((await waitFor(() => api.responses.find((r) => r.id === 'subscribe'), 'the subscription', 15_000)).body.text)).toMatch(/Subscribed|now receives/);
    for (const [i, other] of [b, c].entries()) {
      await postSigned(events(other), slashCommand({ text: 'subscriptions', channelId: 'C0NEWSUB1', userId: `U0MEMBER${i}`, responseUrl: api.responseUrl(`seen-${i}`) }), FORM);
      expect(JSON.stringify((await waitFor(() => api.responses.find((r) => r.id === `seen-${i}`), `subscriptions through ${other.name}`, 15_000)).body)).toMatch(/This channel receives deadline reminders/);
    }

    // A person over the limit (2 a minute) on one instance is over it on all.
    const ask = async (i: Instance, id: string) => {
      await postSigned(events(i), slashCommand({ text: 'When is the US-EU MOU due?', userId: 'U0LIMITED', channelId: 'C0ASKING1', responseUrl: api.responseUrl(id) }), FORM);
      return JSON.stringify((await waitFor(() => api.responses.find((r) => r.id === id), `the answer ${id}`, 15_000)).body);
    };
    expect(await ask(again, 'q1')).toMatch(/memorandum/i);
    expect(await ask(b, 'q2')).toMatch(/memorandum/i);
    expect(await ask(c, 'q3')).toMatch(/faster than I answer everyone fairly/);

    // A Slack event delivered to one instance and retried to another is answered once.
    const mention = eventCallback(appMention({ text: '<@UBOTSELF1> When is the US-EU MOU due?', channel: 'C0MENTION', user: 'U0MENTION' }), 'EvCLUSTERRETRY1');
    const body = JSON.stringify(mention);
    expect((await postSigned(events(b), body, JSON_TYPE)).status).toBe(200);
    expect((await postSigned(events(c), body, JSON_TYPE, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    await waitFor(() => api.posted().some((call) => call.params.channel === 'C0MENTION'), 'the answer to the mention', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(api.posted().filter((call) => call.params.channel === 'C0MENTION')).toHaveLength(1);
    expect(b.stderr() + c.stderr()).toMatch(/ignored a repeated delivery/);

    for (const i of [again, b, c]) {
      expect(i.stderr()).not.toMatch(/"level":"error"/);
      i.child.kill('SIGTERM');
      expect(await i.exited).toBe(0);
    }
    await setup.close();

    /** Until every due reminder is claimed and the pending ones stop changing (those left are the killed instance's). */
    async function settledRun(): Promise<void> {
      let before = '';
      for (const until = Date.now() + 90_000; Date.now() < until; ) {
        const claimed = new Set((await setup.posts()).map((p) => p.key));
        const pendingKeys = (await setup.posts()).filter((p) => p.state === 'pending').map((p) => p.key).join(',');
        const all = expected.every((r) => claimed.has(r.key));
        if (all && pendingKeys === before) return;
        before = all ? pendingKeys : '-';
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }, 180_000);
});
