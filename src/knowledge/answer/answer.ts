import type { DeadlineView } from '../../core/reply.ts';
import type { IsoDate } from '../dates.ts';
import { asOfNote, deadlineView } from '../deadlines.ts';
import type { Citation, Deadline, Figure } from '../model.ts';
import type { Fact } from '../retrieval/facts.ts';
import { datesIn } from '../text/dates-in-text.ts';
import { QUANTITY_QUESTION, WHEN_QUESTION, WHERE_QUESTION } from '../text/lexicon.ts';
import { analyzeQuestion, type Concept, type Question } from './analyze.ts';
import {
  composeComparison,
  composeDifference,
  composeFact,
  composeInterval,
  composeRatio,
  composeSum,
  withDeadlineStatus,
  type Composition,
} from './compose.ts';
import { uniqueCitations } from '../citations.ts';
import { listOf } from './format.ts';
import type { Engine } from './engine.ts';
import { retrieve, type Evidence } from './retrieve.ts';

/**
 * The one path every question takes: read it, retrieve the facts that cover
 * it, answer from the best of them (or from two, for "which first", "in
 * total", "by how much", "how many days between"), and decline when the
 * evidence does not cover what the question is about or cannot supply the
 * kind of answer it wants (a date, a number).
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

/** Least share of a question's weight the evidence must cover to be answered from. */
export const MIN_COVERAGE = 0.5;
/** A second fact of the same entry joins the answer when it ranks this close to the first. */
const SUPPORT_RATIO = 0.75;

export function answerQuestion(engine: Engine, text: string, today: IsoDate): Answer {
  const q = analyzeQuestion(text, engine.index, engine.names);
  const evidence = retrieve(engine, q);
  const combined = combine(engine, q, evidence, today);
  if (combined) return answered(engine, q, evidence, combined);
  if (!q.concepts.some((c) => c.origin !== 'cue')) return decline(engine, q, evidence);

  const lower = q.text.toLowerCase();
  if (namesOnlyVaguely(evidence, lower)) return decline(engine, q, evidence);
  const usable = evidence.filter((e) => e.coverage >= MIN_COVERAGE && suppliesAnswerType(e.fact, q, lower));
  const best = usable[0];
  if (!best) return decline(engine, q, evidence);

  let composition = composeFact(best.fact, q, today);
  const support = usable.find(
    (e) => e !== best && e.fact.entry && e.fact.entry === best.fact.entry && e.rank >= best.rank * SUPPORT_RATIO && e.fact.kind !== 'when' && e.fact.kind !== best.fact.kind,
  );
  if (support && best.fact.kind !== 'deadline') {
    const more = composeFact(support.fact, q, today, false);
    composition = {
      text: `${composition.text} ${more.text}`,
      citations: uniqueCitations([...composition.citations, ...more.citations]),
      deadlines: [...composition.deadlines, ...more.deadlines],
      timely: composition.timely || more.timely,
    };
  }
  // A question about where things stand gets the entry's deadlines with today's status, never a bare "planned".
  const entry = best.fact.entry;
  if (entry && entry.deadlines.length > 0 && (q.cues.has('status') || best.fact.kind === 'status')) composition = withDeadlineStatus(composition, entry.deadlines, today);
  return answered(engine, q, evidence, composition);
}

function answered(engine: Engine, q: Question, evidence: readonly Evidence[], c: Composition): Answer {
  return {
    question: q.text,
    abstained: false,
    text: c.text,
    citations: c.citations,
    deadlines: c.deadlines,
    notes: c.timely ? [asOfNote(engine.kb)] : [],
    evidence,
    unknownTerms: [],
  };
}

/**
 * A fact answers a "when" question only if it carries a date; a "how much /
 * what share" question only if it carries a number of the wanted kind that the
 * question did not already state (the $10 billion loan does not answer "what
 * interest rate on the $10 billion loan"); and a "which countries" question
 * not with "certain countries", which names none.
 */
