import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

/**
 * A local stand-in for Slack's Web API (`SLACK_API_URL`) and for the
 * `response_url`s Slack hands to slash commands and buttons. It speaks the
 * real wire format to the real WebClient: form-encoded arguments (blocks as
 * JSON strings), the token in `Authorization`, `{ ok, error }` answers, 429
 * with `Retry-After`. It records every call and every response_url post.
 */

export interface ApiCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  /** The bearer token the call carried. */
  readonly token: string | undefined;
  readonly at: number;
}

export interface ResponseUrlPost {
  readonly id: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export interface FakeAnswer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body: unknown;
}

/** Answers a call; `undefined` falls back to the default answer. */
export type MethodHandler = (call: ApiCall, attempt: number) => FakeAnswer | undefined;

export const BOT_USER_ID = 'UBOTSELF1';
export const BOT_ID = 'BBOTSELF1';

export interface FakeSlackWebApi {
  /** The Web API base, as `SLACK_API_URL` would give it. */
  readonly url: string;
  readonly calls: ApiCall[];
  readonly responses: ResponseUrlPost[];
  /** Where `apps.connections.open` sends the Socket Mode client. */
  socketUrl: string | undefined;
  /** A response_url the stand-in records under `id`. */
  responseUrl(id: string): string;
  /** Overrides a method's answers (the attempt number counts this method's calls from 1). */
  on(method: string, handler: MethodHandler): void;
  /** Successful `chat.postMessage` calls: messages that were actually posted. */
  posted(): ApiCall[];
  /** Forgets calls, posts and overrides (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeSlackWebApi(): Promise<FakeSlackWebApi> {
  const calls: ApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const handlers = new Map<string, MethodHandler>();
  const attempts = new Map<string, number>();
  const postedOk = new Set<ApiCall>();
  let ts = 1_760_000_000;

  const defaults = (call: ApiCall): FakeAnswer => {
    switch (call.method) {
      case 'auth.test':
        return { body: { ok: true, url: 'https://test.slack.example/', team: 'Test', user: 'policybot', team_id: 'T0TEST', user_id: BOT_USER_ID, bot_id: BOT_ID } };
      case 'chat.postMessage':
        ts += 1;
        return { body: { ok: true, channel: call.params.channel, ts: `${ts}.000100`, message: { text: call.params.text } } };
      case 'apps.connections.open':
        return fake.socketUrl ? { body: { ok: true, url: fake.socketUrl } } : { body: { ok: false, error: 'no_socket_stand_in' } };
      default:
        return { body: { ok: false, error: 'unknown_method' } };
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path.startsWith('/respond/')) {
        responses.push({ id: path.slice('/respond/'.length), body: JSON.parse(raw || '{}') as Record<string, unknown>, at: Date.now() });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      if (!path.startsWith('/api/')) {
        res.writeHead(404).end();
        return;
      }
      const method = path.slice('/api/'.length);
      const call: ApiCall = { method, params: parseParams(req, raw), token: bearer(req), at: Date.now() };
      calls.push(call);
      const attempt = (attempts.get(method) ?? 0) + 1;
      attempts.set(method, attempt);
      const answer = handlers.get(method)?.(call, attempt) ?? defaults(call);
      const status = answer.status ?? 200;
      if (method === 'chat.postMessage' && status === 200 && (answer.body as { ok?: boolean }).ok) postedOk.add(call);
      res.writeHead(status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeSlackWebApi = {
    url: `${base}/api/`,
    calls,
    responses,
    socketUrl: undefined,
    responseUrl: (id) => `${base}/respond/${id}`,
    on: (method, handler) => void handlers.set(method, handler),
    posted: () => calls.filter((c) => postedOk.has(c)),
    reset() {
      calls.length = 0;
      responses.length = 0;
      handlers.clear();
      attempts.clear();
      postedOk.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return fake;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice('Bearer '.length) : undefined;
}

/** The WebClient form-encodes arguments and JSON-encodes the structured ones (blocks). */
function parseParams(req: IncomingMessage, raw: string): Record<string, unknown> {
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parseQuery(raw))) {
    const v = Array.isArray(value) ? value[0] : value;
    out[key] = (key === 'blocks' || key === 'attachments') && typeof v === 'string' ? JSON.parse(v) : v;
  }
  return out;
}

/** Polls until `check` returns something truthy (real sockets, so no fake timers). */
export async function waitFor<T>(check: () => T | undefined | false | null, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
