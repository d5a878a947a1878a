/**
 * A word → number table in shared memory, for the answering threads
 * (`src/answering/`) to read one copy of instead of each building its own.
 * A language table as a JavaScript object is hundreds of thousands of strings
 * and a hash table in every thread's heap; here it is three typed arrays over
 * `SharedArrayBuffer`s, built once and handed to the threads in `workerData`
 * (structured cloning shares such memory, it does not copy it). The words are
 * kept as UTF-16 code units, JavaScript's own order, so a look-up is a binary
 * search that compares a word's `charCodeAt` in place and makes no string.
 */
export interface SharedWords {
  /** The words' UTF-16 code units, one word after another, in sorted order. */
  readonly units: Uint16Array;
  /** Where each word starts in `units`, and (last) where the last one ends. */
  readonly starts: Uint32Array;
  /** Each word's number, in the words' order. */
  readonly values: Uint32Array;
}

/** Packs `table` into shared memory. Values must be whole numbers from 0 to 2^32 − 1. */
export function shareWords(table: ReadonlyMap<string, number>): SharedWords {
  const words = [...table.keys()].sort();
  const size = words.reduce((sum, w) => sum + w.length, 0);
  const units = new Uint16Array(new SharedArrayBuffer(2 * size));
  const starts = new Uint32Array(new SharedArrayBuffer(4 * (words.length + 1)));
  const values = new Uint32Array(new SharedArrayBuffer(4 * words.length));
  let at = 0;
  words.forEach((word, i) => {
    starts[i] = at;
    values[i] = table.get(word)!;
    for (let c = 0; c < word.length; c++) units[at++] = word.charCodeAt(c);
  });
  starts[words.length] = at;
  return { units, starts, values };
}

/** The number of `word`, or undefined when the table does not hold it. */
export function sharedValue(table: SharedWords, word: string): number | undefined {
  const { units, starts } = table;
  let lo = 0;
  let hi = table.values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const start = starts[mid]!;
    const length = starts[mid + 1]! - start;
    // Negative when the table's word sorts before `word`.
    let cmp = 0;
    for (let i = 0; cmp === 0 && i < length && i < word.length; i++) cmp = units[start + i]! - word.charCodeAt(i);
    if (cmp === 0) cmp = length - word.length;
    if (cmp === 0) return table.values[mid];
    if (cmp < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
