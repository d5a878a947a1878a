import type { KnowledgeBase } from '../model.ts';
import { datesIn, dateTokens } from '../text/dates-in-text.ts';
import { stem, words } from '../text/tokenize.ts';
import { factsOf, type Fact } from './facts.ts';

/**
 * A small inverted index over facts. Matching is on stems and on whole
 * concepts (a concept is a word or a name with its alternative spellings), and
 * every fact keeps its stems per field so that the answerer can see which
 * words of a question a fact covers, not only a score.
 */

export type Field = 'text' | 'names' | 'context';

export interface IndexedFact {
  readonly fact: Fact;
  readonly fields: Readonly<Record<Field, ReadonlySet<string>>>;
}

/** Alternatives that mean the same thing; each alternative is a list of stems that must all be present. */
export type Alternatives = readonly (readonly string[])[];

export class FactIndex {
  readonly facts: readonly IndexedFact[];
  /** Folded surface words of the whole knowledge base, with how many facts use each. */
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Every stem of every fact of an entry: what the knowledge base knows about that topic as a whole. */
  readonly entryTerms: ReadonlyMap<string, ReadonlySet<string>>;
  /** Positions of each entry's facts in `facts`. */
  readonly entryFacts: ReadonlyMap<string, readonly number[]>;
  /** The stem of every vocabulary word, computed once (typo correction compares stems). */
  readonly vocabularyStems: ReadonlyMap<string, string>;
  private readonly postings = new Map<string, number[]>();

  constructor(kb: KnowledgeBase) {
    const vocabulary = new Map<string, number>();
    this.facts = factsOf(kb).map((fact, i) => {
      const fields = {
        text: termsOf(fact.text, vocabulary),
        names: termsOf(fact.names, vocabulary),
        context: termsOf(fact.context, vocabulary),
      };
      const seen = new Set<string>([...fields.text, ...fields.names, ...fields.context]);
      for (const s of seen) {
        let list = this.postings.get(s);
        if (!list) this.postings.set(s, (list = []));
        list.push(i);
      }
      return { fact, fields };
    });
    const entryTerms = new Map<string, Set<string>>();
    const entryFacts = new Map<string, number[]>();
    for (const [i, { fact, fields }] of this.facts.entries()) {
      if (!fact.entry) continue;
      entryFacts.set(fact.entry.id, [...(entryFacts.get(fact.entry.id) ?? []), i]);
      let set = entryTerms.get(fact.entry.id);
      if (!set) entryTerms.set(fact.entry.id, (set = new Set()));
      for (const field of [fields.text, fields.names, fields.context]) for (const t of field) set.add(t);
    }
    this.entryTerms = entryTerms;
    this.entryFacts = entryFacts;
    for (const g of kb.glossary) for (const name of [g.name, ...g.aliases]) for (const w of words(name)) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
    this.vocabulary = vocabulary;
    this.vocabularyStems = new Map([...vocabulary.keys()].map((w) => [w, stem(w)]));
  }

  /** Facts holding at least one stem of the alternatives (candidates to score). */
  candidates(alternatives: Alternatives): Set<number> {
    const out = new Set<number>();
    for (const alt of alternatives) {
      const first = alt[0];
      if (first === undefined) continue;
      for (const i of this.postings.get(first) ?? []) out.add(i);
    }
    return out;
  }

  /** Number of facts in which some alternative is wholly present. */
  documentFrequency(alternatives: Alternatives): number {
    let n = 0;
    for (const i of this.candidates(alternatives)) if (matchField(this.facts[i]!, alternatives) !== undefined) n++;
    return n;
  }

  /** Inverse document frequency (BM25's) of a concept held by `df` facts; near 0 for one every fact has. */
  idf(df: number): number {
    const n = this.facts.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The idf a concept would have if no fact held it: the most a concept can weigh. */
  get maxIdf(): number {
    const n = this.facts.length;
    return Math.log(1 + (n + 0.5) / 0.5);
  }
}

/** The best field of a fact in which the concept is wholly present, if any. */
export function matchField(indexed: IndexedFact, alternatives: Alternatives): Field | undefined {
  for (const field of ['text', 'names', 'context'] as const) {
    const set = indexed.fields[field];
    if (alternatives.some((alt) => alt.length > 0 && alt.every((s) => set.has(s)))) return field;
  }
  return undefined;
}

/**
 * Stems of a text for matching: each word's stem, the positive form of a
 * "non-" word ("nonbinding" also answers to "binding"), and date tokens for
 * every full date written in it.
 */
export function termsOf(text: string, vocabulary?: Map<string, number>): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    vocabulary?.set(w, (vocabulary.get(w) ?? 0) + 1);
    out.add(stem(w));
    if (w.startsWith('non') && w.length > 6) out.add(stem(w.slice(3)));
  }
  for (const mention of datesIn(text)) {
    if (mention.date) out.add(dateTokens(mention.date).full);
    out.add(`md${mention.monthDay}`);
  }
  return out;
}
