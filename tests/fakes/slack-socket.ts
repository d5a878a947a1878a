import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local stand-in for Slack's Socket Mode endpoint: greets each connection
 * with `hello`, delivers envelopes the test gives it, and records what the
 * client sends back (acknowledgements carry the envelope's `envelope_id`).
 */
export interface FakeSocketMode {
  readonly url: string;
  /** Messages received from the client, parsed. */
  readonly received: Record<string, unknown>[];
  readonly connections: number;
  /** Resolves once a client is connected and greeted. */
  connected(): Promise<void>;
  /** Sends an envelope to the connected client. */
  deliver(envelope: Record<string, unknown>): void;
  close(): Promise<void>;
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const received: Record<string, unknown>[] = [];
  let current: WebSocket | undefined;
  let connections = 0;
  let greeted: () => void = () => {};
  let greetedOnce = new Promise<void>((resolve) => (greeted = resolve));

  server.on('connection', (socket) => {
    connections += 1;
    current = socket;
    socket.on('message', (data) => received.push(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'applink-local', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0POLICY' } }));
    greeted();
  });

  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link/?ticket=local`,
    received,
    get connections() {
      return connections;
    },
    connected: () => greetedOnce,
    deliver(envelope) {
      if (!current) throw new Error('no Socket Mode client is connected');
      current.send(JSON.stringify(envelope));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
        greetedOnce = Promise.resolve();
      }),
  };
}
