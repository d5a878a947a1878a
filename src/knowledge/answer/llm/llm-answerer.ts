import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, RateLimitError, type ClientOptions } from 'openai';
import { z } from 'zod';
import type { Config } from '../../../config.ts';
import { describeError } from '../../../core/errors.ts';
import type { Logger } from '../../../core/log.ts';
import { citationKey } from '../../citations.ts';
import type { Citation } from '../../model.ts';
import type { Answer } from '../answer.ts';
import { extractiveAnswerer, type Answerer, type AnswererContext } from '../answerer.ts';
import { FAILURE_REASONS, type LlmFallbackReason, type LlmOutcome, type LlmSkipReason } from './outcome.ts';
import { buildPrompt, type Prompt } from './prompt.ts';
import { redact, sanitizeOutput } from './sanitize.ts';
import { renderKept, verifyAnswer, type RemovalReason, type Verification } from './verify.ts';

/**
 * An answerer that asks an OpenAI-compatible model to phrase the extractive
 * answer's evidence, verifies every sentence against the passages it cites,
 * and otherwise sends the extractive answer. POLICYBOT_LLM_TIMEOUT_MS bounds
 * the whole answer: the extractive pass, at most two requests and the wait
 * between them. See docs/llm.md.
 */

export type LlmConfig = NonNullable<Config['llm']>;

/** The slice of the OpenAI client this answerer uses (a test may hand in a fake). */
export type ChatClient = Pick<OpenAI, 'chat'>;

export interface LlmAnswererOptions {
  readonly config: LlmConfig;
  readonly log: Logger;
  /** Answers first and is sent whenever the model's answer is not (default: the extractive answerer). */
  readonly base?: Answerer;
  /** Builds the client from the options this answerer chose (default: `new OpenAI(options)`). */
  readonly clientFactory?: (options: ClientOptions) => ChatClient;
  /** A fetch implementation for the default client. */
  readonly fetch?: ClientOptions['fetch'];
  /** Called once per question with what became of it (see `createOutcomeTally`). */
  readonly onOutcome?: (outcome: LlmOutcome) => void;
  /** Monotonic milliseconds, for the budget and latency (default `performance.now`). */
  readonly now?: () => number;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** Answer length the prompt allows, in tokens. */
const MAX_OUTPUT_TOKENS = 300;
/** Wait before the one retry when the server names none. */
const DEFAULT_RETRY_DELAY_MS = 300;
/** A request started with less time than this left is not worth making. */
const MIN_REQUEST_MS = 50;
/** Quota and billing errors: a 429 that waiting does not fix. */
const QUOTA_CODES = new Set(['insufficient_quota', 'credit_balance_exhausted', 'organization_spend_limit_exceeded', 'project_spend_limit_exceeded', 'organization_usage_limit_exceeded', 'billing_hard_limit_reached']);
/** The quiet note under an answer when the model could not be used. */
export const FALLBACK_NOTE = 'Answered directly from the sources: the AI summary was not available this time.';

const CompletionShape = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional() }).nullish(),
});

