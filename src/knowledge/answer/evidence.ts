import type { KnowledgeBase } from '../model.ts';
import type { Fact, FactKind } from '../retrieval/facts.ts';
import { isA, nounKinds, pertainym, relatives } from '../language/wordnet.ts';
import { stemSequence } from '../retrieval/index.ts';
import { englishRank } from '../text/english.ts';
import { datesIn } from '../text/dates-in-text.ts';
import { ANSWER_NOUNS, MONEY_WORDS, STOPWORDS, VAGUE } from '../text/lexicon.ts';
import { foldText } from '../text/normalize.ts';
import { stem, words } from '../text/tokenize.ts';
import type { Engine } from './engine.ts';
import { singular, type AnswerType, type Question, type Term } from './read.ts';

/**
 * Retrieval and judgement of evidence: the index proposes a bounded set of
 * candidate facts (the best BM25 units, and the facts of the entries the
 * question names); each is then judged on three counts — does it hold the
 * topic, does it hold what is asked about it (every word, or a WordNet
 * relative, weighted by how much the word says), and does it hold a filler
 * of the kind of answer wanted (a date, an amount, a place…).
 */
export interface Evidence {
  readonly fact: Fact;
  /** Share (0–1) of the whole question's weight this fact holds. */
  readonly coverage: number;
  /** Share of the asked part (the question less its names), the head counting double. */
  readonly asked: number;
  /** How well it holds the names the question uses (1 when it names none). */
  readonly topic: number;
  /** It holds something of the kind of answer wanted. */
  readonly fills: boolean;
  /** It holds the head of the question ("what *penalty*"), or a filler that stands for it ("which *city*" → a city). */
  readonly holdsFocus: boolean;
  /** The ranking key. */
  readonly rank: number;
  /** Terms it holds, with the credit each earned. */
  readonly matched: ReadonlyMap<Term, number>;
}

/** Units the index proposes per question; their facts are all that is judged. */
const CANDIDATE_UNITS = 24;
/** A match only in a sentence's paragraph, or elsewhere in the fact's entry, counts for less. */
const CONTEXT_CREDIT = 0.5;
const ENTRY_CREDIT = 0.4;

/** A name's weight (its inverse document frequency) below which it is in most facts. */
const UBIQUITOUS_NAME = 0.5;

export function gatherEvidence(engine: Engine, q: Question, limit = 12): Evidence[] {
  const weights = new Map<string, number>();
  for (const t of q.terms) {
    for (const alt of t.alternatives) for (const s of alt) weights.set(s, Math.max(weights.get(s) ?? 0, t.weight));
    for (const [s, credit] of t.related) weights.set(s, Math.max(weights.get(s) ?? 0, t.weight * credit));
  }
  const candidates = new Set(engine.index.search(weights, CANDIDATE_UNITS));
  for (const id of q.entryIds) for (const i of engine.index.entryFacts.get(id) ?? []) candidates.add(i);
  // "Why all this", naming nothing: the background entries answer for the whole.
  const whyAll = q.answerType === 'reason' && q.entryIds.length === 0;
  if (whyAll) for (const e of engine.kb.entries) if (e.kind === 'background') for (const i of engine.index.entryFacts.get(e.id) ?? []) candidates.add(i);
  const topics = topicNames(q, engine.kb);
  const out: Evidence[] = [];
  for (const i of candidates) {
    const e = judge(engine, q, i, topics);
    if (e.coverage > 0 || (whyAll && q.terms.length === 0)) out.push(e);
  }
  return out.sort((a, b) => b.rank - a.rank).slice(0, limit);
}

/** How a question's names set its topic, read once per question. */
interface TopicNames {
  /** Names nearly every fact holds ("the US" in a corpus about US agreements): they narrow nothing, and set no topic. */
  readonly ubiquitous: ReadonlySet<Term>;
  /** Names written side by side ("the US-EU-Japan plans", "us/eu"): one thing, held only when all of them are. */
  readonly joined: readonly (readonly Term[])[];
  /** The other names of the entries a name stands for, as padded stem sequences (see `otherNames`). */
  readonly otherNames: ReadonlyMap<Term, readonly string[]>;
}

