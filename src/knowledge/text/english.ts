import v8 from 'node:v8';
import { loadWordFrequencies } from '../language/packages.ts';
import { packTable, valueOf, type PackedWords } from './packed.ts';

/**
 * How common an English word is, from SUBTLEX-US (74,286 words by frequency in
 * subtitles). Two uses: a word people use every day is not a typo to correct,
 * and a question word the sources never use weighs more the rarer it is
 * ("lithium" says more about the question than "started").
 */
let ranks: Map<string, number> | undefined;

function table(): Map<string, number> {
  if (!ranks) {
    const list = loadWordFrequencies();
    ranks = new Map();
    list.forEach((entry, i) => {
      const w = entry.word.toLowerCase();
      if (!ranks!.has(w)) ranks!.set(w, i + 1);
    });
  }
  return ranks;
}

// In a start-up snapshot (`src/snapshot/`), packed: 3 objects instead of 74,000 strings and a hash table.
let packed: PackedWords | undefined;
if (v8.startupSnapshot.isBuildingSnapshot()) {
  v8.startupSnapshot.addSerializeCallback(() => {
    if (ranks) packed = packTable(ranks);
    ranks = undefined;
  });
}

/** 1 for the most common word; undefined for words outside the list. */
export function englishRank(word: string): number | undefined {
  return packed ? valueOf(packed, word.toLowerCase()) : table().get(word.toLowerCase());
}

/** The whole table (for the test that packing keeps every rank). */
export const englishRanks = (): ReadonlyMap<string, number> => table();
