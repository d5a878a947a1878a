import type { Entry, KnowledgeBase } from './model.ts';
import { STOPWORDS } from './text/lexicon.ts';
import { foldText, squashSpace } from './text/normalize.ts';
import { stem, words } from './text/tokenize.ts';
import { editDistance, typoBudget } from './text/typos.ts';

/**
 * Finding an entry by what a person calls it: its id, name or any alias,
 * tolerating typos, abbreviations and word order ("mexico plan", "MOU",
 * "projct vault").
 */
export type Lookup = { readonly entry: Entry } | { readonly entry?: undefined; readonly suggestions: readonly Entry[] };

export function findEntry(kb: KnowledgeBase, query: string): Lookup {
  const key = squashSpace(foldText(query)).replace(/^the /, '');
  for (const entry of kb.entries) {
    if (entry.id === key || [entry.name, ...entry.aliases].some((n) => squashSpace(foldText(n)) === key)) return { entry };
  }
  const ranked = rankEntries(kb, query);
  const [best, second] = ranked;
  if (best && best.score >= 0.6 && (!second || best.score - second.score >= 0.15)) return { entry: best.entry };
  return { suggestions: ranked.filter((r) => r.score > 0.2).slice(0, 3).map((r) => r.entry) };
}

/** Entries whose names start with or contain what was typed so far, best first: for autocomplete. */
export function suggestEntries(kb: KnowledgeBase, partial: string, limit = 25): Entry[] {
  return suggestNames(kb, partial, limit).map((s) => s.entry);
}

/**
 * The same, each with the alias that matched when its name did not ("US-EU
 * MOU" for "mou"), so that a list of choices can show why it is offered.
 */
export function suggestNames(kb: KnowledgeBase, partial: string, limit = 25): { entry: Entry; alias?: string }[] {
  const typed = squashSpace(foldText(partial));
  if (!typed) return kb.entries.slice(0, limit).map((entry) => ({ entry }));
  const scored = kb.entries
    .map((entry) => {
      const names = [entry.name, ...entry.aliases].map((n) => squashSpace(foldText(n)));
      const starts = (n: string) => n.startsWith(typed) || n.split(' ').some((w) => w.startsWith(typed));
      const prefix = names.some(starts);
      const contains = names.some((n) => n.includes(typed));
      // The name itself holding what was typed needs no alias beside it.
      const matched = names[0]!.includes(typed) ? 0 : prefix ? names.findIndex(starts) : contains ? names.findIndex((n) => n.includes(typed)) : 0;
      return { entry, ...(matched > 0 ? { alias: entry.aliases[matched - 1]! } : {}), score: prefix ? 2 : contains ? 1 : (rankOne(entry, partial) > 0.4 ? 0.5 : 0) };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map(({ entry, alias }) => ({ entry, ...(alias ? { alias } : {}) }));
}

function rankEntries(kb: KnowledgeBase, query: string): { entry: Entry; score: number }[] {
  return kb.entries.map((entry) => ({ entry, score: rankOne(entry, query) })).sort((a, b) => b.score - a.score);
}

/** Share of the query's words found (exactly or within a typo) in the entry's best name. */
function rankOne(entry: Entry, query: string): number {
  const q = contentWords(query);
  if (q.length === 0) return 0;
  let best = 0;
  for (const name of [entry.name, ...entry.aliases, entry.id.replace(/-/g, ' ')]) {
    const n = contentWords(name);
    const hits = q.filter((w) => n.some((x) => stem(x) === stem(w) || editDistance(x, w, typoBudget(w.length)) <= typoBudget(w.length))).length;
    // Coverage of the query, a little of the name: "mexico" prefers the short name that is all Mexico.
    const score = hits / q.length - (n.length > 0 ? 0.05 * (1 - hits / n.length) : 0);
    if (score > best) best = score;
  }
  return best;
}

function contentWords(text: string): string[] {
  return words(text).filter((w) => !STOPWORDS.has(w) || w === 'us');
}