function topicNames(q: Question, kb: KnowledgeBase): TopicNames {
  const names = q.terms.filter((t) => t.role === 'name' && !t.focus && !t.inherited);
  const ubiquitous = new Set(names.filter((t) => t.weight < UBIQUITOUS_NAME));
  const text = foldText(q.text);
  // Each name where it stands in the question, in order; neighbours with only a dash, slash or space between are joined.
  // Only sides are joined ("US-Japan"), not a side and a subject ("us japan rare earths");
  // a run that ends in a name of an entry of its own is read another way (three sides joined before "framework" may
  // read as two sides and the name of a two-party framework) and sets no joint topic.
  const sides = sidesOf(kb);
  const side = (t: Term) => t.entryIds.length === 0 && sides.some((s) => s.parties.some((p) => namedIn(t, p)));
  const placed = names
    .filter((t) => side(t) || t.entryIds.length > 0)
    .map((t) => ({ t, at: text.search(new RegExp(`(?<![a-z0-9])${escapeRegExp(foldText(t.label))}(?![a-z0-9])`)) }))
    .filter((p) => p.at >= 0)
    .sort((a, b) => a.at - b.at);
  const joined: Term[][] = [];
  for (const [k, p] of placed.entries()) {
    const before = placed[k - 1];
    const between = before ? text.slice(before.at + foldText(before.t.label).length, p.at) : undefined;
    if (before && between !== undefined && /^[\s/–-]+$/.test(between)) joined.at(-1)!.push(p.t);
    else joined.push([p.t]);
  }
  const otherNamesOf = new Map(q.terms.filter((t) => t.role === 'name' && t.entryIds.length > 0).map((t) => [t, otherNames(kb, t)] as const));
  return { ubiquitous, joined: joined.filter((g) => g.length > 1 && g.every(side)), otherNames: otherNamesOf };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function judge(engine: Engine, q: Question, i: number, topics: TopicNames): Evidence {
  const fact = engine.index.facts[i]!;
  const terms = engine.index.termsOf(i);
  const entryTerms = fact.entry ? engine.index.entryTerms.get(fact.entry.id) : undefined;
  const fills = fillsAnswer(fact, q, sidesOf(engine.kb));
  const matched = new Map<Term, number>();
  let total = 0;
  let covered = 0;
  let askTotal = 0;
  let askCovered = 0;
  let topicTotal = 0;
  let topicCovered = 0;
  let holdsFocus = true;
  let literalHead = false;
  for (const t of q.terms) {
    let m = credit(t, fact, terms, entryTerms);
    if (m < 1 && t.role === 'word' && MONEY_WORDS.test(t.label) && /\$\s?\d/.test(fact.text)) m = 1;
    // An entry named one way is held by a fact that names it another ("the ministerial" by "the critical minerals meetings").
    if (m < 1 && (topics.otherNames.get(t) ?? []).some((n) => terms.phrases.text.includes(n) || terms.phrases.names.includes(n))) m = 1;
    // "the 3 partners", "both sides": a number counting the entry's own parties is said by its list of them.
    if (t.role === 'number' && m === 0 && fact.entry && countsParties(t.label, q.text, fact.entry.parties.length)) m = 1;
    if (t.focus && t.label === q.head && m >= 0.6) literalHead = true;
    if (t.focus && q.answerType === 'list') {
      // "Which Xs": the fact names Xs (the word, or named things of that kind).
      holdsFocus = m >= 0.6 || fills;
      if (!(m >= 0.6) && fills) m = 1;
    } else if (t.focus) {
      // The head of a typed question ("which city", "what date") is answered by a filler of its kind, not by its own word;
      // any other head ("what penalty", "how many jobs") must be there.
      const standsIn = fills && (ANSWER_NOUNS.has(t.label) || (FILLER_TYPES.has(q.answerType) && t.label === q.head));
      if (standsIn) m = Math.max(m, 1);
      // A descriptive head the sources use somewhere may be paraphrased ("what pricing measure" → "price floors"); one they never use is what the question is about.
      holdsFocus = m >= 0.6 || (q.answerType === 'description' && t.known);
    }
    if (m > 0) matched.set(t, m);
    total += t.weight;
    covered += t.weight * m;
    // Asked alone, it would only rule out what the question is most likely after, the background told without it;
    // beside another name, it would let any fact about the US stand for "the US and Mexican officials".
    if (topics.ubiquitous.has(t)) continue;
    if (topics.joined.some((g) => g.includes(t))) continue;
    if ((t.role === 'name' || t.inherited) && !t.focus) {
      // Holding one of the names is enough: "the pledge deadline or the MOU" names two topics.
      topicTotal = 1;
      topicCovered = Math.max(topicCovered, m);
    } else if (t.role !== 'number' || q.yesNo) {
      // "which 3 parties": a number that only counts what is asked is no part of what must be found.
      const w = t.weight * (t.focus ? 2 : 1);
      askTotal += w;
      askCovered += w * m;
    }
  }
  // Of an entry with sides, they must be its sides, all of them: the US–Japan framework's status is about "US-Japan",
  // and an entry of three parties holding both is not the two-party thing asked, nor one of two parties a three-party one.
  const parties = fact.entry?.parties.map((p) => stemSequence(p.name)) ?? [];
  for (const group of topics.joined) {
    topicTotal = 1;
    const held = parties.length >= 2
      ? Number(parties.every((p) => group.some((t) => namedIn(t, p))) && group.every((t) => parties.some((p) => namedIn(t, p))))
      : Math.min(...group.map((t) => matched.get(t) ?? 0));
    topicCovered = Math.max(topicCovered, held);
  }
  // The event of a "which office announced…" question must be in the fact as well as a filler.
  const verbTerm = q.eventVerb ? q.terms.find((t) => t.label === q.eventVerb) : undefined;
  if (verbTerm && (matched.get(verbTerm) ?? 0) < 0.6) holdsFocus = false;
  // A bare "why?" about all of it asks nothing but the reason: every background fact covers it.
  const bare = total === 0 && q.answerType === 'reason' && q.entryIds.length === 0;
  if (bare) covered = fact.entry?.kind === 'background' ? 1 : 0;
  const coverage = total > 0 ? covered / total : covered;
  const asked = askTotal > 0 ? askCovered / askTotal : 1;
  // A figure measures its entry's subject: "what % does the US do" is not answered by the PRC's share that mentions the US.
  if (fact.figure && fact.entry && topicTotal > 0 && !q.terms.some((t) => t.role === 'name' && (t.entryIds.includes(fact.entry!.id) || entryNamed(t, fact)))) topicCovered = 0;
  // "What % does the US have": a figure whose label names another side (the PRC's share) measures that side.
  if (fact.figure && figureOfAnotherSide(fact.figure.label, q, engine.kb)) topicCovered = 0;
  // …and so does a share in a sentence that gives it to another ("The PRC controls 90 percent…, leaving the United States…").
  if (!fact.figure && q.answerType === 'percent') {
    const said = fact.kind === 'sentence' ? fact.text : `${fact.citations.map((c) => c.quote).join(' ')}`;
    const first = /\d+(?:\.\d+)?\s*(?:%|percent|per cent)/i.exec(said);
    if (first && figureOfAnotherSide(said.slice(0, first.index), q, engine.kb)) topicCovered = 0;
  }
  const topicShare = topicTotal > 0 ? topicCovered / topicTotal : 1;
  const ownName = fact.entry !== undefined && (q.entryIds.includes(fact.entry.id) || q.terms.some((t) => t.role === 'name' && !t.focus && entryNamed(t, fact)));
  const named = (ownName ? 1.3 : 1) * (partyNamed(fact, q) && (q.answerType === 'agent' || q.answerType === 'person') ? 1.5 : 1);
  // "Which office announced…": a fact that says "Office" beats one that only names someone.
  const rank = covered * kindFit(fact.kind, fact, q) * named * (fills ? 1.2 : 1) * (literalHead && fills ? 1.3 : 1) * (0.4 + asked);
  return { fact, coverage, asked, topic: topicShare, fills, holdsFocus, rank, matched };
}

function credit(t: Term, fact: Fact, terms: ReturnType<Engine['index']['termsOf']>, entryTerms: ReadonlySet<string> | undefined): number {
  if (t.role === 'name') {
    if (fact.entry && t.entryIds.includes(fact.entry.id)) return 1;
    // A name is a phrase: "critical minerals stockpile" is not any fact that has those three words somewhere.
    const holds = (sequence: string) => namedIn(t, sequence);
    if (holds(terms.phrases.text) || holds(terms.phrases.names)) return 1;
    if (holds(terms.phrases.context)) return CONTEXT_CREDIT;
    return entryTerms && t.alternatives.some((alt) => alt.length === 1 && entryTerms.has(alt[0]!)) ? ENTRY_CREDIT : 0;
  }
  let best = 0;
  for (const [s, c] of t.related) {
    if (terms.text.has(s) || terms.names.has(s)) best = Math.max(best, c);
    else if (terms.context.has(s)) best = Math.max(best, c * CONTEXT_CREDIT);
    else if (entryTerms?.has(s)) best = Math.max(best, c * ENTRY_CREDIT);
    if (best === 1) break;
  }
  return best;
}

const entryNames = new WeakMap<KnowledgeBase, Map<string, readonly { seq: string; countries: string }[]>>();
/** The countries a name names ("the Malaysia deal" → malaysia), as one key. */
const countriesIn = (name: string) => words(name).filter((w) => isA(w, 'country', 1)).sort().join(' ');
/**
 * The names of the entries a name term stands for, as stem sequences padded for a phrase search, that name the
 * same countries as the term: an entry that gathers "the Australia deal" and "the Malaysia deal" is several things.
 */
function otherNames(kb: KnowledgeBase, t: Term): string[] {
  let table = entryNames.get(kb);
  if (!table) entryNames.set(kb, (table = new Map()));
  const asked = countriesIn(t.label);
  const out: string[] = [];
  for (const id of t.entryIds) {
    let names = table.get(id);
    if (!names) {
      const entry = kb.entry(id);
      names = entry ? [entry.name, ...entry.aliases].map((n) => ({ seq: ` ${stemSequence(n).trim()} `, countries: countriesIn(n) })) : [];
      table.set(id, names);
    }
    for (const n of names) if (n.countries === asked) out.push(n.seq);
  }
  return out;
}

/** The question's number counts people or parties ("the 3 partners", "two countries") and equals the entry's parties. */
function countsParties(label: string, text: string, parties: number): boolean {
  if (Number(label) !== parties) return false;
  const next = new RegExp(`\\b${label}\\s+([a-z]+)`, 'i').exec(text)?.[1]?.toLowerCase();
  if (!next || singular(next) === next) return false;
  const one = singular(next);
  return isA(one, 'person', 2) || isA(one, 'organization', 2) || isA(one, 'political unit', 2) || /^(side|part|parti|member)$/.test(one.replace(/y$/, 'i'));
}

/** A who-leads question that names one side of the fact's entry ("the Japanese side"). */
function asksForSide(fact: Fact, q: Question): boolean {
  if (!fact.entry || !/\b(lead|leads|led|heads?|headed|in charge|runs?)\b/i.test(q.text) || !/\bside\b/i.test(q.text)) return false;
  return fact.entry.parties.some((p) => q.terms.some((t) => t.role === 'name' && !t.entryIds.includes(fact.entry!.id) && namedIn(t, stemSequence(p.name))));
}

const LEAD_WORDS = /\b(lead|leads|led|leading|head|heads|headed|chair|chairs|chaired|run|runs|ran|in charge)\b/i;

/** "Who runs body B": a fact that says B is the one leading ("… (led by B)") does not say who leads B. */
function leadsInFact(fact: Fact, q: Question): boolean {
  const lead = LEAD_WORDS.exec(q.text);
  if (!lead) return false;
  // The body the question asks about stands right after its lead word ("runs *B*", "the chief of *B*").
  const object = stemSequence(q.text.slice(lead.index + lead[0].length).split(/[,;?]|\bor\b|\band\b/)[0]!.split(/\s+/).slice(0, 6).join(' '));
  const leaders = [...fact.text.matchAll(/\b(?:led|headed|chaired|run)\s+by\s+([^,;:()]+)/gi)].map((m) => stemSequence(m[1]!));
  // The name must be the whole leader, not a part of it ("U.S." in "the U.S. Department of State").
  const whole = (t: Term, seq: string) => t.alternatives.some((alt) => alt.length > 0 && seq.includes(` ${alt.join(' ')} `) && alt.length >= seq.trim().split(' ').length - 1);
  return leaders.some((seq) => q.terms.some((t) => t.role === 'name' && !(fact.entry && t.entryIds.includes(fact.entry.id)) && whole(t, seq) && namedIn(t, object)));
}

/** A name term stands, as a phrase, in a stem sequence (`stemSequence` of some text). */
export function namedIn(t: Term, sequence: string): boolean {
  return t.alternatives.some((alt) => alt.length > 0 && sequence.includes(` ${alt.join(' ')} `));
}

/** The question names a side of the entry, and this party fact is about another one. */
function namesAnotherSide(fact: Fact, q: Question): boolean {
  const entry = fact.entry;
  if (!entry || !fact.party) return false;
  const sides = entry.parties.map((p) => ({ name: p.name, seq: stemSequence(p.name) }));
  const asked = sides.filter((side) => q.terms.some((t) => t.role === 'name' && !t.entryIds.includes(entry.id) && namedIn(t, side.seq)));
  const foreign = q.terms.some((t) => t.role === 'name' && !t.entryIds.includes(entry.id) && !sides.some((side) => namedIn(t, side.seq)) && !entryNamed(t, fact));
  return (asked.length > 0 && !asked.some((side) => side.name === fact.party!.name)) || (asked.length === 0 && foreign);
}

/** The side a party fact is about is the one the question names (the side's country or body). */
function partyNamed(fact: Fact, q: Question): boolean {
  if (fact.kind !== 'party' || !fact.party) return false;
  const party = stemSequence(fact.party.name);
  return q.terms.some((t) => t.role === 'name' && !(fact.entry && t.entryIds.includes(fact.entry.id)) && namedIn(t, party));
}

/** The name is one of the fact's entry's own names, or of its parties. */
export function entryNamed(t: Term, fact: Fact): boolean {
  const names = stemSequence([fact.entry!.name, ...fact.entry!.aliases, ...fact.entry!.parties.map((p) => p.name), fact.figure?.label ?? ''].join(' ; '));
  return namedIn(t, names);
}

/** A party of some entry (a country, a union) and every name the glossary gives it, as stem sequences. */
interface Side {
  readonly name: string;
  readonly names: readonly string[];
  /** The names entries give it as a party ("Japan"): the side itself, not a body of it. */
  readonly parties: readonly string[];
}

const sideTables = new WeakMap<KnowledgeBase, Side[]>();
function sidesOf(kb: KnowledgeBase): Side[] {
  let sides = sideTables.get(kb);
  if (!sides) {
    // A side is named by its own names and by the bodies that lead it ("USTR" is of the United States).
    const groupOf = (name: string) => kb.glossary.find((g) => g.name === name || g.aliases.includes(name));
    const withAliases = (name: string) => {
      const group = groupOf(name);
      return [name, ...(group ? [group.name, ...group.aliases] : [])];
    };
    // One side per glossary group: "European Commission" and "European Union" are one side.
    const byParty = new Map<string, Set<string>>();
    const partyNames = new Map<string, Set<string>>();
    for (const p of kb.entries.flatMap((e) => e.parties)) {
      const key = groupOf(p.name)?.name ?? p.name;
      const names = byParty.get(key) ?? new Set<string>([key]);
      names.add(p.name);
      if (p.lead) for (const body of p.lead.split(/\s+and\s+|[()]/)) if (body.trim()) names.add(body.trim());
      byParty.set(key, names);
      partyNames.set(key, (partyNames.get(key) ?? new Set<string>([key])).add(p.name));
    }
    sides = [...byParty].map(([name, names]) => ({
      name,
      names: [...names].flatMap(withAliases).map((n) => stemSequence(n)).filter((n) => n.trim() !== ''),
      parties: [...partyNames.get(name)!].map((n) => stemSequence(n)),
    }));
    sideTables.set(kb, sides);
  }
  return sides;
}

/** The sides the question names ("Japanese", "Mexico's"). */
function sidesNamed(q: Question, sides: readonly Side[]): Side[] {
  return sides.filter((side) => q.terms.some((t) => t.role === 'name' && side.names.some((n) => namedIn(t, n))));
}

/** An agent question about one named side. */
function sideAsked(q: Question, sides: readonly Side[]): boolean {
  // Asked for a country ("which Latin American country"), the side words only describe it.
  if (q.headNoun && (nounKinds(q.headNoun, 1).has('noun.location') || isA(q.headNoun, 'political unit', 2))) return false;
  return sidesNamed(q, sides).length === 1;
}

/** A name that holds the name of a side other than the one asked about ("U.S." in "the U.S. Department of State"). */
function ofAnotherSide(name: string, q: Question, sides: readonly Side[]): boolean {
  const asked = sidesNamed(q, sides);
  const seq = stemSequence(name);
  return sides.some((side) => !asked.includes(side) && side.names.some((n) => seq.includes(n.endsWith(' ') ? n : `${n} `)));
}

/** The question names a country or body, and the figure's label names only others (the glossary's groups of names). */
function figureOfAnotherSide(label: string, q: Question, kb: KnowledgeBase): boolean {
  const seq = stemSequence(label);
  const groups = actorGroupsOf(kb);
  const named = (names: string[]) => q.terms.some((t) => t.role === 'name' && names.some((n) => namedIn(t, n)));
  const asked = groups.filter(named);
  if (asked.length === 0) return false;
  const of = groups.filter((names) => names.some((n) => seq.includes(n)));
  return of.length > 0 && !of.some((g) => asked.includes(g));
}

const actorTables = new WeakMap<KnowledgeBase, string[][]>();
/**
 * The glossary's groups of names that name a country or a body (as stem
 * sequences), once per knowledge base: "rare earths" is what is measured, not
 * who has it.
 */
function actorGroupsOf(kb: KnowledgeBase): string[][] {
  let groups = actorTables.get(kb);
  if (!groups) {
    const actor = (names: readonly string[]) => names.some((n) => isA(n.toLowerCase(), 'country', 1) || isA(n.toLowerCase(), 'organization', 1));
    groups = kb.glossary.filter((g) => actor([g.name, ...g.aliases])).map((g) => [g.name, ...g.aliases].map((n) => stemSequence(n)).filter((n) => n.trim() !== ''));
    actorTables.set(kb, groups);
  }
  return groups;
}

/** A body of the side the question names: one of that side's names or bodies, or a name holding one ("Government of Mexico"). */
function ofAskedSide(name: string, q: Question, sides: readonly Side[]): boolean {
  const seq = stemSequence(name);
  return sidesNamed(q, sides).some((side) => side.names.some((n) => seq.includes(n) || n.includes(seq)));
}

/** The text gives the name as another side's lead: "the United States (led by the State Department)". */
function leadsAnotherSide(text: string, name: string, q: Question, sides: readonly Side[]): boolean {
  const asked = sidesNamed(q, sides);
  const escaped = escapeRegExp(name);
  const m = new RegExp(`([A-Z][\\w.]*(?:\\s+[A-Z][\\w.]*)*)\\s*\\((?:led|headed|represented)\\s+by\\s+(?:the\\s+)?${escaped}`).exec(text);
  if (!m) return false;
  const seq = stemSequence(m[1]!);
  return sides.some((side) => !asked.includes(side) && side.names.some((n) => seq.includes(n)));
}

/** Answer types whose filler stands for the question's head: a place for "which city", named things for "which countries". */
const FILLER_TYPES: ReadonlySet<AnswerType> = new Set<AnswerType>(['place', 'person', 'agent', 'date', 'duration']);

/** How well a kind of fact suits what the question asks for. */
function kindFit(kind: FactKind, fact: Fact, q: Question): number {
  const t = q.answerType;
  const unit = fact.figure?.unit;
  if (kind === 'source') return /\b(publish|published|publisher|author|wrote|written|firm|site|website)\b/i.test(q.text) ? 2 : 0.2;
  if ((t === 'agent' || t === 'person') && kind === 'party') return fact.party?.lead ? 2 : 1.2;
  if ((t === 'agent' || t === 'person') && (kind === 'announced' || kind === 'parties')) return 1.4;
  if (t === 'date' && (kind === 'deadline' || kind === 'when')) return 1.6;
  if (t === 'duration' && kind === 'deadline') return 1.8;
  if (q.cues.has('status') && kind === 'deadline') return 1.6;
  if (t === 'money' && kind === 'figure') return unit === 'USD' ? 1.8 : 0.8;
  if (t === 'count' && kind === 'figure') return unit === 'count' ? 1.8 : 0.8;
  if (t === 'percent' && kind === 'figure') return unit === 'percent' ? 1.8 : 0.8;
  if (t === 'description' && (kind === 'summary' || kind === 'instruments')) return 1.2;
  if (t === 'list' && (kind === 'instruments' || kind === 'parties')) return 1.3;
  // "Why": a fact that gives a cause or a purpose.
  // "Why all this", naming no agreement: the background the sources give for all of them.
  if (t === 'reason' && q.entryIds.length === 0 && fact.entry?.kind === 'background') return 2.2;
  if (t === 'reason' && /\b(because|concern|reflects?|in response|vulnerab|aimed at|designed to|in order to|so that|to address|threats?|due to)\b/i.test(fact.text)) return 1.6;
  return kind === 'sentence' ? 1 : 1.1;
}

const REASON = /\b(?:because|since|as a result|in response|response to|due to|owing to|in order to|so that|to (?:strengthen|sustain|secure|reduce|address|diversify|counter|build|ensure|protect|promote|stimulate|support|operationali[sz]e)|aim(?:s|ed)? (?:at|to)|designed to|intended to|meant to|reflects?|concerns?|citing|cites|driven|dominance|vulnerab\w*|susceptible|risk|threat|why|purpose|goal|so as to|indicative|signals?|significan\w*|important|matters?|hopes?)\b/i;
const DUE_ASKED = /\b(?:deadlines?|due|due date|cut-?off|time ?limit|by when|by what date|expire|expires|(?:have|has|need|needs) to be (?:done|finished|concluded|signed|completed|agreed) by)\b/;
const RELATIVE_DATE = /\b(?:yesterday|today|this week|last week|within|\d+[- ](?:day|week|month|year)s?|(?:19|20)\d\d)\b/i;
const NUMBER_WORDS = /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|fifty-four|sixty|thirty)\b/i;

