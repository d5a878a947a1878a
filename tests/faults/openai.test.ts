import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractiveAnswerer } from '../../src/knowledge/answer/answerer.ts';
import { createLlmAnswerer, FALLBACK_NOTE } from '../../src/knowledge/answer/llm/llm-answerer.ts';
import type { LlmOutcome } from '../../src/knowledge/answer/llm/outcome.ts';
import { createTestBot, memoryLogger } from '../support/core.ts';
import { API_KEY, completion, llmConfig, shippedEngine, TODAY } from '../llm/helpers.ts';

/**
 * An OpenAI-compatible endpoint on loopback that misbehaves the ways real
 * ones do: it accepts the connection and never answers, sends its headers and
 * then stalls in the middle of the body, streams a few events and stops,
 * drops the connection half-way, or says 429/503. Every time, the asker gets
 * the extractive answer with the quiet note, within the configured budget;
 * and once the endpoint is back, the model answers again.
 */

const BUDGET_MS = 800;
/** Timers, teardown, a busy machine. */
const MARGIN_MS = 400;
const LOAN = 'How big is the EXIM loan behind Project Vault?';

type Behaviour = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let baseUrl: string;
let behaviours: Behaviour[] = [];
let requests = 0;

/** Answers like the model would: the loan, citing the passage that states it. */
const grounded: Behaviour = (_req, res, body) => {
  const user = (JSON.parse(body) as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === 'user')!.content;
  const n = [...user.matchAll(/<passage number="(\d+)">([\s\S]*?)<\/passage>/g)].find((m) => m[2]!.includes('EXIM): $10 billion'))![1];
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(`The EXIM loan behind Project Vault is $10 billion [${n}].`)));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests += 1;
      (behaviours.shift() ?? grounded)(req, res, body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  // One grounded answer before the timed tests: they measure the budget, not the first answer's cold start (the
  // model client, retrieval, the verifier), which on the shared 2-core machine under other suites took longer than the margin.
  await ask(answerer().llm);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  behaviours = [];
  requests = 0;
});

function answerer() {
  const log = memoryLogger('debug');
  const outcomes: LlmOutcome[] = [];
  const llm = createLlmAnswerer({ config: llmConfig({ baseUrl, timeoutMs: BUDGET_MS }), log, onOutcome: (o) => outcomes.push(o) });
  return { llm, log, outcomes };
}

async function ask(llm: ReturnType<typeof answerer>['llm']) {
  const engine = await shippedEngine();
  const started = performance.now();
  const answer = await llm.answer(LOAN, { engine, today: TODAY });
  return { answer, elapsed: performance.now() - started };
}

const extractiveText = async () => (await extractiveAnswerer.answer(LOAN, { engine: await shippedEngine(), today: TODAY })).text;

describe('an endpoint that misbehaves', () => {
  it.each<[string, Behaviour, string]>([
    ['accepts the connection and never answers', () => {}, 'timeout'],
    [
      'sends its headers, then stalls in the middle of the body',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"The EXIM loan');
      },
      'timeout',
    ],
    [
      'streams a few events, then stops',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"choices":[{"delta":{"content":"The EXIM"}}]}\n\n');
      },
      'timeout',
    ],
    [
      'trickles its body slower than the budget allows',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const text = JSON.stringify(completion('The EXIM loan behind Project Vault is $10 billion [1].'));
        let i = 0;
        const timer = setInterval(() => {
          if (res.destroyed || i >= text.length) return clearInterval(timer);
          res.write(text[i++]!);
        }, 50);
        res.on('close', () => clearInterval(timer));
      },
      'timeout',
    ],
  ])('%s: the extractive answer with the note, within the budget', async (_what, behaviour, reason) => {
    const { llm, outcomes, log } = answerer();
    behaviours = [behaviour];
    const { answer, elapsed } = await ask(llm);
    expect(elapsed).toBeLessThan(BUDGET_MS + MARGIN_MS);
    expect(answer.text).toBe(await extractiveText());
    expect(answer.notes).toContain(FALLBACK_NOTE);
    expect(outcomes[0]).toMatchObject({ outcome: 'fell-back', reason });
    expect(log.lines.join('\n')).not.toContain(API_KEY);
  });

  it('drops the connection half-way through the body: the extractive answer with the note', async () => {
    const { llm, outcomes } = answerer();
    behaviours = [
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"choices":[{"message":{"content":"The');
        setTimeout(() => res.socket?.destroy(), 20);
      },
    ];
    const { answer, elapsed } = await ask(llm);
    expect(elapsed).toBeLessThan(BUDGET_MS + MARGIN_MS);
    expect(answer.notes).toContain(FALLBACK_NOTE);
    expect(outcomes[0]).toMatchObject({ outcome: 'fell-back' });
    expect(['connection', 'malformed', 'timeout']).toContain(outcomes[0]!.reason);
  });

  it('drops the connection before answering (a stale keep-alive, a proxy restarting): tried once more, and the model answers', async () => {
    const { llm, outcomes } = answerer();
    behaviours = [(_req, res) => res.socket?.destroy()];
    const { answer, elapsed } = await ask(llm);
    expect(requests).toBe(2);
    expect(elapsed).toBeLessThan(BUDGET_MS + MARGIN_MS);
    expect(answer.text).toBe('The EXIM loan behind Project Vault is $10 billion [1].');
    expect(outcomes[0]).toMatchObject({ outcome: 'grounded', attempts: 2 });
  });

  it('503, and 503 again on the one retry: falls back within the budget after two requests', async () => {
    const { llm, outcomes } = answerer();
    const unavailable: Behaviour = (_req, res) => res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }));
    behaviours = [unavailable, unavailable, unavailable];
    const { answer, elapsed } = await ask(llm);
    expect(requests).toBe(2);
    expect(elapsed).toBeLessThan(BUDGET_MS + MARGIN_MS);
    expect(answer.notes).toContain(FALLBACK_NOTE);
    expect(outcomes[0]).toMatchObject({ outcome: 'fell-back', reason: 'server-error', status: 503, attempts: 2 });
  });

  it('429, then a retry that hangs: falls back when the budget runs out, not later', async () => {
    const { llm, outcomes } = answerer();
    behaviours = [(_req, res) => res.writeHead(429, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } })), () => {}];
    const { answer, elapsed } = await ask(llm);
    expect(requests).toBe(2);
    expect(elapsed).toBeLessThan(BUDGET_MS + MARGIN_MS);
    expect(answer.notes).toContain(FALLBACK_NOTE);
    expect(outcomes[0]).toMatchObject({ outcome: 'fell-back', reason: 'timeout', attempts: 2 });
  });
});

describe('in the bot', () => {
  it('a hanging endpoint costs one question its summary, not the answer, and the next question gets the model again', async () => {
    const { llm } = answerer();
    const { bot } = await createTestBot({ answerer: llm });
    behaviours = [() => {}];
    const started = performance.now();
    const fallback = await bot.handleQuestion(LOAN, { platform: 'slack', channelId: 'C1' });
    expect(performance.now() - started).toBeLessThan(BUDGET_MS + MARGIN_MS);
    expect(fallback.kind).toBe('answer');
    expect(fallback.text).toBe(await extractiveText());
    expect(fallback.notes).toContain(FALLBACK_NOTE);

    const recovered = await bot.handleQuestion(LOAN, { platform: 'slack', channelId: 'C1' });
    expect(recovered.text).toBe('The EXIM loan behind Project Vault is $10 billion [1].');
    expect(recovered.notes).not.toContain(FALLBACK_NOTE);
  });
});
