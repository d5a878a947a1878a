import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

/**
 * A local stand-in for Slack's Web API (`SLACK_API_URL`) and for the
 * `response_url`s Slack hands to slash commands and buttons. It speaks the
 * real wire format to the real WebClient: form-encoded arguments (blocks as
 * JSON strings), the token in `Authorization`, `{ ok, error }` answers, 429
 * with `Retry-After`. It records every call and every response_url post.
 *
 * File uploads go the way `files.uploadV2` takes them: `files.getUploadURLExternal`
 * hands out an upload URL (on this same loopback server), the client POSTs the
 * bytes there (multipart, as the WebClient sends them), and
 * `files.completeUploadExternal` shares the uploaded file into a channel or
 * thread. `files()` lists the files so shared.
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
  /** Never answers: the request is read and recorded, and the connection left open until the stand-in closes. */
  readonly hang?: boolean;
}

/** An answer that never comes (a Slack that hangs). */
export const HANG: FakeAnswer = { body: undefined, hang: true };

/** A file that went the whole way: upload URL, bytes, shared into a channel. */
export interface SharedFile {
  readonly id: string;
  readonly filename: string;
  /** What Slack would make of it, from the file name (`.ics` → text/calendar). */
  readonly mimetype: string;
  /** The length announced to files.getUploadURLExternal. */
  readonly length: number;
  /** The bytes that reached the upload URL, as text. */
  readonly content: string;
  readonly title: string | undefined;
  readonly channel: string | undefined;
  readonly threadTs: string | undefined;
  /** The bearer token the upload itself carried. */
  readonly uploadToken: string | undefined;
}

/** Answers a call; `undefined` falls back to the default answer. */
export type MethodHandler = (call: ApiCall, attempt: number) => FakeAnswer | undefined;

/** Answers a post to a response_url; `undefined` accepts it (200 `ok`). */
export type ResponseUrlHandler = (post: ResponseUrlPost, attempt: number) => FakeAnswer | undefined;

export const BOT_USER_ID = 'UBOTSELF1';
export const BOT_ID = 'BBOTSELF1';

export interface FakeSlackWebApi {
  /** The Web API base, as `SLACK_API_URL` would give it. */
  readonly url: string;
  readonly calls: ApiCall[];
  /** Posts to response_urls that were accepted: what the user saw. */
  readonly responses: ResponseUrlPost[];
  /** Every post to a response_url, accepted or not. */
  readonly responseAttempts: ResponseUrlPost[];
  /** Where `apps.connections.open` sends the Socket Mode client. */
  socketUrl: string | undefined;
  /** A response_url the stand-in records under `id`. */
  responseUrl(id: string): string;
  /** Overrides a method's answers (the attempt number counts this method's calls from 1). */
  on(method: string, handler: MethodHandler): void;
  /** Overrides the answers to response_url posts (the attempt number counts them from 1). */
  onRespond(handler: ResponseUrlHandler): void;
  /** Answers a method only after `ms` (the call is recorded, and a post counted, on arrival: a client killed meanwhile still posted). */
  slowDown(method: string, ms: number): void;
  /** Successful `chat.postMessage` calls: messages that were actually posted. */
  posted(): ApiCall[];
  /** Files uploaded and shared (`files.completeUploadExternal` succeeded). */
  files(): SharedFile[];
  /** Forgets calls, posts and overrides (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeSlackWebApi(): Promise<FakeSlackWebApi> {
  const calls: ApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const responseAttempts: ResponseUrlPost[] = [];
  let respondHandler: ResponseUrlHandler | undefined;
  const handlers = new Map<string, MethodHandler>();
  const delays = new Map<string, number>();
  const attempts = new Map<string, number>();
  const postedOk = new Set<ApiCall>();
  let ts = 1_760_000_000;
  /** Files by id, from the upload URL handed out to completion. */
  const uploads = new Map<string, { filename: string; length: number; content?: string; uploadToken?: string; shared?: { title?: string; channel?: string; threadTs?: string } }>();
  let fileCounter = 0;

