import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { BOT_ID, BOT_USER_ID } from '../tests/fakes/slack-web-api.ts';

/**
 * Slack's Web API (`SLACK_API_URL`) and its response_urls, as little of them
 * as a load run needs: `auth.test`, `chat.postMessage`, `chat.postEphemeral`
 * and response_url posts answer at once, anything else `{ ok: true }`. Unlike the test stand-in it
 * keeps nothing: each answer is handed to `onAnswer` with its arrival time
 * and forgotten, so a long run costs it no memory and little CPU.
 *
 * An answer is keyed by what lets the load client find its request: the
 * response_url's last path segment, or the `thread_ts` a mention is answered
 * (or refused) under: the mention's own `ts`.
 */
export interface Answer {
  readonly via: 'response_url' | 'chat.postMessage' | 'chat.postEphemeral';
  readonly key: string;
  readonly text: string;
  /** `performance.now()` in this process. */
  readonly at: number;
}

export interface SlackStandIn {
  /** The Web API base, as `SLACK_API_URL` takes it. */
  readonly apiUrl: string;
  responseUrl(key: string): string;
  close(): Promise<void>;
}

export async function startSlackStandIn(onAnswer: (answer: Answer) => void): Promise<SlackStandIn> {
  let ts = 1_760_000_000;
  const server = createServer((req, res) => {
    readBody(req).then(
      (raw) => {
        const at = performance.now();
        const path = req.url ?? '/';
        if (path.startsWith('/respond/')) {
          const body = JSON.parse(raw || '{}') as { text?: unknown };
          onAnswer({ via: 'response_url', key: decodeURIComponent(path.slice('/respond/'.length)), text: typeof body.text === 'string' ? body.text : '', at });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          return;
        }
        const method = path.startsWith('/api/') ? path.slice('/api/'.length) : undefined;
        if (method === 'auth.test') return json(res, { ok: true, url: 'https://bench.slack.example/', team: 'Bench', user: 'policybot', team_id: 'T0TEST', user_id: BOT_USER_ID, bot_id: BOT_ID });
        // A refusal (over a limit) to a mention goes to the asker alone, ephemeral in the thread.
        if (method === 'chat.postMessage' || method === 'chat.postEphemeral') {
          const params = new URLSearchParams(raw);
          onAnswer({ via: method, key: params.get('thread_ts') ?? '', text: params.get('text') ?? '', at });
          ts += 1;
          return json(res, { ok: true, channel: params.get('channel'), ts: `${ts}.000100` });
        }
        if (method) return json(res, { ok: true });
        res.writeHead(404).end();
      },
      () => res.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (key) => `${base}/respond/${encodeURIComponent(key)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