function suppliesAnswerType(fact: Fact, q: Question, lower: string): boolean {
  if (WHEN_QUESTION.test(lower)) {
    const dated = fact.kind === 'when' || fact.kind === 'deadline' || datesIn(fact.text).length > 0 || /\b(?:yesterday|today|this week|last week|within|\d+[- ](?:day|week|month|year)s?|(?:19|20)\d\d)\b/i.test(fact.text);
    if (!dated) return false;
  }
  // "Where": a place named after at/in ("at the U.S. Department of State"), not "in connection with".
  if (WHERE_QUESTION.test(lower) && !/\b(?:at|in)\s+(?:the\s+)?(?:[A-Z][\w.-]*\s+)*[A-Z]/.test(fact.text)) return false;
  if (QUANTITY_QUESTION.test(lower)) {
    const asked = new Set(numbersIn(q.text, 'any'));
    if (!numbersIn(fact.text, expectedQuantity(lower)).some((n) => !asked.has(n))) return false;
  }
  return true;
}

/**
 * "Which African countries…" when the best source on them says only "certain
 * … African countries": the sources do not name them, so the bot must not
 * answer with something else about the meeting.
 */
function namesOnlyVaguely(evidence: readonly Evidence[], lower: string): boolean {
  const which = /\b(?:which|what)\s+(?:[a-z-]+\s+){0,2}?([a-z]{3,}s)\b/.exec(lower);
  if (!which) return false;
  const noun = new RegExp(`\\b${which[1]}\\b`, 'i');
  const top = evidence[0];
  if (!top) return false;
  const sameTopic = (e: Evidence) => e === top || (e.fact.entry !== undefined && e.fact.entry === top.fact.entry);
  const first = evidence.find((e) => e.coverage >= MIN_COVERAGE && sameTopic(e) && noun.test(e.fact.text));
  if (!first) return false;
  return new RegExp(`\\b(?:certain|some|various|several|other|unnamed|unspecified)\\s+(?:[\\w,-]+\\s+){0,5}?${which[1]}\\b`, 'i').test(first.fact.text);
}

type Quantity = 'percent' | 'money' | 'duration' | 'any';

function expectedQuantity(lower: string): Quantity {
  if (/\b(?:share|percentage|percent|proportion|fraction|rate)\b/.test(lower)) return 'percent';
  if (/\b(?:cost|price|amount|funding|dollars?|money|worth)\b/.test(lower)) return 'money';
  if (/\bhow long\b/.test(lower)) return 'duration';
  return 'any';
}

/** Numbers in a text, kept only where their unit fits what is asked. */
function numbersIn(text: string, kind: Quantity): string[] {
  const unit: Record<Quantity, RegExp | undefined> = {
    percent: /^\s*(?:%|percent|per cent|percentage)/i,
    money: /^\s*(?:billion|million|thousand|trillion|dollars?|bn\b|m\b)/i,
    duration: /^[\s-]*(?:days?|weeks?|months?|years?)\b/i,
    any: undefined,
  };
  const out: string[] = [];
  for (const m of text.matchAll(/(\$)?(\d+(?:[.,]\d+)*)/g)) {
    const after = text.slice(m.index + m[0].length);
    const fits = kind === 'any' || (kind === 'money' && m[1] === '$') || unit[kind]!.test(after);
    if (fits) out.push(m[2]!.replace(/,/g, '').replace(/^0+(?=\d)/, ''));
  }
  return out;
}

