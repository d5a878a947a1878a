/**
 * Large word tables packed into a few objects: the words in one string, with
 * where each starts and its value in typed arrays. A V8 start-up snapshot
 * (`src/snapshot/`) wakes up in time that grows with the number of objects it
 * holds, and a table of 80,000 words is 80,000 strings and a hash table; the
 * snapshot builder packs such tables just before the heap is written, and
 * look-ups become binary searches (or an index) over the packed form.
 */
export interface PackedWords {
  readonly text: string;
  /** Where each word starts in `text`, and where the last ends. */
  readonly starts: Uint32Array;
  /** The value of each word. */
  readonly values: Uint32Array;
}

/** Words in the order given (a list: `wordAt` by position), or sorted (a table: `valueOf` by binary search). */
function pack(words: readonly string[], values: ArrayLike<number>): PackedWords {
  const starts = new Uint32Array(words.length + 1);
  let at = 0;
  words.forEach((w, i) => {
    starts[i] = at;
    at += w.length;
  });
  starts[words.length] = at;
  return { text: words.join(''), starts, values: Uint32Array.from(values) };
}

/** A word → number table, sorted for `valueOf`. Values must be whole numbers from 0 to 2^32 − 1. */
export function packTable(table: ReadonlyMap<string, number>): PackedWords {
  const words = [...table.keys()].sort();
  return pack(words, words.map((w) => table.get(w)!));
}

export function wordAt(packed: PackedWords, i: number): string {
  return packed.text.slice(packed.starts[i], packed.starts[i + 1]);
}

export function valueOf(packed: PackedWords, word: string): number | undefined {
  let lo = 0;
  let hi = packed.values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const w = wordAt(packed, mid);
    if (w === word) return packed.values[mid];
    if (w < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** A list of words, by position. */
export function packList(words: readonly string[]): PackedWords {
  return pack(words, new Uint32Array(words.length));
}
