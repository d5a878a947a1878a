import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import type { KnowledgeBase } from '../model.ts';
import { datesIn, dateTokens } from '../text/dates-in-text.ts';
import { STOPWORDS } from '../text/lexicon.ts';
import { stem, words } from '../text/tokenize.ts';
import { factsOf, type Fact } from './facts.ts';

/**
 * The retrieval index: BM25 (MiniSearch) over units — one unit per curated
 * fact, one per source paragraph (whose sentences are the facts it yields).
 * Paragraphs, not sentences, are what a plain search engine would index, so
 * the cost of a search grows with the corpus as a plain search does. Text is
 * tokenised and stemmed once at load; the same stems give each unit's terms
 * (to see which words of a question a fact holds) and each stem's document
 * frequency (how much a word of the question weighs).
 */

export type Field = 'text' | 'names' | 'context';

export interface FactTerms {
  readonly text: ReadonlySet<string>;
  readonly names: ReadonlySet<string>;
  readonly context: ReadonlySet<string>;
  /** Content-word stems in order, by field, space-separated and padded: names are matched as phrases in these. */
  readonly phrases: { readonly text: string; readonly names: string; readonly context: string };
}

interface Unit {
  /** Positions in `facts` of the facts this unit yields. */
  readonly facts: readonly number[];
}

/**
 * What building the index computes from the text, saved once per knowledge
 * base version so that the next process (a CLI run, a restart) reads it back
 * instead of stemming every paragraph again. Bump the format when stemming or
 * the index's fields change.
 */
interface Snapshot {
  readonly format: number;
  readonly units: number;
  readonly search: string;
  readonly df: readonly [string, number][];
  readonly vocabulary: readonly [string, number][];
}
const SNAPSHOT_FORMAT = 1;
const SEARCH_OPTIONS = { fields: ['text', 'names'], tokenize: (text: string) => text.split(' '), processTerm: (t: string) => t || null };

export interface IndexOptions {
  /** Folder for index snapshots; none kept when absent. */
  readonly cacheDir?: string;
}

/** How much a match in an entry's names counts against one in the text, for ranking. */
const NAMES_BOOST = 0.6;

export class FactIndex {
  readonly facts: readonly Fact[];
  /** Folded surface words of the whole knowledge base, with how many units use each: the typo corrector's vocabulary. */
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Positions of each entry's facts in `facts`. */
  readonly entryFacts: ReadonlyMap<string, readonly number[]>;
  /** Every stem of every fact of an entry: what the knowledge base knows about that topic as a whole. */
  readonly entryTerms: ReadonlyMap<string, ReadonlySet<string>>;
  readonly #units: readonly Unit[];
  readonly #df: ReadonlyMap<string, number>;
  readonly #search: MiniSearch<{ id: number; text: string; names: string }>;
  readonly #factTerms = new Map<number, FactTerms>();
  readonly #paragraphTerms: Map<string, ReadonlySet<string>>;

  /** Builds the index in one go: for tools and tests, and for a process's first load. */
  constructor(kb: KnowledgeBase, options: IndexOptions = {}, parts?: IndexParts) {
    const built = parts ?? drain(indexParts(kb, options));
    this.facts = built.facts;
    this.vocabulary = built.vocabulary;
    this.entryFacts = built.entryFacts;
    this.entryTerms = built.entryTerms;
    this.#units = built.units;
    this.#df = built.df;
    this.#search = built.search;
    this.#paragraphTerms = built.paragraphTerms;
  }

