import type { Fact, FactKind } from '../retrieval/facts.ts';
import { matchField, type Field, type IndexedFact } from '../retrieval/index.ts';
import { DEADLINE_WORDS, PAST_WORDS } from '../text/lexicon.ts';
import type { Concept, Question } from './analyze.ts';
import type { Engine } from './engine.ts';

/** A fact ranked for a question, with how much of the question it covers. */
export interface Evidence {
  readonly fact: Fact;
  /** Topic match, weighted by how discriminating each matched concept is. */
  readonly score: number;
  /** Share (0–1) of the question's weight this fact accounts for. */
  readonly coverage: number;
  /** score × kind fit × coverage: the ranking key. */
  readonly rank: number;
  readonly matched: readonly Concept[];
}

const FIELD_WEIGHT: Record<Field, number> = { text: 1, names: 1, context: 0.35 };
/** The named entry's facts outrank loose sentences that share words with the question. */
const NAMED_ENTRY_BONUS = 1.5;
const SYNONYM_CREDIT = 0.6;
const OFF_TOPIC = 0.7;
/** Coverage credit for a word the fact lacks but its entry has. */
const ENTRY_CREDIT = 0.5;

export function retrieve(engine: Engine, question: Question, limit = 12): Evidence[] {
  const topical = question.concepts.filter((c) => c.origin !== 'cue');
  const candidates = new Set<number>();
  for (const c of question.concepts) for (const i of engine.index.candidates(c.alternatives)) candidates.add(i);
  for (const id of question.entryIds) for (const i of engine.index.entryFacts.get(id) ?? []) candidates.add(i);

  const totalWeight = topical.reduce((sum, c) => sum + c.weight, 0);
  const deadlineQuestion = DEADLINE_WORDS.test(question.text.toLowerCase());
  const out: Evidence[] = [];
  for (const i of candidates) {
    const indexed = engine.index.facts[i]!;
    const { score, covered, matched } = scoreFact(indexed, question, engine.index.entryTerms.get(indexed.fact.entry?.id ?? ''));
    if (score <= 0) continue;
    const coverage = totalWeight > 0 ? covered / totalWeight : 0;
    // A question that names an entry is about that entry: other entries' facts that merely mention it rank lower.
    const offTopic = question.entryIds.length > 0 && indexed.fact.entry !== undefined && !question.entryIds.includes(indexed.fact.entry.id) ? OFF_TOPIC : 1;
    const fit = kindFit(indexed.fact, question, deadlineQuestion) * offTopic;
    out.push({ fact: indexed.fact, score, coverage, rank: score * fit * (0.35 + coverage), matched });
  }
  return out.sort((a, b) => b.rank - a.rank).slice(0, limit);
}

function scoreFact(indexed: IndexedFact, question: Question, entryTerms: ReadonlySet<string> | undefined): { score: number; covered: number; matched: Concept[] } {
  const entryId = indexed.fact.entry?.id;
  let score = entryId && question.entryIds.includes(entryId) ? NAMED_ENTRY_BONUS : 0;
  let covered = 0;
  const matched: Concept[] = [];
  for (const c of question.concepts) {
    const namesThisEntry = entryId !== undefined && c.entryIds.includes(entryId);
    let field = namesThisEntry ? 'names' : matchField(indexed, c.alternatives.slice(0, 1));
    // Words match their synonyms too, for less: the source's own word is better evidence.
    let credit = 1;
    if (!field && c.origin !== 'name' && c.alternatives.length > 1) {
      field = matchField(indexed, c.alternatives.slice(1));
      credit = SYNONYM_CREDIT;
    }
    if (c.origin === 'name' && !field) field = matchField(indexed, c.alternatives);
    if (!field) {
      // Known elsewhere in the same entry: the question is on this topic, though this fact does not say it.
      if (c.origin !== 'cue' && entryTerms && c.alternatives.some((alt) => alt.every((x) => entryTerms.has(x)))) covered += c.weight * ENTRY_CREDIT;
      continue;
    }
    matched.push(c);
    const gain = c.weight * FIELD_WEIGHT[field] * credit;
    if (c.origin === 'cue') score += gain * 0.5;
    else {
      score += gain;
      covered += c.weight * credit;
    }
  }
  return { score, covered, matched };
}

/** How well a kind of fact suits what the question asks for. */
function kindFit(fact: Fact, q: Question, deadlineQuestion: boolean): number {
  const cues = q.cues;
  const kind: FactKind = fact.kind;
  let fit = kind === 'sentence' ? 1 : 1.15;
  const boost = (k: FactKind | FactKind[], by: number, when = true) => {
    if (when && (Array.isArray(k) ? k.includes(kind) : k === kind)) fit *= by;
  };
  const unit = fact.figure?.unit;
  if (cues.has('who')) {
    boost('party', fact.party?.lead ? 2 : 1.2);
    boost(['announced', 'parties'], 1.4);
  }
  if (cues.has('define')) boost('summary', 1.6);
  if (cues.has('duration')) boost('deadline', 1.8);
  if (cues.has('when')) {
    boost(['deadline', 'when'], 1.6);
    boost('deadline', 1.3, deadlineQuestion);
    boost('when', 1.3, PAST_WORDS.test(q.text.toLowerCase()));
  }
  if (cues.has('status')) {
    boost('deadline', 1.6);
    boost('status', 1.2);
  }
  if (cues.has('amount')) boost('figure', unit === 'USD' ? 1.8 : 1.1);
  if (cues.has('count')) boost('figure', unit === 'count' ? 1.8 : 1.1);
  if (cues.has('share')) boost('figure', unit === 'percent' ? 1.8 : 1);
  if (cues.has('where')) boost(['announced', 'summary'], 1.3);
  if (cues.has('published')) boost('source', 1.6);
  // A document's title and publisher answer "who published it", not what it reports.
  else boost('source', 0.2);
  if (cues.has('countries')) boost('parties', 1.5);
  // All of an entry's instruments at once beat any single one of them, on a tie.
  boost('instruments', 1.02);
  if (cues.has('yesNo')) boost(['status', 'fact', 'summary'], 1.1);
  if (!cues.has('who') && !cues.has('when') && !cues.has('amount') && !cues.has('count') && !cues.has('share')) {
    boost(['summary', 'instrument', 'instruments', 'fact'], 1.1);
  }
  return fit;
}
