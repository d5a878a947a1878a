import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import { Secret } from '../../src/core/secret.ts';
import { createTestBot, type TestBot } from '../support/core.ts';
import { appMention, eventCallback, slashCommandPayload } from '../fakes/slack-requests.ts';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/slack-socket.ts';
import { BOT_USER_ID, startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';

/**
 * Socket Mode end to end: the real Bolt App and Socket Mode client, with
 * `apps.connections.open` on the Web API stand-in pointing at a local
 * WebSocket stand-in that greets with `hello` and delivers envelopes.
 */

let api: FakeSlackWebApi;
let socket: FakeSocketMode;
let test: TestBot;
let adapter: SlackAdapter;

beforeAll(async () => {
  api = await startFakeSlackWebApi();
  socket = await startFakeSocketMode();
  api.socketUrl = socket.url;
  test = await createTestBot();
  adapter = createSlackAdapter(
    test.bot,
    { botToken: new Secret('xoxb-test-token'), appToken: new Secret('xapp-1-A0POLICY-test'), apiUrl: api.url, port: 3000, admins: [] },
    test.log,
    { apiTimeoutMs: 3000 },
  );
  await adapter.start();
});

afterAll(async () => {
  await adapter?.stop();
  await socket?.close();
  await api?.close();
});

const ackFor = (envelopeId: string) => waitFor(() => socket.received.find((m) => m.envelope_id === envelopeId), `the ack of ${envelopeId}`);

describe('Socket Mode', () => {
  it('connects through apps.connections.open with the app-level token, and listens on no port', async () => {
    expect(adapter.mode).toBe('socket');
    expect(adapter.port).toBeUndefined();
    const open = api.calls.find((c) => c.method === 'apps.connections.open');
    expect(open?.token).toBe('xapp-1-A0POLICY-test');
    expect(api.calls.find((c) => c.method === 'auth.test')?.token).toBe('xoxb-test-token');
    expect(socket.connections).toBe(1);
  });

  it('acknowledges a slash-command envelope and answers through its response_url', async () => {
    socket.deliver({
      envelope_id: 'env-slash-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashCommandPayload({ text: 'When is the US-EU memorandum due?', responseUrl: api.responseUrl('socket-slash') }),
    });
    const ack = await ackFor('env-slash-1');
    expect(ack).toEqual({ envelope_id: 'env-slash-1', payload: {} });
    const answer = await waitFor(() => api.responses.find((r) => r.id === 'socket-slash'), 'the answer');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.text).toMatch(/March 6, 2026/);
  });

  it('acknowledges an event envelope, answers in the thread, and answers a redelivery once', async () => {
    const body = eventCallback(appMention({ text: `<@${BOT_USER_ID}> sources`, channel: 'C0SOCKET1' }), 'Ev0SOCKET1');
    socket.deliver({ envelope_id: 'env-event-1', type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '', payload: body });
    socket.deliver({ envelope_id: 'env-event-2', type: 'events_api', accepts_response_payload: false, retry_attempt: 1, retry_reason: 'timeout', payload: body });
    await ackFor('env-event-1');
    await ackFor('env-event-2');
    const [post] = await waitFor(() => api.posted().length > 0 && api.posted(), 'the answer');
    expect(post!.params.channel).toBe('C0SOCKET1');
    expect(post!.params.thread_ts).toBe((body.event as { ts: string }).ts);
    await delay(300);
    expect(api.posted()).toHaveLength(1);
  });

  it('logs through our logger, and never a token nor who asked, even at debug level', () => {
    expect(test.log.lines.some((l) => l.includes('"component":"socket-mode"'))).toBe(true);
    expect(test.log.lines.filter((l) => /xoxb-test-token|xapp-1-A0POLICY-test/.test(l))).toEqual([]);
    // The Socket Mode client echoes whole envelopes at debug level; only their type and id are kept.
    expect(test.log.lines.some((l) => l.includes('Received a message on the WebSocket: type slash_commands, envelope env-slash-1 (payload not logged)'))).toBe(true);
    expect(test.log.lines.filter((l) => l.includes('U0ASKER1'))).toEqual([]);
  });
});

describe('Socket Mode start-up', () => {
  it('names SLACK_APP_TOKEN when Slack refuses it', async () => {
    const refusing = await startFakeSlackWebApi();
    refusing.on('apps.connections.open', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const a = createSlackAdapter(
      test.bot,
      { botToken: new Secret('xoxb-test-token'), appToken: new Secret('xapp-1-revoked'), apiUrl: refusing.url, port: 3000, admins: [] },
      test.log,
    );
    try {
      const failure = await a.start().then(() => undefined, (e: unknown) => e as Error);
      expect(failure?.message).toMatch(/^slack: Slack refused SLACK_APP_TOKEN \(invalid_auth\)/);
    } finally {
      await a.stop();
      await refusing.close();
    }
  });
});