/** Whether a fact holds something of the kind of answer wanted, that the question does not already state. */
export function fillsAnswer(fact: Fact, q: Question, sides: readonly Side[] = []): boolean {
  const text = fact.kind === 'sentence' ? fact.text : `${fact.text} ${fact.citations.map((c) => c.quote).join(' ')}`;
  const asked = new Set(q.numbers);
  const fresh = (n: string) => !asked.has(n.replace(/,/g, ''));
  switch (q.answerType) {
    case 'reason':
      // A reason is told: a cause, a purpose, a concern, a response — not only what the thing is.
      return !['when', 'deadline', 'figure', 'party', 'parties', 'announced', 'source'].includes(fact.kind) && REASON.test(text);
    case 'date':
      // A date something is due by is not the day it was announced or met; curated, it is a deadline of its own
      // (a curated fact that mentions a period, "an MOU to be concluded within 30 days", dates another entry's deadline).
      if (fact.kind !== 'deadline' && fact.kind !== 'sentence' && DUE_ASKED.test(foldText(q.text))) return false;
      return fact.kind === 'when' || fact.kind === 'deadline' || datesIn(text).length > 0 || RELATIVE_DATE.test(text);
    case 'duration':
      return fact.kind === 'deadline' || /\b\d+[- ](?:day|week|month|year)s?\b|\b(?:thirty|sixty|six)[- ](?:day|month)s?\b/i.test(text);
    case 'money':
      return (fact.figure?.unit === 'USD' && fresh(String(fact.figure.value))) || [...text.matchAll(/\$\s?(\d+(?:[.,]\d+)?)/g)].some((m) => fresh(m[1]!));
    case 'percent':
      return fact.figure?.unit === 'percent' || [...text.matchAll(/(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)/gi)].some((m) => fresh(m[1]!));
    case 'count': {
      // A deadline counts days, and its name's number ("the 54-country pledge") counts nothing asked.
      if (fact.kind === 'deadline') return false;
      // A figure counts its own label's things: "54 countries" are not 54 African countries.
      const modifier = modifiedHead(q)?.split(' ')[0];
      if (fact.figure) return fact.figure.unit === 'count' && fresh(String(fact.figure.value)) && (!modifier || new RegExp(`\\b${modifier}`, 'i').test(`${fact.figure.label} ${fact.figure.text}`));
      let plain = text;
      for (const d of datesIn(text)) plain = plain.replace(d.text, ' ');
      // The entry's own name counts nothing ("the 54-country pledge" is a name, not 54 signers).
      for (const name of fact.entry ? [fact.entry.name, ...fact.entry.aliases] : []) if (/\d/.test(name)) plain = plain.split(name).join(' ');
      // "How many projects": a number that counts projects, not any number.
      const head = q.head ? singular(q.head) : undefined;
      // "How many African countries": the number must count countries of that kind.
      const kindWords = modifier ? `(?:[\\w-]+\\s+)?${modifier}\\w*\\s+` : '(?:[\\w-]+\\s+){0,2}';
      if (head) return [...plain.matchAll(new RegExp(`(\\b\\d+(?:,\\d{3})*|${NUMBER_WORDS.source})[\\s-]+${kindWords}${head.replace(/y$/, '')}`, 'gi'))].some((m) => fresh(m[1]!));
      return [...plain.matchAll(/(?<![$\d.,])(\d+(?:,\d{3})*)(?![\d.,]*\s*(?:%|percent|billion|million|-day|-month|days|months))/g)].some((m) => fresh(m[1]!) && !/^(?:19|20)\d\d$/.test(m[1]!)) || NUMBER_WORDS.test(text);
    }
    case 'quantity':
      // A number that is not part of a name ("Section 232") or a year.
      return [...text.matchAll(/(?<![A-Za-z]\s|[\d.,])(\d+(?:[.,]\d+)?)/g)].some((m) => fresh(m[1]!) && !/^(?:19|20)\d\d$/.test(m[1]!));
    case 'list':
      return namesSeveral(fact, q);
    case 'place':
      return placeIn(fact, q);
    case 'person': {
      // A title and a name ("Vice President Vance"); asked for a "secretary", a president is no answer.
      const titled = [...text.matchAll(/\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+([A-Z][a-z]+)\b/g)].filter(
        (m) => nounKinds(m[1]!.toLowerCase().split(' ').at(-1)!, 1).has('noun.person') && nounKinds(m[2]!.toLowerCase(), 1).size === 0,
      );
      const head = q.headNoun;
      // A word that only says "a person" ("which official") is answered by any title.
      return titled.some((m) => !head || ANSWER_NOUNS.has(head) || !nounKinds(head, 1).has('noun.person') || m[1]!.toLowerCase().includes(head));
    }
    case 'agent':
      if (vaguely(fact.text, q)) return false;
      // A question about one side's body is not answered by another side's lead.
      if (fact.kind === 'party' && namesAnotherSide(fact, q)) return false;
      // Asked who leads a named side: only that side's own lead answers, not another fact that names the country.
      if (asksForSide(fact, q) && !(fact.kind === 'party' && fact.party?.lead)) return false;
      // Asked who heads a body the question names, that body itself is no answer,
      if (fact.kind === 'party' && fact.party?.lead && stemSequence(q.text).includes(stemSequence(fact.party.lead.replace(/\s*\(.*?\)/g, '')))) return false;
      // nor a fact where that body is the one leading ("… officials (led by the Secretariat of Economy)").
      if (leadsInFact(fact, q)) return false;
      // "Which Japanese ministry…": a body of another side ("the U.S. Department of State") is no answer.
      if (fact.kind !== 'party' && sideAsked(q, sides)) return properNames(fact.text).some((n) => bodyName(n) && !wholly(n, q) && !ofAnotherSide(n, q, sides) && !leadsAnotherSide(fact.text, n, q, sides) && ofAskedSide(n, q, sides) && !sides.some((side) => side.parties.includes(stemSequence(n))));
      // "Which ministry…": a side with no lead named is a country, not a ministry.
      if (fact.kind === 'party' && !fact.party?.lead && q.headNoun && !isA(fact.party!.name.toLowerCase(), q.headNoun)) return false;
      return fact.kind === 'party' || fact.kind === 'parties' || fact.kind === 'announced' || fact.kind === 'source' || properNames(fact.text).some((n) => !mentioned(n, q));
    default:
      return true;
  }
}

