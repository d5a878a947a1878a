import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A stand-in for Discord's gateway on loopback: HELLO, IDENTIFY → READY and
 * GUILD_CREATE, heartbeats acknowledged, and dispatches on demand. Sharded
 * as Discord shards: a connection identifies as shard [id, count] (none:
 * [0, 1]) and receives only the servers, and the dispatches of the servers,
 * whose id puts them on that shard (`(guild_id >> 22) % count`); what has no
 * server (a DM) goes to shard 0. It speaks
 * plain JSON (discord.js asks for `encoding=json` and, without zlib-sync,
 * no transport compression; the stand-in records what was asked).
 */

export interface Identify {
  readonly token: string;
  readonly intents: number;
  readonly compress: boolean;
  readonly properties: Record<string, string>;
  /** [shard id, shard count], as sent (absent: unsharded). */
  readonly shard?: readonly [number, number];
}

/** The shard a server's events travel on, as Discord computes it. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

export interface GatewayOptions {
  readonly token: string;
  readonly heartbeatIntervalMs?: number;
  /** Intent bits the application may not use: IDENTIFY with any of them is closed with 4014, as Discord does. */
  readonly disallowedIntents?: number;
  /** Fewer shards than this are closed with 4011 (sharding required), as Discord closes a bot in too many servers for them. */
  readonly requiredShards?: number;
  /** READY and GUILD_CREATE payloads, built by the caller. */
  readonly ready: () => { readonly ready: Record<string, unknown>; readonly guilds: readonly Record<string, unknown>[] };
}

export class FakeDiscordGateway {
  readonly identifies: Identify[] = [];
  /** The query of each connection (`v`, `encoding`, `compress`). */
  readonly connections: URLSearchParams[] = [];
  heartbeats = 0;
  /** Identified connections, with the shard each one is. */
  readonly #sockets = new Map<WebSocket, readonly [number, number]>();
  #sequence = 0;

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
    private readonly options: GatewayOptions,
  ) {
    server.on('connection', (socket, request) => this.accept(socket, new URL(request.url ?? '/', 'ws://127.0.0.1').searchParams));
  }

  static async start(options: GatewayOptions): Promise<FakeDiscordGateway> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    return new FakeDiscordGateway(server, `ws://127.0.0.1:${port}`, options);
  }

  /** Sends a dispatch (op 0) on the shard its server belongs to (every identified connection of that shard). */
  dispatch(type: string, data: unknown): void {
    const d = data as { guild_id?: unknown; id?: unknown } | null;
    const guildId = typeof d?.guild_id === 'string' ? d.guild_id : type === 'GUILD_CREATE' && typeof d?.id === 'string' ? d.id : undefined;
    for (const [socket, [id, count]] of this.#sockets) {
      if ((guildId === undefined ? 0 : shardOf(guildId, count)) === id) this.send(socket, { op: 0, t: type, s: ++this.#sequence, d: data });
    }
  }

  /** The shards identified and still connected, as [id, count]. */
  shards(): (readonly [number, number])[] {
    return [...this.#sockets.values()];
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets.keys()) socket.terminate();
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket, query: URLSearchParams): void {
    this.connections.push(query);
    socket.on('message', (data) => this.receive(socket, JSON.parse(String(data))));
    socket.on('close', () => void this.#sockets.delete(socket));
    socket.on('error', () => void this.#sockets.delete(socket));
    this.send(socket, { op: 10, t: null, s: null, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 1000 } });
  }

  private receive(socket: WebSocket, payload: { op: number; d: any }): void {
    switch (payload.op) {
      case 1:
        this.heartbeats += 1;
        this.send(socket, { op: 11, t: null, s: null, d: null });
        return;
      case 2: {
        const d = payload.d as Identify;
        this.identifies.push({ token: d.token, intents: d.intents, compress: d.compress, properties: d.properties, ...(d.shard ? { shard: d.shard } : {}) });
        if (d.token !== this.options.token) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        if ((d.intents & (this.options.disallowedIntents ?? 0)) !== 0) {
          socket.close(4014, 'Disallowed intent(s).');
          return;
        }
        const shard = d.shard ?? ([0, 1] as const);
        if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) {
          socket.close(4010, 'Invalid shard.');
          return;
        }
        if (shard[1] < (this.options.requiredShards ?? 1)) {
          socket.close(4011, 'Sharding required.');
          return;
        }
        this.#sockets.set(socket, shard);
        const { ready, guilds } = this.options.ready();
        const mine = guilds.filter((g) => shardOf(String(g.id), shard[1]) === shard[0]);
        const unavailable = mine.map((g) => ({ id: g.id, unavailable: true }));
        this.send(socket, { op: 0, t: 'READY', s: ++this.#sequence, d: { ...ready, guilds: unavailable, shard: [...shard], resume_gateway_url: this.url } });
        for (const guild of mine) this.send(socket, { op: 0, t: 'GUILD_CREATE', s: ++this.#sequence, d: guild });
        return;
      }
      default:
        // Presence updates, resumes and the like: nothing the tests need.
        return;
    }
  }

  private send(socket: WebSocket, payload: unknown): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  }
}