class LlmFailure extends Error {
  constructor(
    readonly reason: LlmFallbackReason,
    readonly detail: { status?: number; code?: string; retryAfterMs?: number; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(`LLM call failed: ${reason}`);
    this.name = 'LlmFailure';
  }
}

export function createLlmAnswerer(options: LlmAnswererOptions): Answerer {
  const { config, log } = options;
  const base = options.base ?? extractiveAnswerer;
  const now = options.now ?? (() => performance.now());
  const apiKey = config.apiKey.reveal();
  const clientOptions: ClientOptions = {
    apiKey,
    baseURL: config.baseUrl ?? DEFAULT_BASE_URL,
    // Explicit, so that nothing but src/config.ts decides from the environment.
    organization: null,
    project: null,
    timeout: config.timeoutMs,
    // Retries are ours: at most one, and only if it fits in the budget.
    maxRetries: 0,
    // The SDK's own logging could print request bodies (the asker's words); we log ourselves.
    logLevel: 'off',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const client = options.clientFactory ? options.clientFactory(clientOptions) : new OpenAI(clientOptions);

  const report = (outcome: LlmOutcome, failure?: LlmFailure) => {
    const fields: Record<string, unknown> = {
      answerer: 'llm',
      model: outcome.model,
      outcome: outcome.outcome,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      latencyMs: outcome.latencyMs,
      attempts: outcome.attempts,
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
      ...(failure?.detail.code ? { code: redact(failure.detail.code, apiKey).slice(0, 80) } : {}),
      // The underlying error, so that a bug of ours is not hidden behind "malformed".
      ...(failure?.detail.cause !== undefined ? { cause: redact(describeError(failure.detail.cause), apiKey).slice(0, 300) } : {}),
      promptTokens: outcome.promptTokens,
      completionTokens: outcome.completionTokens,
      passages: outcome.passages,
      keptSentences: outcome.keptSentences,
      removedSentences: outcome.removedSentences,
    };
    if (outcome.outcome === 'skipped') log.debug('llm answer skipped', fields);
    else if (outcome.reason && FAILURE_REASONS.has(outcome.reason as LlmFallbackReason)) log.warn('llm answer', fields);
    else log.info('llm answer', fields);
    try {
      options.onOutcome?.(outcome);
    } catch (error) {
      log.warn('llm onOutcome callback failed', { error: error instanceof Error ? error.name : typeof error });
    }
  };

  return {
    name: 'llm',
    async answer(question: string, context: AnswererContext): Promise<Answer> {
      const started = now();
      const deadline = started + config.timeoutMs;
      const extractive = await base.answer(question, context);
      const outcomeBase = { model: config.model, passages: 0, keptSentences: 0, removedSentences: {} };

      const skip = (reason: LlmSkipReason) => {
        report({ ...outcomeBase, outcome: 'skipped', reason, latencyMs: Math.round(now() - started), attempts: 0 });
        return extractive;
      };
      // The model never answers what the extractive layer declined, so it is not asked.
      if (extractive.abstained) return skip('base-declined');
      if (extractive.evidence.length === 0 || config.maxPassages < 1) return skip('no-evidence');

      const prompt = buildPrompt(question, extractive, { maxPassages: config.maxPassages, today: context.today });
      let attempts = 0;
      let usage: { promptTokens?: number; completionTokens?: number } = {};
      const fallBack = (reason: LlmFallbackReason, extra: { verification?: Verification; failure?: LlmFailure } = {}): Answer => {
        report(
          {
            ...outcomeBase,
            ...usage,
            outcome: 'fell-back',
            reason,
            latencyMs: Math.round(now() - started),
            attempts,
            passages: prompt.passages.length,
            ...(extra.failure?.detail.status !== undefined ? { status: extra.failure.detail.status } : {}),
            removedSentences: countRemoved(extra.verification),
          },
          extra.failure,
        );
        return FAILURE_REASONS.has(reason) ? { ...extractive, notes: [...extractive.notes, FALLBACK_NOTE] } : extractive;
      };

      let raw: string;
      try {
        const result = await complete(prompt, deadline, () => (attempts += 1));
        usage = result.usage;
        raw = result.content;
      } catch (error) {
        const failure = error instanceof LlmFailure ? error : new LlmFailure('malformed', { cause: error });
        return fallBack(failure.reason, { failure });
      }
      if (log.level === 'debug') log.debug('llm exchange', { question: prompt.question, output: redact(raw, apiKey).slice(0, 4000) });

      const allowedUrls = new Set(prompt.passages.flatMap((p) => p.citations.map((c) => c.url).filter((u): u is string => u !== undefined)));
      const verification = verifyAnswer(sanitizeOutput(raw, allowedUrls), prompt);
      if (verification.refused) return fallBack('refused', { verification });
      if (verification.kept.length === 0) return fallBack('ungrounded', { verification });
      const rendered = renderKept(verification.kept, prompt, extractive.deadlines);
      if (!answersLikeBase(rendered.citations, extractive)) return fallBack('off-topic', { verification });
      if (now() > deadline) return fallBack('timeout', { verification });

      const trimmed = verification.removed.length > 0;
      report({
        ...outcomeBase,
        ...usage,
        outcome: trimmed ? 'trimmed' : 'grounded',
        latencyMs: Math.round(now() - started),
        attempts,
        passages: prompt.passages.length,
        keptSentences: verification.kept.length,
        removedSentences: countRemoved(verification),
      });
      return {
        ...extractive,
        abstained: false,
        text: rendered.text,
        citations: rendered.citations,
        deadlines: rendered.deadlines,
        notes: extractive.notes,
      };
    },
  };

  /** One request, and one retry for a 429, a 5xx or a lost connection if the wait and a useful request still fit in the budget. */
  async function complete(prompt: Prompt, deadline: number, counted: () => void): Promise<{ content: string; usage: { promptTokens?: number; completionTokens?: number } }> {
    for (let attempt = 1; ; attempt++) {
      const remaining = Math.floor(deadline - now());
      if (remaining < MIN_REQUEST_MS) throw new LlmFailure('timeout');
      counted();
      try {
        return await request(prompt, remaining);
      } catch (error) {
        const failure = classify(error);
        if (attempt > 1 || !failure.detail.retryable) throw failure;
        const wait = failure.detail.retryAfterMs ?? DEFAULT_RETRY_DELAY_MS;
        const left = deadline - now() - wait;
        if (left < Math.max(MIN_REQUEST_MS, Math.min(1000, config.timeoutMs / 4))) throw failure;
        await sleep(wait);
      }
    }
  }

  async function request(prompt: Prompt, budgetMs: number): Promise<{ content: string; usage: { promptTokens?: number; completionTokens?: number } }> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new LlmFailure('timeout'));
      }, budgetMs);
    });
    try {
      const call = client.chat.completions.create(
        {
          model: config.model,
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          temperature: 0,
          max_tokens: MAX_OUTPUT_TOKENS,
        },
        { timeout: Math.max(1, budgetMs), maxRetries: 0, signal: controller.signal },
      );
      const completion: unknown = await Promise.race([call, expired]);
      const parsed = CompletionShape.safeParse(completion);
      if (!parsed.success) throw new LlmFailure('malformed');
      const choice = parsed.data.choices[0]!;
      const usage = {
        ...(parsed.data.usage?.prompt_tokens !== undefined ? { promptTokens: parsed.data.usage.prompt_tokens } : {}),
        ...(parsed.data.usage?.completion_tokens !== undefined ? { completionTokens: parsed.data.usage.completion_tokens } : {}),
      };
      const content = choice.message.content?.trim() ?? '';
      if (!content) throw new LlmFailure(choice.message.refusal ? 'refused' : 'empty');
      return { content, usage };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Sorts an error from the SDK (or the budget) into a fallback reason and whether one retry may help. */
function classify(error: unknown): LlmFailure {
  if (error instanceof LlmFailure) return error;
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) return new LlmFailure('timeout', { cause: error });
  // A refused or dropped connection (a stale keep-alive, a proxy restarting) passes; asking the model again changes nothing but the bill.
  if (error instanceof APIConnectionError) return new LlmFailure('connection', { cause: error, retryable: true });
  if (error instanceof APIError) {
    const status = error.status;
    const code = typeof error.code === 'string' ? error.code : undefined;
    const detail = { ...(status !== undefined ? { status } : {}), ...(code ? { code } : {}) };
    const serverSaysNo = error.headers?.get('x-should-retry') === 'false';
    if (error instanceof RateLimitError || status === 429) {
      if ((code && QUOTA_CODES.has(code)) || error.type === 'insufficient_quota') return new LlmFailure('quota', detail);
      return new LlmFailure('rate-limited', { ...detail, retryable: !serverSaysNo, ...retryAfter(error.headers) });
    }
    if (status !== undefined && status >= 500) return new LlmFailure('server-error', { ...detail, retryable: !serverSaysNo, ...retryAfter(error.headers) });
    return new LlmFailure('http-error', detail);
  }
  // A body that is not JSON (SyntaxError) or any other surprise from the client.
  return new LlmFailure('malformed', { cause: error });
}