/** "Which Xs": the fact names several things (a list, or names not in the question), and not only "certain Xs". */
function namesSeveral(fact: Fact, q: Question): boolean {
  if (vaguely(fact.text, q)) return false;
  // A list of parties answers "which countries/members"; a list of instruments answers "which tools/measures".
  const head = q.head ? singular(q.head) : undefined;
  const knownHead = q.terms.some((t) => t.focus && t.known);
  // A kind the sources never name ("penalties", "dicts") is answered only by items that are of that kind ("mining" is an industry).
  // A common category word ("issues", "things", "areas") is answered by any list; a rarer kind by items of that kind.
  const generic = head !== undefined && (englishRank(head) ?? Infinity) <= 3000;
  const found = LIST.exec(fact.text);
  if (listOfKind(fact, q)) return true;
  // "Which concerns": kinds of them joined before the plural ("economic and national security concerns", not "private sector capital").
  if (head && new RegExp(`\\b(?!(?:the|a|an|of|to|and|or)\\b)[a-z-]+(?:,\\s[a-z-]+)*,?\\s(?:and|or)\\s(?:[a-z-]+\\s){0,2}${head.replace(/y$/, '')}\\w*s\\b(?!\\s+[a-z]+s\\b)`, 'i').test(fact.text)) return true;
  // "Which regions / parts of the world": places named by their adjectives ("European, Asian, and African").
  // ("Which continents": places of that kind, Europe and Asia being continents.)
  if (q.headNoun && (nounKinds(q.headNoun, 1).has('noun.location') ? placesByAdjective(fact.text) : placesByAdjective(fact.text, q.headNoun)) >= 2) return true;
  if (head && !knownHead && !generic) return properNames(fact.text).some((n) => !mentioned(n, q) && isA(n.toLowerCase(), head));
  const one = q.headNoun ?? '';
  const aboutParties = one !== '' && (isA(one, 'person', 2) || isA(one, 'organization', 2) || isA(one, 'political unit', 2) || isA(one, 'location', 1));
  // Parties are countries and bodies: they answer "which countries/members", not "which senators".
  // (A member, partner or participant is an associate in WordNet; a senator or a minister is a person of a kind no party is.)
  const partyKind = (name: string) => ANSWER_NOUNS.has(one) || isA(name.toLowerCase(), one, 2) || isA(one, 'political unit', 2) || isA(one, 'organization', 2) || isA(one, 'associate', 3) || isA(one, 'signer', 2);
  if (fact.kind === 'parties') return aboutParties && (fact.entry?.parties ?? []).some((p) => partyKind(p.name));
  // One side led by several bodies ("USTR and the Department of Commerce") names several too.
  if (fact.kind === 'party') return aboutParties && /\band\b|,/.test(fact.party?.lead ?? '') && partyKind(fact.party?.lead ?? '');
  const kind = q.headNoun ? nounKinds(q.headNoun, 1) : new Set<string>();
  // Things of a concrete kind (companies, minerals, countries, people) are answered by naming such things, not by any list.
  const concrete = CONCRETE.some((k) => kind.has(k));
  // Instruments that speak of the asked things under another description ("mining projects" asked, "projects of mutual
  // interest" to be identified) are not a list of them.
  if (fact.kind === 'instruments') return !aboutParties && !concrete && !otherwiseDescribed(fact, q);
  // When the fact names the asked kind ("companies"), its list must come after that word, not be a list of something else before it.
  const at = head ? fact.text.toLowerCase().search(new RegExp(`\\b${head.replace(/y$/, '')}`)) : -1;
  // The list must be near that word (after it, or holding it), not a list of something else before it.
  const list = found !== null && (at < 0 || at <= found.index + found[0].length);
  const kindOf = modifiedHead(q) ?? head;
  const instances = kindOf !== undefined ? properNames(fact.text).filter((n) => !mentioned(n, q) && isA(n.toLowerCase(), kindOf)).length : 0;
  // "Which supply chains": "North American supply chains" names them by a proper modifier.
  // (Not a capital that only starts the sentence: "Critical mineral price floors" names no kind of mineral.)
  if (head && new RegExp(`(?<!^|[.!?]\\s)\\b(?!(?:The|A|An|This|That|It|Its)\\b)[A-Z][a-z][\\w-]*(?:\\s[A-Z][\\w-]*)*\\s+(?:[a-z-]+\\s+)?${head.replace(/y$/, '')}`).test(fact.text) && !vaguely(fact.text, q)) return true;
  if (concrete) return instances >= 2 || (list && at >= 0 && !modifiedHead(q));
  return list || instances >= 2;
}

