import nock from 'nock';
import { Secret } from '../../src/core/secret.ts';
import type { IsoDate } from '../../src/core/dates.ts';
import { createEngine, type Engine } from '../../src/knowledge/answer/engine.ts';
import type { LlmConfig } from '../../src/knowledge/answer/llm/llm-answerer.ts';
import { EVAL_NOW, shippedKnowledgeBase } from '../support/core.ts';

/** Where the fake OpenAI-compatible server lives; nock answers for it. */
export const LLM_ORIGIN = 'http://llm.test';
export const COMPLETIONS = '/v1/chat/completions';
export const API_KEY = 'sk-test-DO-NOT-LOG-4f9a2c71e8b3';
export const TODAY = EVAL_NOW as IsoDate;

export function llmConfig(overrides: Partial<LlmConfig> = {}): LlmConfig {
  return { apiKey: new Secret(API_KEY), baseUrl: `${LLM_ORIGIN}/v1`, model: 'test-mini', timeoutMs: 2000, maxPassages: 6, ...overrides };
}

let engine: Engine | undefined;
export async function shippedEngine(): Promise<Engine> {
  engine ??= createEngine(await shippedKnowledgeBase());
  return engine;
}

/** A Chat Completions response as the API sends it. */
export function completion(content: string | null, usage = { prompt_tokens: 812, completion_tokens: 41 }) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_780_000_000,
    model: 'test-mini',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly { role: string; content: string }[];
  readonly [key: string]: unknown;
}

/** Replies with `content` and keeps every request body the fake server received. */
export function replyWith(content: string | null, seen: ChatRequest[] = []): ChatRequest[] {
  nock(LLM_ORIGIN)
    .post(COMPLETIONS)
    .reply(200, (_uri, body) => {
      seen.push(body as ChatRequest);
      return completion(content);
    });
  return seen;
}

export function userMessage(request: ChatRequest | undefined): string {
  return request?.messages.find((m) => m.role === 'user')?.content ?? '';
}

export function installNockHooks(hooks: { beforeEach: (fn: () => void) => void; afterEach: (fn: () => void) => void }): void {
  hooks.beforeEach(() => {
    nock.disableNetConnect();
  });
  hooks.afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
    nock.enableNetConnect();
  });
}
