import { loadWordFrequencies } from '../language/packages.ts';

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

/** 1 for the most common word; undefined for words outside the list. */
export function englishRank(word: string): number | undefined {
  return table().get(word.toLowerCase());
}