/** How many things the fact names that the question does not: its parties, its instruments, a list, or proper names. */
export function thingsNamed(fact: Fact, q: Question): number {
  if (fact.kind === 'parties' && fact.entry) return fact.entry.parties.length;
  if (fact.kind === 'instruments' && fact.entry) return fact.entry.instruments.length;
  const list = LIST.exec(fact.text);
  return Math.max(list ? listItems(list[0]).length : 0, properNames(fact.text).filter((n) => !mentioned(n, q)).length);
}

/** The fact lists things that are of the asked kind ("defense, advanced manufacturing, and clean energy" for "which sectors"). */
function listOfKind(fact: Fact, q: Question): boolean {
  const head = q.head ? singular(q.head) : undefined;
  const found = LIST.exec(fact.text);
  if (head === undefined || found === null) return false;
  // The head or a WordNet synonym of it ("pros" → professionals).
  const kinds = [head, ...relatives(head, 2, 'n').synonyms].filter((k) => !k.includes(' ') || k.split(' ').length <= 2);
  return listItems(found[0]).some((i) => kinds.some((k) => isA(i, k, 3)));
}

/** Three or more things: "mining, refining, processing, and recycling" (not "to sign, to identify and support"). */
const LIST_ITEM = String.raw`(?!(?:to|that|which|who|and|or)\b)[\w-]+(?:\s[\w-]+){0,2}`;
const LIST = new RegExp(String.raw`${LIST_ITEM}(?:,\s${LIST_ITEM})+,?\s(?:and|or)\s${LIST_ITEM}`);

