import type { DeadlineView } from '../../core/reply.ts';
import type { IsoDate } from '../dates.ts';
import { asOfNote } from '../deadlines.ts';
import type { Citation, Deadline, Figure } from '../model.ts';
import { analyzeQuestion, type Concept, type Question } from './analyze.ts';
import { composeComparison, composeDifference, composeFact, composeSum, type Composition } from './compose.ts';
import type { Engine } from './engine.ts';
import { retrieve, type Evidence } from './retrieve.ts';

/**
 * The one path every question takes: read it, retrieve the facts that cover
 * it, answer from the best of them (or from two, for "which first", "in
 * total", "by how much"), and decline when the evidence does not cover what
 * the question is about.
 */
export interface Answer {
  readonly question: string;
  readonly abstained: boolean;
  readonly text: string;
  readonly citations: readonly Citation[];
  readonly deadlines: readonly DeadlineView[];
  readonly notes: readonly string[];
  /** Ranked facts behind the answer: what an LLM may summarise from. */
  readonly evidence: readonly Evidence[];
  /** Words of the question that no source uses (why it declined). */
  readonly unknownTerms: readonly string[];
}

/** Least share of a question's weight the best fact must cover to be answered from. */
export const MIN_COVERAGE = 0.5;

export function answerQuestion(engine: Engine, text: string, today: IsoDate): Answer {
  const q = analyzeQuestion(text, engine.index, engine.names);
  const evidence = retrieve(engine, q);
  const topical = q.concepts.filter((c) => c.origin !== 'cue');
  const best = evidence[0];
  if (topical.length === 0 || !best || best.coverage < MIN_COVERAGE) return decline(engine, q, evidence);

  const composition = combine(q, evidence, today) ?? composeFact(best.fact, q, today);
  return {
    question: q.text,
    abstained: false,
    text: composition.text,
    citations: composition.citations,
    deadlines: composition.deadlines,
    notes: composition.timely ? [asOfNote(engine.kb)] : [],
    evidence,
    unknownTerms: [],
  };
}

/** Questions that need two facts at once, answered when the evidence holds both. */
function combine(q: Question, evidence: readonly Evidence[], today: IsoDate): Composition | undefined {
  const strong = evidence.filter((e) => e.coverage >= MIN_COVERAGE * 0.6);
  if (q.cues.has('compareFirst') && (q.cues.has('when') || q.cues.has('status'))) {
    const deadlines = distinct(strong.map((e) => e.fact.deadline).filter((d): d is Deadline => d !== undefined), (d) => d.id);
    if (deadlines.length >= 2) return composeComparison(deadlines.slice(0, 2), today);
  }
  const figures = distinct(strong.map((e) => e.fact.figure).filter((f): f is Figure => f !== undefined), (f) => `${f.entryId}#${f.id}`);
  const lead = figures[0];
  if (!lead) return undefined;
  const sameUnit = figures.filter((f) => f.unit === lead.unit && f.entryId === lead.entryId);
  if (q.cues.has('difference') && sameUnit.length >= 2) return composeDifference([sameUnit[0]!, sameUnit[1]!]);
  if (q.cues.has('sum') && sameUnit.length >= 2) {
    const entry = evidence.find((e) => e.fact.figure === lead)!.fact.entry!;
    return composeSum(sameUnit, entry.name);
  }
  return undefined;
}

function decline(engine: Engine, q: Question, evidence: readonly Evidence[]): Answer {
  const unknown = q.concepts.filter((c: Concept) => !c.known && c.weight > 0 && c.origin !== 'cue').map((c) => c.typed ?? c.label);
  const topics = engine.kb.entries.filter((e) => e.kind !== 'forum').map((e) => e.name);
  const missing = unknown.length > 0 ? ` They never mention ${quoteList(unknown)}.` : '';
  const text =
    q.concepts.length === 0
      ? `Ask me a question about the agreements I know, or try \`help\`.`
      : `I don't know: my sources don't answer that.${missing} I can answer questions about ${topics.slice(0, 6).join('; ')}, and more: try \`help\` or \`sources\`.`;
  return { question: q.text, abstained: true, text, citations: [], deadlines: [], notes: [], evidence, unknownTerms: unknown };
}

function quoteList(items: readonly string[]): string {
  const q = items.slice(0, 4).map((i) => `"${i}"`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q.at(-1)}`;
}

function distinct<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