/** Questions that need two facts at once, answered when the evidence holds both. */
function combine(engine: Engine, q: Question, evidence: readonly Evidence[], today: IsoDate): Composition | undefined {
  const total = q.concepts.filter((c) => c.origin !== 'cue').reduce((sum, c) => sum + c.weight, 0);
  const strong = evidence.filter((e) => e.coverage >= MIN_COVERAGE * 0.6);
  const covers = (parts: readonly Evidence[]) => unionCoverage(parts, total) >= MIN_COVERAGE;

  const deadlineEvidence = distinct(strong.filter((e) => e.fact.deadline), (e) => e.fact.deadline!.id);
  const generic = /\bdeadlines\b|\ball (?:the )?(?:dates|deadlines)\b/.test(q.text.toLowerCase()) && q.entryIds.length === 0;
  const deadlines: Deadline[] = generic && deadlineEvidence.length < 2 ? [...engine.kb.deadlines] : deadlineEvidence.map((e) => e.fact.deadline!);

  if (q.cues.has('daysBetween')) {
    // From the event a deadline counts from, when the question names that event; else between two deadlines.
    const top = deadlineEvidence[0]?.fact.deadline;
    if (top && q.entryIds.includes(top.countedFrom.entryId) && covers(deadlineEvidence.slice(0, 1))) {
      return composeInterval({ label: top.countedFrom.name, date: top.countedFrom.date, citations: top.countedFrom.citations }, top, [deadlineView(top, today)]);
    }
    if (deadlineEvidence.length >= 2 && covers(deadlineEvidence.slice(0, 2))) {
      const [a, b] = [deadlineEvidence[0]!.fact.deadline!, deadlineEvidence[1]!.fact.deadline!];
      return composeInterval(a, b, [a, b].map((d) => deadlineView(d, today)));
    }
  }
  const wantsOrder = q.cues.has('compareFirst') || q.cues.has('compareLast');
  if (wantsOrder && (q.cues.has('when') || q.cues.has('status') || generic) && deadlines.length >= 2) {
    const chosen = generic ? deadlines : deadlines.slice(0, 2);
    if (generic || covers(deadlineEvidence.slice(0, 2))) return composeComparison(chosen, today, q.cues.has('compareLast') ? 'last' : 'first');
  }

  const figureEvidence = distinct(strong.filter((e) => e.fact.figure), (e) => `${e.fact.figure!.entryId}#${e.fact.figure!.id}`);
  const lead = figureEvidence[0]?.fact.figure;
  if (!lead) return undefined;
  const sameUnit = figureEvidence.filter((e) => e.fact.figure!.unit === lead.unit && e.fact.figure!.entryId === lead.entryId);
  const pair = sameUnit.slice(0, 2);
  const figures = pair.map((e) => e.fact.figure!) as Figure[];
  if (pair.length < 2 || !covers(pair)) return undefined;
  if (q.cues.has('ratio')) return composeRatio([figures[0]!, figures[1]!]);
  if (q.cues.has('difference')) return composeDifference([figures[0]!, figures[1]!]);
  if (q.cues.has('sum')) return composeSum(sameUnit.map((e) => e.fact.figure!), figureEvidence[0]!.fact.entry!.name);
  return undefined;
}

function unionCoverage(parts: readonly Evidence[], total: number): number {
  if (total <= 0) return 0;
  const matched = new Set<Concept>();
  for (const e of parts) for (const c of e.matched) if (c.origin !== 'cue') matched.add(c);
  let covered = 0;
  for (const c of matched) covered += c.weight;
  return Math.max(covered / total, ...parts.map((p) => p.coverage));
}

function decline(engine: Engine, q: Question, evidence: readonly Evidence[]): Answer {
  const unknown = q.concepts.filter((c: Concept) => !c.known && c.weight > 0 && c.origin !== 'cue').map((c) => c.typed ?? c.label);
  const topics = engine.kb.entries.filter((e) => e.kind !== 'forum' && e.kind !== 'background').map((e) => e.name);
  const missing = unknown.length > 0 ? ` They never mention ${listOf(unknown.slice(0, 4).map((u) => `"${u}"`), 'or')}.` : '';
  const text =
    q.concepts.length === 0
      ? 'Ask me a question about the agreements I know, or try `help`.'
      : `I don't know: my sources don't answer that.${missing} I can answer questions about ${topics.slice(0, 6).join('; ')}, and more: try \`help\` or \`sources\`.`;
  return { question: q.text, abstained: true, text, citations: [], deadlines: [], notes: [], evidence, unknownTerms: unknown };
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