/** How many capitalised adjectives of a place the text lists ("European, Asian, and African"). */
function placesByAdjective(text: string, kind?: string): number {
  const places = new Set<string>();
  for (const m of text.matchAll(/\b([A-Z][a-z]+)(?=,|\s+(?:and|or)\s|\s+[a-z])/g)) {
    const noun = placeNoun(m[1]!);
    if (noun && (kind === undefined || isA(noun, kind, 3))) places.add(noun);
  }
  return places.size;
}

/** The place an adjective names ("Asian" → asia, "North American" → north america), if it names one. */
function placeNoun(adjective: string): string | undefined {
  const noun = pertainym(adjective);
  // Countries are locations; continents WordNet files as objects (landmasses).
  return noun && (nounKinds(noun, 1).has('noun.location') || isA(noun, 'continent', 1)) ? noun : undefined;
}

/** The last word of each item of a list ("advanced manufacturing, and clean energy" → manufacturing, energy). */
function listItems(list: string): string[] {
  return list.split(/,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/).map((i) => singular(i.trim().split(/\s+/).at(-1)!.toLowerCase())).filter(Boolean);
}

const CONCRETE = ['noun.group', 'noun.person', 'noun.location', 'noun.substance', 'noun.object', 'noun.animal', 'noun.plant', 'noun.food'];