/** `retry-after-ms` (milliseconds), else `retry-after` (seconds, or an HTTP date read against the response's own Date header). */
function retryAfter(headers: Headers | undefined): { retryAfterMs?: number } {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return { retryAfterMs: ms };
  const value = headers?.get('retry-after');
  if (!value) return {};
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && /^\s*[\d.]+\s*$/.test(value)) return { retryAfterMs: Math.max(0, seconds * 1000) };
  const at = Date.parse(value);
  const sent = Date.parse(headers?.get('date') ?? '');
  // Without the server's own clock there is no telling how long "until <date>" is: no retry.
  if (Number.isFinite(at) && Number.isFinite(sent)) return { retryAfterMs: Math.max(0, at - sent) };
  return { retryAfterMs: Number.POSITIVE_INFINITY };
}

/** The model's answer must rest on at least one of the quotes the extractive answer rests on. */
function answersLikeBase(citations: readonly Citation[], extractive: Answer): boolean {
  if (extractive.citations.length === 0) return true;
  const keys = new Set(extractive.citations.map(citationKey));
  return citations.some((c) => keys.has(citationKey(c)));
}

function countRemoved(v: Verification | undefined): Partial<Record<RemovalReason, number>> {
  const out: Partial<Record<RemovalReason, number>> = {};
  for (const r of v?.removed ?? []) out[r.reason] = (out[r.reason] ?? 0) + 1;
  return out;
}