  const defaults = (call: ApiCall): FakeAnswer => {
    switch (call.method) {
      case 'auth.test':
        return { body: { ok: true, url: 'https://test.slack.example/', team: 'Test', user: 'policybot', team_id: 'T0TEST', user_id: BOT_USER_ID, bot_id: BOT_ID } };
      case 'chat.postMessage':
        ts += 1;
        return { body: { ok: true, channel: call.params.channel, ts: `${ts}.000100`, message: { text: call.params.text } } };
      case 'apps.connections.open':
        return fake.socketUrl ? { body: { ok: true, url: fake.socketUrl } } : { body: { ok: false, error: 'no_socket_stand_in' } };
      case 'views.open': {
        const view = call.params.view as Record<string, unknown> | undefined;
        if (!call.params.trigger_id) return { body: { ok: false, error: 'invalid_trigger_id' } };
        if (!view || view.type !== 'modal') return { body: { ok: false, error: 'invalid_arguments' } };
        return { body: { ok: true, view: { id: 'V0FORM0001', team_id: 'T0TEST', state: { values: {} }, hash: '1.abc', ...view } } };
      }
      case 'views.publish': {
        // As Slack checks it: a user, and a home view of at most 100 blocks.
        const view = call.params.view as { type?: string; blocks?: unknown[] } | undefined;
        if (typeof call.params.user_id !== 'string' || !/^[UW][A-Z0-9]+$/.test(call.params.user_id)) return { body: { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['invalid `user_id`'] } } };
        if (!view || view.type !== 'home' || !Array.isArray(view.blocks)) return { body: { ok: false, error: 'invalid_arguments' } };
        if (view.blocks.length > 100) return { body: { ok: false, error: 'invalid_blocks', response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] } } };
        return { body: { ok: true, view: { id: 'V0HOME0001', team_id: 'T0TEST', hash: '1.home', ...view } } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(call.params.length);
        if (typeof call.params.filename !== 'string' || !Number.isInteger(length) || length <= 0) return { body: { ok: false, error: 'invalid_arguments' } };
        fileCounter += 1;
        const id = `F0FILE${String(fileCounter).padStart(4, '0')}`;
        uploads.set(id, { filename: call.params.filename, length });
        return { body: { ok: true, upload_url: `${base}/upload/v1/${id}`, file_id: id } };
      }
      case 'files.completeUploadExternal': {
        const files = call.params.files as { id: string; title?: string }[] | undefined;
        if (!Array.isArray(files) || files.length === 0) return { body: { ok: false, error: 'invalid_arguments' } };
        const known = files.map((f) => uploads.get(f.id));
        if (known.some((u) => !u || u.content === undefined)) return { body: { ok: false, error: 'file_not_found' } };
        const channel = typeof call.params.channel_id === 'string' ? call.params.channel_id : undefined;
        const threadTs = typeof call.params.thread_ts === 'string' ? call.params.thread_ts : undefined;
        files.forEach((f, i) => (known[i]!.shared = { ...(f.title ? { title: f.title } : {}), ...(channel ? { channel } : {}), ...(threadTs ? { threadTs } : {}) }));
        return { body: { ok: true, files: files.map((f, i) => ({ id: f.id, name: known[i]!.filename, title: f.title ?? known[i]!.filename, mimetype: mimetypeOf(known[i]!.filename) })) } };
      }
      case 'chat.postEphemeral':
        return { body: { ok: true, message_ts: `${(ts += 1)}.000200` } };
      default:
        return { body: { ok: false, error: 'unknown_method' } };
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const bytes = await readBody(req);
      const raw = bytes.toString('utf8');
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path.startsWith('/upload/v1/')) {
        const upload = uploads.get(path.slice('/upload/v1/'.length));
        if (!upload || req.method !== 'POST') {
          res.writeHead(404).end();
          return;
        }
        upload.content = await uploadedContent(req, bytes);
        const token = bearer(req);
        if (token) upload.uploadToken = token;
        // Slack's upload endpoint answers with a bare status line.
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${Buffer.byteLength(upload.content)}`);
        return;
      }
      if (path.startsWith('/respond/')) {
        const post = { id: path.slice('/respond/'.length), body: JSON.parse(raw || '{}') as Record<string, unknown>, at: Date.now() };
        responseAttempts.push(post);
        const answer = respondHandler?.(post, responseAttempts.length);
        if (answer?.hang) return;
        if (answer) {
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
          if ((answer.status ?? 200) < 300) responses.push(post);
          return;
        }
        responses.push(post);
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
      if (answer.hang) return;
      const status = answer.status ?? 200;
      if (method === 'chat.postMessage' && status === 200 && (answer.body as { ok?: boolean }).ok) postedOk.add(call);
      const delay = delays.get(method);
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      res.writeHead(status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeSlackWebApi = {
    url: `${base}/api/`,
    calls,
    responses,
    responseAttempts,
    socketUrl: undefined,
    responseUrl: (id) => `${base}/respond/${id}`,
    on: (method, handler) => void handlers.set(method, handler),
    onRespond: (handler) => void (respondHandler = handler),
    slowDown: (method, ms) => void delays.set(method, ms),
    posted: () => calls.filter((c) => postedOk.has(c)),
    files: () =>
      [...uploads.entries()]
        .filter(([, u]) => u.shared && u.content !== undefined)
        .map(([id, u]) => ({
          id,
          filename: u.filename,
          mimetype: mimetypeOf(u.filename),
          length: u.length,
          content: u.content!,
          title: u.shared!.title,
          channel: u.shared!.channel,
          threadTs: u.shared!.threadTs,
          uploadToken: u.uploadToken,
        })),
    reset() {
      calls.length = 0;
      responses.length = 0;
      responseAttempts.length = 0;
      respondHandler = undefined;
      handlers.clear();
      delays.clear();
      attempts.clear();
      postedOk.clear();
      uploads.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return fake;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The file's bytes from an upload: the WebClient sends them as the one file part of a multipart form; a raw body is taken as it is. */
async function uploadedContent(req: IncomingMessage, bytes: Buffer): Promise<string> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return bytes.toString('utf8');
  const form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
  const file = [...form.values()].find((v) => typeof v !== 'string');
  if (!file || typeof file === 'string') throw new Error('the upload carried no file part');
  return file.text();
}

const MIMETYPES: Record<string, string> = { ics: 'text/calendar', txt: 'text/plain', json: 'application/json', csv: 'text/csv' };

function mimetypeOf(filename: string): string {
  return MIMETYPES[filename.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice('Bearer '.length) : undefined;
}

const STRUCTURED = new Set(['blocks', 'attachments', 'view', 'files']);

/** The WebClient form-encodes arguments and JSON-encodes the structured ones (blocks, a view, a file list). */
function parseParams(req: IncomingMessage, raw: string): Record<string, unknown> {
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parseQuery(raw))) {
    const v = Array.isArray(value) ? value[0] : value;
    out[key] = STRUCTURED.has(key) && typeof v === 'string' ? JSON.parse(v) : v;
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