/** "African countries" → "african country", when WordNet has that kind ("which African countries": Japan is not one). */
function modifiedHead(q: Question): string | undefined {
  if (!q.head) return undefined;
  const m = new RegExp(`\\b([a-z]+)\\s+${q.head}\\b`, 'i').exec(q.text);
  if (!m || /^(which|what|the|other|specific|all|any|some|these|those|many|main)$/i.test(m[1]!)) return undefined;
  const phrase = `${m[1]!.toLowerCase()} ${singular(q.head)}`;
  return nounKinds(phrase).size > 0 ? phrase : undefined;
}

/** The question describes its head by a word ("mining projects") that the fact's own mention of that head lacks. */
function otherwiseDescribed(fact: Fact, q: Question): boolean {
  if (!q.head) return false;
  const m = new RegExp(`\\b([a-z]+)\\s+${q.head}\\b`, 'i').exec(foldText(q.text));
  if (!m || STOPWORDS.has(m[1]!) || /^(which|what|other|specific|all|any|some|these|those|many|main|key|major|\d+)$/.test(m[1]!)) return false;
  // Word by word, stemmed: the describing word within three words of the head, before it ("mining projects") or after ("projects of mutual interest").
  const seq = stemSequence(fact.text).trim().split(' ');
  const head = stem(singular(q.head));
  const modifier = stem(m[1]!);
  const at = seq.flatMap((w, i) => (w === head ? [i] : []));
  return at.length > 0 && !at.some((i) => seq.slice(Math.max(0, i - 3), i + 4).includes(modifier));
}

