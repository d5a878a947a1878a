import type { KnowledgeBase } from '../model.ts';
import { MAX_INPUT_LENGTH } from '../../core/input.ts';
import type { Alternatives, FactIndex } from '../retrieval/index.ts';
import { datesIn, isMonthWord } from '../text/dates-in-text.ts';
import { englishRank } from '../text/english.ts';
import { CUES, IDIOMS, QUESTION_SCAFFOLD, STOPWORDS, SYNONYMS } from '../text/lexicon.ts';
import { foldText, stripInvisible } from '../text/normalize.ts';
import { stem, words } from '../text/tokenize.ts';
import { editDistance, typoBudget } from '../text/typos.ts';

/**
 * Reading a question: which names it uses (with their aliases), which other
 * words carry its topic (typos mended against the knowledge base's own
 * vocabulary), and what kind of answer it wants. The result says, for every
 * concept, whether the knowledge base knows it at all and how much it weighs:
 * the answerer declines when the weighty ones are not covered.
 */

export type Cue = keyof typeof CUES;

export interface Concept {
  /** The question's own words for it. */
  readonly label: string;
  readonly alternatives: Alternatives;
  readonly origin: 'name' | 'word' | 'number' | 'date' | 'cue';
  /** Entries this concept names directly (an entry's name or alias). */
  readonly entryIds: readonly string[];
  /** Some fact holds it. */
  readonly known: boolean;
  /** How much it says about the question's topic; unknown rare words weigh most. */
  readonly weight: number;
  /** Its discriminating power among facts (0 when every fact has it). */
  readonly idf: number;
  /** The word as typed, when it was a typo of `label`. */
  readonly typed?: string;
}

export interface Question {
  readonly text: string;
  readonly concepts: readonly Concept[];
  readonly cues: ReadonlySet<Cue>;
  /** Entries named in the question, in order of mention. */
  readonly entryIds: readonly string[];
}


/** The cue patterns, compiled once for finding every match. */
const GLOBAL_CUES = (Object.entries(CUES) as [Cue, RegExp][]).map(([cue, pattern]) => [cue, new RegExp(pattern.source, 'g')] as const);

/** Cues whose words also say what the question is about ("hosted", "share", "published"): they stay topic words. */
const TOPICAL_CUES: ReadonlySet<Cue> = new Set<Cue>(['where', 'share', 'published', 'yesNo', 'countries']);

interface Phrase {
  readonly words: readonly string[];
  readonly alternatives: Alternatives;
  readonly entryIds: readonly string[];
}

/** Names and their alternatives, built once per knowledge base. */
export class NameTable {
  private readonly byFirstWord = new Map<string, Phrase[]>();

