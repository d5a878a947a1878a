import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Discord's REST API on loopback, for the real discord.js
 * client (`rest: { api }`). It answers the routes the bot uses as Discord
 * does, keeps registered application commands, records every request, and
 * lets a test make any route fail the way Discord fails.
 */

export interface RecordedRequest {
  readonly method: string;
  /** Path after `/api/v10`, e.g. `/interactions/123/tok/callback`. */
  readonly path: string;
  readonly version: string;
  readonly query: URLSearchParams;
  readonly authorization?: string;
  /** The JSON body (from `payload_json` when files were sent). */
  readonly body: any;
  readonly files: readonly { field: string; name: string; contentType: string; text: string }[];
  readonly at: number;
}

export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Never answers: the request is recorded and the connection left open until the stand-in closes. */
  readonly hang?: boolean;
}

/** An answer that never comes (a Discord that hangs). */
export const HANG: FakeResponse = { status: 0, hang: true };

type Responder = (request: RecordedRequest, params: string[]) => FakeResponse | undefined;

interface Override {
  readonly method: string;
  readonly pattern: RegExp;
  readonly respond: Responder;
  remaining: number;
}

export interface FakeIds {
  readonly applicationId: string;
  readonly botId: string;
  readonly guildId: string;
  readonly channelId: string;
}

