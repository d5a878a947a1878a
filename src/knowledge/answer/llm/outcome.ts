import type { RemovalReason } from './verify.ts';

/**
 * What became of one question on its way through the LLM answerer, reported
 * through `onOutcome` (the Answer type stays as it is) so that tools such as
 * `npm run eval -- --llm` can count how often the model's answer was shown,
 * trimmed, or replaced by the extractive one.
 */

/** grounded: shown as the model wrote it; trimmed: shown without some sentences; fell-back: the extractive answer was sent; skipped: no call was made. */
export type LlmOutcomeKind = 'grounded' | 'trimmed' | 'fell-back' | 'skipped';

/** Why the extractive answer was sent instead. The first group are failures and add a quiet note to the answer. */
export type LlmFallbackReason =
  | 'timeout'
  | 'rate-limited'
  | 'quota'
  | 'server-error'
  | 'http-error'
  | 'connection'
  | 'malformed'
  | 'empty'
  // The model answered but its answer could not be used:
  | 'refused'
  | 'ungrounded'
  | 'off-topic';

/** Why no call was made: the extractive layer declined (the model never answers what it declined). */
export type LlmSkipReason = 'base-declined' | 'no-evidence';

export interface LlmOutcome {
  readonly outcome: LlmOutcomeKind;
  readonly reason?: LlmFallbackReason | LlmSkipReason;
  readonly model: string;
  /** From the start of the answer to the decision, in milliseconds. */
  readonly latencyMs: number;
  /** HTTP requests made (0 when skipped, at most 2). */
  readonly attempts: number;
  /** HTTP status of the last failed request, if any. */
  readonly status?: number;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  readonly passages: number;
  readonly keptSentences: number;
  readonly removedSentences: Readonly<Partial<Record<RemovalReason, number>>>;
}

/** Failures (as opposed to unusable answers): the asker sees a quiet note. */
export const FAILURE_REASONS: ReadonlySet<LlmFallbackReason> = new Set(['timeout', 'rate-limited', 'quota', 'server-error', 'http-error', 'connection', 'malformed', 'empty']);

export interface OutcomeTally {
  /** Pass as `onOutcome` to `createLlmAnswerer`. */
  readonly record: (outcome: LlmOutcome) => void;
  readonly counts: () => Readonly<Record<LlmOutcomeKind, number>>;
  /** "llm: 31 grounded, 4 trimmed, 3 fell back (timeout 2, refused 1), 12 skipped (base-declined 12)". */
  readonly summary: () => string;
}

/** Counts outcomes for a run (the eval CLI prints `summary()`). */
export function createOutcomeTally(): OutcomeTally {
  const counts: Record<LlmOutcomeKind, number> = { grounded: 0, trimmed: 0, 'fell-back': 0, skipped: 0 };
  const reasons: Record<'fell-back' | 'skipped', Map<string, number>> = { 'fell-back': new Map(), skipped: new Map() };
  const detail = (kind: 'fell-back' | 'skipped') => {
    const parts = [...reasons[kind]].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`);
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
  };
  return {
    record(o) {
      counts[o.outcome] += 1;
      if ((o.outcome === 'fell-back' || o.outcome === 'skipped') && o.reason) {
        reasons[o.outcome].set(o.reason, (reasons[o.outcome].get(o.reason) ?? 0) + 1);
      }
    },
    counts: () => ({ ...counts }),
    summary: () =>
      `llm: ${counts.grounded} grounded, ${counts.trimmed} trimmed, ${counts['fell-back']} fell back${detail('fell-back')}, ${counts.skipped} skipped${detail('skipped')}`,
  };
}