  /** Builds the index in slices, giving the event loop back between them: a reload does not stall the answers in flight. */
  static async build(kb: KnowledgeBase, options: IndexOptions = {}): Promise<FactIndex> {
    const steps = indexParts(kb, options);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return new FactIndex(kb, options, step.value);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Vocabulary words that may be a few edits from `word`: those of a length
   * within `budget` that share its first letter or its last two (typos rarely
   * change both ends). Bounded by the size of one bucket, not the corpus.
   */
  spellingNeighbours(word: string, budget: number, longer = false): [string, number][] {
    if (!this.#byEnds) {
      this.#byEnds = new Map();
      for (const [w, count] of this.vocabulary) {
        for (const key of [`^${w[0]}${w.length}`, `$${w.slice(-2)}${w.length}`]) {
          const list = this.#byEnds.get(key) ?? [];
          list.push([w, count]);
          this.#byEnds.set(key, list);
        }
      }
    }
    const out = new Map<string, number>();
    // `longer`: every word that starts like this one, whatever its length (for clipped words).
    for (let length = word.length - budget; length <= (longer ? 40 : word.length + budget); length++) {
      for (const key of [`^${word[0]}${length}`, `$${word.slice(-2)}${length}`]) for (const [w, count] of this.#byEnds.get(key) ?? []) out.set(w, count);
    }
    return [...out];
  }

  #byEnds: Map<string, [string, number][]> | undefined;

  /** Units holding this stem. */
  documentFrequency(term: string): number {
    return this.#df.get(term) ?? 0;
  }

  /** BM25's inverse document frequency of a stem held by `df` units; near 0 for one every unit has. */
  idf(df: number): number {
    const n = this.#units.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The idf of a stem no unit holds: the most a word can weigh. */
  get maxIdf(): number {
    return this.idf(0);
  }

  /**
   * The facts of the `limit` best units for weighted stems (BM25, each stem
   * boosted by its weight): candidates to judge, never the whole corpus.
   */
  search(weights: ReadonlyMap<string, number>, limit: number): number[] {
    const terms = [...weights.keys()].filter((t) => this.#df.has(t));
    if (terms.length === 0) return [];
    const hits = this.#search.search(terms.join(' '), {
      combineWith: 'OR',
      boost: { names: NAMES_BOOST },
      boostTerm: (term) => weights.get(term) ?? 1,
    });
    return hits.slice(0, limit).flatMap((h) => this.#units[h.id as number]!.facts);
  }

  /** A sentence's paragraph terms (shared by its sentences), or a curated fact's quoted words. */
  #contextTerms(fact: Fact): ReadonlySet<string> {
    if (!fact.paragraphKey) return new Set(stemsOf(fact.context));
    let terms = this.#paragraphTerms.get(fact.paragraphKey);
    if (!terms) this.#paragraphTerms.set(fact.paragraphKey, (terms = new Set(stemsOf(fact.context))));
    return terms;
  }

  /** The stems of a fact, by field; computed the first time a fact is judged. */
  termsOf(factIndex: number): FactTerms {
    let terms = this.#factTerms.get(factIndex);
    if (!terms) {
      const fact = this.facts[factIndex]!;
      terms = {
        text: new Set(stemsOf(fact.text)),
        names: new Set(stemsOf(fact.names)),
        context: this.#contextTerms(fact),
        phrases: { text: stemSequence(fact.text), names: stemSequence(fact.names), context: stemSequence(fact.context) },
      };
      this.#factTerms.set(factIndex, terms);
    }
    return terms;
  }
}

/** What building the index computes. */
interface IndexParts {
  readonly facts: readonly Fact[];
  readonly vocabulary: Map<string, number>;
  readonly entryFacts: Map<string, number[]>;
  readonly entryTerms: Map<string, Set<string>>;
  readonly units: Unit[];
  readonly df: Map<string, number>;
  readonly search: MiniSearch<{ id: number; text: string; names: string }>;
  readonly paragraphTerms: Map<string, ReadonlySet<string>>;
}

/** Units per slice of an incremental build. */
const SLICE = 500;

function drain<T>(steps: Generator<void, T>): T {
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * The index, built in slices (a `yield` between them): facts, units (one per
 * curated fact, one per paragraph), stems, document frequencies and the BM25
 * index — or, when a snapshot of this knowledge base's version exists, those
 * read back from it.
 */
function* indexParts(kb: KnowledgeBase, options: IndexOptions): Generator<void, IndexParts> {
  const facts = factsOf(kb);
  const vocabulary = new Map<string, number>();
  const docs: { id: number; text: string; names: string }[] = [];
  const byParagraph = new Map<string, number[]>();
  const entryFacts = new Map<string, number[]>();
  const entryTerms = new Map<string, Set<string>>();
  const units: Unit[] = [];
  const df = new Map<string, number>();
  const paragraphTerms = new Map<string, ReadonlySet<string>>();
  facts.forEach((fact, i) => {
    if (fact.entry) entryFacts.set(fact.entry.id, [...(entryFacts.get(fact.entry.id) ?? []), i]);
    if (fact.paragraphKey) {
      const list = byParagraph.get(fact.paragraphKey);
      if (list) list.push(i);
      else byParagraph.set(fact.paragraphKey, [i]);
    }
  });
  const unitFacts: number[][] = [];
  const seenParagraph = new Set<string>();
  facts.forEach((fact, i) => {
    if (!fact.paragraphKey) unitFacts.push([i]);
    else if (!seenParagraph.has(fact.paragraphKey)) {
      seenParagraph.add(fact.paragraphKey);
      unitFacts.push(byParagraph.get(fact.paragraphKey)!);
    }
  });
  const snapshotFile = options.cacheDir ? path.join(options.cacheDir, `index-${kb.version}-${SNAPSHOT_FORMAT}.json`) : undefined;
  const snapshot = snapshotFile ? readSnapshot(snapshotFile, unitFacts.length) : undefined;
  for (const [n, members] of unitFacts.entries()) {
    if (n > 0 && n % SLICE === 0) yield;
    const first = facts[members[0]!]!;
    units.push({ facts: members });
    // The entries' own terms are always computed (curated facts are few); paragraphs only when there is no snapshot.
    if (snapshot && !first.entry) continue;
    const body = first.paragraphKey ? first.context : `${first.text} ${first.context}`;
    const bodyStems = stemsOf(body, snapshot ? undefined : vocabulary);
    const nameStems = stemsOf(first.names, snapshot ? undefined : vocabulary);
    const terms = new Set([...bodyStems, ...nameStems]);
    if (first.entry) {
      let set = entryTerms.get(first.entry.id);
      if (!set) entryTerms.set(first.entry.id, (set = new Set()));
      for (const t of terms) set.add(t);
    }
    if (snapshot) continue;
    for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
    if (first.paragraphKey) paragraphTerms.set(first.paragraphKey, new Set(bodyStems));
    docs.push({ id: units.length - 1, text: bodyStems.join(' '), names: nameStems.join(' ') });
  }
  let search: MiniSearch<{ id: number; text: string; names: string }>;
  if (snapshot) {
    search = MiniSearch.loadJSON(snapshot.search, SEARCH_OPTIONS);
    for (const [t, n] of snapshot.df) df.set(t, n);
    for (const [w, n] of snapshot.vocabulary) vocabulary.set(w, n);
  } else {
    search = new MiniSearch(SEARCH_OPTIONS);
    for (let i = 0; i < docs.length; i += SLICE) {
      search.addAll(docs.slice(i, i + SLICE));
      if (i + SLICE < docs.length) yield;
    }
    for (const g of kb.glossary) for (const name of [g.name, ...g.aliases]) for (const w of words(name)) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
    if (snapshotFile) writeSnapshot(snapshotFile, { format: SNAPSHOT_FORMAT, units: unitFacts.length, search: JSON.stringify(search), df: [...df], vocabulary: [...vocabulary] });
  }
  return { facts, vocabulary, entryFacts, entryTerms, units, df, search, paragraphTerms };
}

function readSnapshot(file: string, units: number): Snapshot | undefined {
  try {
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    return snapshot.format === SNAPSHOT_FORMAT && snapshot.units === units ? snapshot : undefined;
  } catch {
    // None yet, or unreadable: the index is built from the text, and the snapshot written again.
    return undefined;
  }
}

function writeSnapshot(file: string, snapshot: Snapshot): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    // Written whole under another name, then renamed: a reader never sees half a snapshot.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(snapshot));
    renameSync(partial, file);
  } catch {
    // A cache that cannot be written costs the next start its build time, nothing else.
  }
}

const stemCache = new Map<string, string>();

/**
 * Stems of a text for matching: each word's stem, the positive form of a
 * "non-" word ("nonbinding" also answers to "binding"), and date tokens for
 * every full date written in it.
 */
export function stemsOf(text: string, vocabulary?: Map<string, number>): string[] {
  const out = new Set<string>();
  for (const w of words(text)) {
    vocabulary?.set(w, (vocabulary.get(w) ?? 0) + 1);
    let s = stemCache.get(w);
    if (s === undefined) {
      s = stem(w);
      if (stemCache.size < 200_000) stemCache.set(w, s);
    }
    out.add(s);
    if (w.startsWith('non') && w.length > 6) out.add(stem(w.slice(3)));
  }
  // Only a text with a year or a month name can hold a date.
  if (/\d/.test(text) && MAY_HOLD_DATE.test(text)) {
    for (const mention of datesIn(text)) {
      if (mention.date) out.add(dateTokens(mention.date).full);
      out.add(`md${mention.monthDay}`);
    }
  }
  return [...out];
}

/** " us eu memorandum understand ": content-word stems in order, for matching a name as a phrase rather than as scattered words. */
export function stemSequence(text: string): string {
  return ` ${words(text)
    .filter((w) => !STOPWORDS.has(w) || w === 'us')
    .map(stem)
    .join(' ')} `;
}

const MAY_HOLD_DATE = /\d{4}-\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;
