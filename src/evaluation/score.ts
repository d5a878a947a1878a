import type { Answer } from '../knowledge/answer/answer.ts';
import type { KnowledgeBase } from '../knowledge/model.ts';
import type { EvalItem } from './dataset.ts';

/** An answer as `npm run ask -- --json` prints it. */
export interface AnswerRecord {
  readonly question: string;
  readonly answer: string;
  readonly abstained: boolean;
  readonly citations: readonly { readonly source: string; readonly locator: string; readonly quote: string }[];
}

export function toRecord(answer: Answer): AnswerRecord {
  return {
    question: answer.question,
    answer: answer.text,
    abstained: answer.abstained,
    citations: answer.citations.map((c) => ({ source: c.sourceId, locator: c.locator, quote: c.quote })),
  };
}

export type Verdict = 'correct' | 'wrong' | 'declined-wrongly' | 'declined' | 'answered-out-of-scope';

export interface ItemResult {
  readonly item: EvalItem;
  readonly record: AnswerRecord;
  readonly verdict: Verdict;
  /** Citations whose quote is not verbatim in any source document. */
  readonly badQuotes: number;
}

export interface EvalSummary {
  readonly answerable: number;
  readonly correct: number;
  readonly outOfScope: number;
  readonly declined: number;
  readonly quotesNotInSource: number;
  readonly results: readonly ItemResult[];
}

/** Scores one answer by the rules of the evaluation README: grounded, verbatim, and matching every pattern. */
export function judge(item: EvalItem, record: AnswerRecord, kb: KnowledgeBase): ItemResult {
  const texts = kb.sources.map((s) => s.text);
  const badQuotes = record.citations.filter((c) => !texts.some((t) => t.includes(c.quote))).length;
  let verdict: Verdict;
  if ('abstain' in item) verdict = record.abstained ? 'declined' : 'answered-out-of-scope';
  else if (record.abstained) verdict = 'declined-wrongly';
  else {
    const grounded = record.citations.some((c) => texts.some((t) => t.includes(c.quote)));
    const haystack = [record.answer, ...record.citations.map((c) => c.quote)].join('\n');
    verdict = grounded && item.must.every((m) => new RegExp(m, 'i').test(haystack)) ? 'correct' : 'wrong';
  }
  return { item, record, verdict, badQuotes };
}

export function summarise(results: readonly ItemResult[]): EvalSummary {
  return {
    answerable: results.filter((r) => !('abstain' in r.item)).length,
    correct: results.filter((r) => r.verdict === 'correct').length,
    outOfScope: results.filter((r) => 'abstain' in r.item).length,
    declined: results.filter((r) => r.verdict === 'declined').length,
    quotesNotInSource: results.reduce((n, r) => n + r.badQuotes, 0),
    results,
  };
}