export class FakeDiscordApi {
  readonly requests: RecordedRequest[] = [];
  /** Registered commands: `global`, or by guild id. */
  readonly registered = new Map<string, any[]>();
  /** Channels `GET /channels/:id` knows (the stand-in server's), by id. */
  readonly channels = new Map<string, Record<string, unknown>>();
  /** Messages published (crossposted), as `channelId/messageId`. */
  readonly published: string[] = [];
  /** Guild scheduled events, by id, as Discord keeps them. */
  readonly scheduledEvents = new Map<string, Record<string, any>>();
  gatewayUrl = 'ws://127.0.0.1:1';
  /** What `GET /gateway/bot` recommends: the shard count, and how many shards may identify at once (`max_concurrency`). */
  recommendedShards = 1;
  maxConcurrency = 1;
  readonly #overrides: Override[] = [];
  readonly #waiters: { predicate: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  #nextId = 1n;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly token: string,
    readonly ids: FakeIds,
    readonly botUser: Record<string, unknown>,
  ) {}

  static async start(options: { token: string; ids: FakeIds; botUser: Record<string, unknown> }): Promise<FakeDiscordApi> {
    let api: FakeDiscordApi | undefined;
    const server = createServer((req, res) => void api!.handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    api = new FakeDiscordApi(server, `http://127.0.0.1:${port}/api`, options.token, options.ids, options.botUser);
    return api;
  }

  /** Answers `method path` (a regex on the path after /api/v10) with `respond` for the next `times` requests (default: all). */
  on(method: string, pattern: RegExp, respond: Responder | FakeResponse, times = Number.POSITIVE_INFINITY): void {
    this.#overrides.unshift({ method, pattern, respond: typeof respond === 'function' ? respond : () => respond, remaining: times });
  }

  /** The first request (recorded or future) that matches. */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const seen = this.requests.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching Discord request within ${timeoutMs} ms; saw: ${this.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`)), timeoutMs);
      this.#waiters.push({
        predicate,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  find(method: string, pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  snowflake(): string {
    return String((BigInt(Date.now() - 1420070400000) << 22n) + this.#nextId++);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/api\/v(\d+)(\/.*)$/.exec(decodeURIComponent(url.pathname));
    const { body, files } = await parseBody(req, raw);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: m ? m[2]! : url.pathname,
      version: m ? m[1]! : '',
      query: url.searchParams,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      body,
      files,
      at: Date.now(),
    };
    this.requests.push(request);
    for (const w of [...this.#waiters]) {
      if (w.predicate(request)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(request);
      }
    }
    const response = this.respond(request);
    if (response.hang) return;
    const payload = response.body === undefined ? '' : JSON.stringify(response.body);
    res.writeHead(response.status, { ...(payload ? { 'content-type': 'application/json' } : {}), ...response.headers });
    res.end(payload);
  }

  private respond(r: RecordedRequest): FakeResponse {
    for (const o of this.#overrides) {
      const params = o.method === r.method ? o.pattern.exec(r.path) : null;
      if (!params || o.remaining <= 0) continue;
      const answer = o.respond(r, params.slice(1));
      if (answer) {
        o.remaining -= 1;
        return answer;
      }
    }
    return this.defaultResponse(r);
  }

  private defaultResponse(r: RecordedRequest): FakeResponse {
    const { applicationId } = this.ids;
    const route = `${r.method} ${r.path}`;
    // Interaction callbacks and interaction webhooks carry their token in the URL; everything else needs the bot token.
    const tokenInUrl = /^\/(interactions|webhooks)\//.test(r.path);
    if (!tokenInUrl && r.authorization !== `Bot ${this.token}`) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };

    if (route === 'GET /gateway/bot') {
      return { status: 200, body: { url: this.gatewayUrl, shards: this.recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: this.maxConcurrency } } };
    }
    if (route === 'GET /users/@me') return { status: 200, body: this.botUser };
    if (route === 'GET /applications/@me') return { status: 200, body: { id: applicationId, name: 'policybot', description: '', bot_public: true, bot_require_code_grant: false, flags: 0, bot: this.botUser } };

    let m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(r.path);
    if (m) {
      if (m[1] !== applicationId) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
      const key = m[2] ?? 'global';
      if (r.method === 'GET') return { status: 200, body: this.registered.get(key) ?? [] };
      if (r.method === 'PUT') {
        const stored = (r.body as any[]).map((c) => ({ id: this.snowflake(), application_id: applicationId, version: this.snowflake(), default_member_permissions: null, nsfw: false, ...(m![2] ? { guild_id: m![2] } : {}), ...c }));
        this.registered.set(key, stored);
        return { status: 200, body: stored };
      }
    }

    if (r.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(r.path)) return { status: 204 };
    m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(r.path);
    if (m) {
      if (r.method === 'PATCH' && m[3]) return { status: 200, body: this.message(this.ids.channelId, r.body, m[3] === '@original' ? this.snowflake() : m[3]) };
      if (r.method === 'DELETE' && m[3]) return { status: 204 };
      if (r.method === 'POST' && !m[3]) return { status: 200, body: this.message(this.ids.channelId, r.body, this.snowflake()) };
    }
    m = /^\/channels\/(\d+)\/messages$/.exec(r.path);
    if (m && r.method === 'POST') return { status: 200, body: this.message(m[1]!, r.body, this.snowflake()) };
    m = /^\/channels\/(\d+)\/messages\/(\d+)\/crosspost$/.exec(r.path);
    if (m && r.method === 'POST') {
      // As Discord does: only in an announcement channel, and only once per message.
      if (this.channels.get(m[1]!)?.type !== 5) return { status: 400, body: { message: 'Cannot execute action on this channel type', code: 50024 } };
      if (this.published.includes(`${m[1]}/${m[2]}`)) return { status: 400, body: { message: 'This message has already been crossposted.', code: 40033 } };
      this.published.push(`${m[1]}/${m[2]}`);
      // Flag 1: CROSSPOSTED.
      return { status: 200, body: { ...this.message(m[1]!, {}, m[2]!), flags: 1 } };
    }
    m = /^\/guilds\/(\d+)\/scheduled-events(?:\/(\d+))?$/.exec(r.path);
    if (m) return this.scheduledEvent(r, m[1]!, m[2]);
    m = /^\/channels\/(\d+)$/.exec(r.path);
    if (m && r.method === 'GET') {
      const known = this.channels.get(m[1]!);
      return known ? { status: 200, body: known } : { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    }
    if (/^\/channels\/\d+\/typing$/.test(r.path) && r.method === 'POST') return { status: 204 };
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  /** Guild scheduled events as Discord checks them: an external event needs a location (1–100) and an end time. */
  private scheduledEvent(r: RecordedRequest, guildId: string, eventId: string | undefined): FakeResponse {
    const unknown: FakeResponse = { status: 404, body: { message: 'Unknown Guild Scheduled Event', code: 10070 } };
    const invalid = (why: string): FakeResponse => ({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { why } } });
    const check = (e: Record<string, any>): FakeResponse | undefined => {
      if (typeof e.name !== 'string' || e.name.length < 1 || e.name.length > 100) return invalid('name');
      if (e.description !== undefined && e.description.length > 1000) return invalid('description');
      if (e.privacy_level !== 2) return invalid('privacy_level');
      if (e.entity_type === 3) {
        const location = e.entity_metadata?.location;
        if (typeof location !== 'string' || location.length < 1 || location.length > 100) return invalid('entity_metadata.location');
        if (!e.scheduled_end_time) return invalid('scheduled_end_time');
      }
      if (e.scheduled_end_time && Date.parse(e.scheduled_end_time) <= Date.parse(e.scheduled_start_time)) return invalid('scheduled_end_time');
      return undefined;
    };
    if (!eventId && r.method === 'GET') return { status: 200, body: [...this.scheduledEvents.values()].filter((e) => e.guild_id === guildId) };
    if (!eventId && r.method === 'POST') {
      const bad = check(r.body);
      if (bad) return bad;
      const event = { ...r.body, id: this.snowflake(), guild_id: guildId, channel_id: null, creator_id: this.ids.botId, status: 1, entity_id: null, user_count: 0 };
      this.scheduledEvents.set(event.id, event);
      return { status: 200, body: event };
    }
    const existing = eventId ? this.scheduledEvents.get(eventId) : undefined;
    if (!existing || existing.guild_id !== guildId) return unknown;
    if (r.method === 'PATCH') {
      const next = { ...existing, ...r.body };
      const bad = check(next);
      if (bad) return bad;
      this.scheduledEvents.set(existing.id, next);
      return { status: 200, body: next };
    }
    if (r.method === 'DELETE') {
      this.scheduledEvents.delete(existing.id);
      return { status: 204 };
    }
    return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
  }

  /** A message object as Discord returns it for a message the bot sent. */
  message(channelId: string, body: any, id: string): Record<string, unknown> {
    return {
      id,
      channel_id: channelId,
      type: body?.message_reference ? 19 : 0,
      author: this.botUser,
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: body?.flags ?? 0,
      components: body?.components ?? [],
      ...(body?.message_reference ? { message_reference: { ...body.message_reference, channel_id: channelId } } : {}),
    };
  }
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: any; files: RecordedRequest['files'] }> {
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    let body: any;
    const files: { field: string; name: string; contentType: string; text: string }[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, name: value.name, contentType: value.type, text: await value.text() });
      }
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  return { body: type.includes('json') ? JSON.parse(text) : text, files: [] };
}