  constructor(kb: KnowledgeBase) {
    const add = (names: readonly string[], entryIds: readonly string[]) => {
      const alternatives = names.map((n) => contentStems(n)).filter((a) => a.length > 0);
      for (const name of names) {
        const ws = words(name);
        if (ws.length === 0) continue;
        const list = this.byFirstWord.get(ws[0]!) ?? [];
        list.push({ words: ws, alternatives, entryIds });
        this.byFirstWord.set(ws[0]!, list);
      }
    };
    for (const g of kb.glossary) add([g.name, ...g.aliases], []);
    for (const e of kb.entries) {
      for (const alias of [e.name, ...e.aliases]) add([alias, e.name], [e.id]);
    }
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  /** Every name phrase starting at `ws[i]`, longest first. */
  at(ws: readonly string[], i: number): Phrase[] {
    const out: Phrase[] = [];
    for (const phrase of this.byFirstWord.get(ws[i]!) ?? []) {
      if (phrase.words.every((w, k) => ws[i + k] === w)) out.push(phrase);
    }
    return out;
  }
}

const SYNONYM_STEMS = new Map<string, string[]>();
for (const group of SYNONYMS) {
  const stems = [...new Set(group.flatMap((w) => words(w).map(stem)))];
  for (const s of stems) SYNONYM_STEMS.set(s, [...new Set([...(SYNONYM_STEMS.get(s) ?? []), ...stems])]);
}

export function analyzeQuestion(raw: string, index: FactIndex, names: NameTable): Question {
  const text = stripInvisible(raw).slice(0, MAX_INPUT_LENGTH).trim();
  const folded = foldText(text);
  const cues = new Set<Cue>();
  const cueWords = new Set<string>();
  for (const [cue, global] of GLOBAL_CUES) {
    for (const m of folded.matchAll(global)) {
      cues.add(cue);
      if (!TOPICAL_CUES.has(cue)) for (const w of words(m[0])) cueWords.add(w);
    }
  }

  const concepts: Concept[] = [];
  let rest = text;
  for (const mention of datesIn(text)) {
    rest = rest.replace(new RegExp(escapeRegExp(mention.text), 'i'), ' ');
    const alternatives = [[mention.date ? `d${mention.date}` : `md${mention.monthDay}`]];
    concepts.push(weigh({ label: mention.text, alternatives, origin: 'date', entryIds: [] }, index, undefined));
  }

  rest = rest.replace(IDIOMS, ' ');
  // "Apart from Japan, which countries…": what is set aside is not what the question is about.
  rest = rest.replace(/\b(?:apart from|aside from|except(?: for)?|besides|other than|excluding|not counting)\s+[^,;:?]+/gi, ' ');
  const typed = words(rest);
  const capitalised = capitalisedWords(rest);
  // "What stages of…", "which region…": the word after what/which names the kind of answer, which the
  // source gives by example ("mining, refining…"), not by that word; unknown, it weighs less.
  const answerType = /\b(?:what|which)\s+([a-z]+)/i.exec(rest)?.[1]?.toLowerCase();
  const ws = typed.map((w) => correctTypo(w, index));
  const entryIds: string[] = [];
  for (let i = 0; i < ws.length; ) {
    const phrases = names.at(ws, i);
    if (phrases.length > 0) {
      const longest = phrases[0]!.words.length;
      const same = phrases.filter((p) => p.words.length === longest);
      const label = ws.slice(i, i + longest).join(' ');
      const ids = [...new Set(same.flatMap((p) => p.entryIds))];
      for (const id of ids) if (!entryIds.includes(id)) entryIds.push(id);
      concepts.push(weigh({ label, alternatives: dedupe(same.flatMap((p) => p.alternatives)), origin: 'name', entryIds: ids }, index, undefined));
      i += longest;
      continue;
    }
    const w = ws[i]!;
    const original = typed[i]!;
    i++;
    if (STOPWORDS.has(w) || QUESTION_SCAFFOLD.has(w) || isMonthWord(w)) continue;
    if (cueWords.has(w)) {
      concepts.push(weigh({ label: w, alternatives: alternativesOf(w), origin: 'cue', entryIds: [] }, index, undefined));
      continue;
    }
    const number = /^\d/.test(w);
    concepts.push(
      weigh(
        { label: w, alternatives: alternativesOf(w), origin: number ? 'number' : 'word', entryIds: [], ...(w !== original ? { typed: original } : {}) },
        index,
        capitalised.has(original) ? 'proper' : original === answerType ? 'answer-type' : undefined,
      ),
    );
  }
  return { text, concepts: mergeDuplicates(concepts), cues, entryIds };
}

function weigh(
  c: Omit<Concept, 'known' | 'weight' | 'idf'>,
  index: FactIndex,
  hint: 'proper' | 'answer-type' | undefined,
): Concept {
  const df = index.documentFrequency(c.alternatives);
  const idf = index.idf(df);
  const known = df > 0;
  if (c.origin === 'cue') return { ...c, known, idf, weight: known ? idf * 0.5 : 0 };
  // A word's weight is how rare it is among facts (or, unknown to every source,
  // the most a word can weigh), times how specific it is in everyday English:
  // "lithium" says more about a question than "started" does.
  const base = known ? idf : index.maxIdf;
  const specificity = c.origin === 'word' ? englishSpecificity(c.label, hint) : 1;
  const answerType = !known && hint === 'answer-type' ? ANSWER_TYPE_DISCOUNT : 1;
  return { ...c, known, idf, weight: base * specificity * answerType };
}

/** How much an unknown answer-type word ("what stages") keeps of its weight. */
const ANSWER_TYPE_DISCOUNT = 0.35;

function englishSpecificity(word: string, hint: 'proper' | 'answer-type' | undefined): number {
  const rank = englishRank(word);
  if (rank === undefined) return 1;
  if (hint === 'proper' && rank > 5000) return 1;
  if (rank <= 1500) return 0.15;
  if (rank <= 5000) return 0.3;
  if (rank <= 15000) return 0.6;
  if (rank <= 30000) return 0.85;
  return 1;
}

function alternativesOf(word: string): Alternatives {
  const s = stem(word);
  const synonyms = SYNONYM_STEMS.get(s) ?? [s];
  // Adverbs meet their adjectives ("primarily" and "primary"), which the stemmer keeps apart.
  const adjective = word.length > 5 && word.endsWith('ly') ? [[stem(word.slice(0, -2))]] : [];
  return dedupe([[s], ...synonyms.map((x) => [x]), ...adjective]);
}

/** Words a question is built from, which a typo may also hit ("wht" for "what"). */
const QUESTION_WORDS = [...STOPWORDS, ...QUESTION_SCAFFOLD].filter((w) => w.length >= 4 || ['what', 'who', 'when', 'how', 'why'].includes(w));

/**
 * Mends a word the knowledge base does not use into one it does (or into a
 * question word), when it is one or two edits away and is not itself an
 * everyday English word. A stem shared by chance ("ministrial" and "ministry")
 * does not make a word known.
 */
function correctTypo(word: string, index: FactIndex): string {
  if (index.vocabulary.has(word) || /\d/.test(word)) return word;
  if (STOPWORDS.has(word) || QUESTION_SCAFFOLD.has(word)) return word;
  const budget = Math.max(typoBudget(word.length), word.length === 3 ? 1 : 0);
  if (budget === 0) return word;
  const rank = englishRank(word);
  if (rank !== undefined && rank <= 60_000) return word;
  let best: { word: string; distance: number; count: number } | undefined;
  const consider = (candidate: string, count: number) => {
    if (Math.abs(candidate.length - word.length) > budget || candidate.length < 3) return;
    const d = editDistance(word, candidate, budget);
    if (d > budget) return;
    if (!best || d < best.distance || (d === best.distance && count > best.count)) best = { word: candidate, distance: d, count };
  };
  for (const [candidate, count] of index.vocabulary) consider(candidate, count);
  for (const candidate of QUESTION_WORDS) consider(candidate, 0);
  if (best) return best.word;
  // "anounce" is two edits from "announced" but one from the stem of it.
  const typedStem = stem(word);
  if (typedStem.length >= 5) {
    for (const [candidate, count] of index.vocabulary) {
      const candidateStem = index.vocabularyStems.get(candidate)!;
      if (candidateStem.length < 5 || Math.abs(candidateStem.length - typedStem.length) > 1) continue;
      if (editDistance(typedStem, candidateStem, 1) <= 1 && (!best || count > best.count)) best = { word: candidate, distance: 1, count };
    }
  }
  return best?.word ?? word;
}

/** Words written with a capital inside a sentence: names, which weigh more when unknown. */
function capitalisedWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![.?!]\s|^)\b([A-Z][A-Za-z]+)/g)) out.add(m[1]!.toLowerCase());
  return out;
}

function contentStems(name: string): string[] {
  const ws = words(name).filter((w) => !STOPWORDS.has(w) || w === 'us');
  return ws.map(stem);
}

function dedupe(list: readonly (readonly string[])[]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const alt of list) {
    const key = alt.join(' ');
    if (!seen.has(key) && alt.length > 0) {
      seen.add(key);
      out.push([...alt]);
    }
  }
  return out;
}

function mergeDuplicates(concepts: Concept[]): Concept[] {
  const seen = new Set<string>();
  return concepts.filter((c) => {
    const key = `${c.origin}:${c.alternatives.map((a) => a.join(' ')).join('|')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
