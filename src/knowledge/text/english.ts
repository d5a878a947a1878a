import v8 from 'node:v8';
import { loadWordFrequencies } from '../language/packages.ts';
import { sharedValue, shareWords, type SharedWords } from '../language/shared-words.ts';
import { packTable, valueOf, type PackedWords } from './packed.ts';

/**
 * How common an English word is, from SUBTLEX-US (74,286 words by frequency in
 * subtitles). Two uses: a word people use every day is not a typo to correct,
 * and a question word the sources never use weighs more the rarer it is
 * ("lithium" says more about the question than "started").
 */
let ranks: Map<string, number> | undefined;

function buildRanks(): Map<string, number> {
  const built = new Map<string, number>();
  loadWordFrequencies().forEach((entry, i) => {
    const w = entry.word.toLowerCase();
    if (!built.has(w)) built.set(w, i + 1);
  });
  return built;
}

const table = (): Map<string, number> => (ranks ??= buildRanks());

// In a start-up snapshot (`src/snapshot/`), packed: 3 objects instead of 74,000 strings and a hash table.
let packed: PackedWords | undefined;
if (v8.startupSnapshot.isBuildingSnapshot()) {
  v8.startupSnapshot.addSerializeCallback(() => {
    if (ranks) packed = packTable(ranks);
    ranks = undefined;
  });
}

// In an answering thread (`src/answering/`), the one copy all threads share: the map was about 5.6 MB of each thread's live heap, and about 13 MB of garbage while built.
let shared: SharedWords | undefined;

/** The table in shared memory, for the answering threads; built without keeping a copy here (`language/shared.ts` builds it in a thread that then ends). */
export const shareEnglishRanks = (): SharedWords => shareWords(buildRanks());

/** Makes `englishRank` read `words`, a table from `shareEnglishRanks` (and lets go of this thread's own copy, if it built one). */
export function useSharedEnglishRanks(words: SharedWords): void {
  shared = words;
  ranks = undefined;
}

/** 1 for the most common word; undefined for words outside the list. */
export function englishRank(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (shared) return sharedValue(shared, lower);
  return packed ? valueOf(packed, lower) : table().get(lower);
}

/** The whole table (for the tests that packing and sharing keep every rank). */
export const englishRanks = (): ReadonlyMap<string, number> => table();