/** The fact speaks of the asked things only as "certain …", "some …": it names none of them. */
function vaguely(text: string, q: Question): boolean {
  const head = q.head ? singular(q.head) : undefined;
  if (!head) return false;
  return new RegExp(`${VAGUE.source}${head.replace(/y$/, '')}\\w*`, 'i').test(text);
}

/** A place: "at/in the …" before a name, or a name WordNet knows as a location, of the kind asked ("which city"). */
function placeIn(fact: Fact, q: Question): boolean {
  const names = properNames(fact.text).filter((n) => !mentioned(n, q));
  const head = q.head ? singular(q.head) : undefined;
  if (head && !/^(place|location|venue|where)$/.test(head)) {
    // "Which region": a place named by its adjective ("North American supply chains"), of the kind asked or when the
    // kind asked is wider than a country (a region, a territory) — never for a narrower one ("which city").
    const wide = isA('country', head);
    const ofKind = (n: string) => {
      const place = placeNoun(n);
      return isA(n.toLowerCase(), head) || (place !== undefined && (isA(place, head) || wide));
    };
    // "Which region's X": the place must be the one X is of ("North American X").
    const after = new RegExp(`\\b${q.head}['’]s\\s+(.*)`, 'i').exec(q.text)?.[1]?.toLowerCase().split(/[^a-z-]+/) ?? [];
    const phrase = after.slice(0, Math.max(0, after.findIndex((w) => STOPWORDS.has(w))));
    const owned = phrase.length > 0 ? singular(phrase.at(-1)!).replace(/y$/, '') : undefined;
    if (owned) return [...fact.text.matchAll(new RegExp(`\\b([A-Z][\\w.-]*(?:\\s+[A-Z][\\w.-]*)*)\\s+(?:[a-z-]+\\s+){0,2}${owned}`, 'g'))].some((m) => !wholly(m[1]!, q) && ofKind(m[1]!));
    return names.some(ofKind);
  }
  // "Where": a name after "at" or "in" ("at the U.S. Department of State", "in Mexico City"), or after the preposition the
  // question ends with ("where … deliver materials to?" → "to the United States"); never one named in the question.
  const ending = /\b(to|from|into|with)\s*\??\s*$/i.exec(q.text)?.[1]?.toLowerCase();
  const preposition = ending ? `at|in|${ending}` : 'at|in';
  return [...fact.text.matchAll(new RegExp(`\\b(?:${preposition})\\s+(?:the\\s+)?((?:[A-Z][\\w.'’-]*)(?:\\s+(?:of|the|and|de)?\\s*[A-Z][\\w.'’-]*)*)`, 'g'))].some((m) => !mentioned(m[1]!, q));
}

/** Runs of capitalised words inside sentences ("U.S. Department of State", "North American"). */
function properNames(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<=[a-z,;(]\s+|^)((?:[A-Z][\w.'’-]*)(?:\s+(?:of|the|and|de|for)?\s*[A-Z][\w.'’-]*)*)/g)) out.push(m[1]!.replace(/\s+(?:of|the|and|de|for)\s*$/, '').trim());
  return out.flatMap((n) => n.split(/\s+and\s+/)).map((n) => n.replace(/^The\s+/, '')).filter((n) => n.length > 1);
}

/** A name of a body or a place: several words, an acronym ("USTR"), or a place WordNet knows — not a capitalised first word ("Plurilateral"). */
function bodyName(name: string): boolean {
  return /\s/.test(name) || /^[A-Z][A-Z.-]+$/.test(name) || nounKinds(name.toLowerCase(), 1).has('noun.location');
}

/** The question itself says this name ("Japan"), not only a longer one holding it or another name of its group. */
function wholly(name: string, q: Question): boolean {
  return stemSequence(q.text).includes(stemSequence(name));
}

function mentioned(name: string, q: Question): boolean {
  const lower = name.toLowerCase();
  const seq = stemSequence(name);
  return q.text.toLowerCase().includes(lower) || q.terms.some((t) => t.role === 'name' && namedIn(t, seq));
}
