import { TextDecoder, TextEncoder } from 'node:util';

/**
 * Large word tables packed into a few objects: the words as UTF-8 bytes in
 * one array, with where each starts and its value in typed arrays. A V8
 * start-up snapshot (`src/snapshot/`) wakes up in time that grows with the
 * number of objects it holds and their bytes, and a table of 80,000 words is
 * 80,000 strings and a hash table; the snapshot builder packs such tables
 * just before the heap is written, and look-ups become binary searches (or an
 * index) over the packed form.
 */
export interface PackedWords {
  /** The words' UTF-8 bytes, one after the other. */
  readonly bytes: Uint8Array;
  /** Where each word starts in `bytes`, and where the last ends. */
  readonly starts: Uint32Array;
  /** For a table: each word's value, in sorted order. For a list: empty. */
  readonly values: Uint32Array;
  /** For a table packed over a list's bytes: the list position of each word, in sorted order. */
  readonly order?: Uint32Array;
}

function pack(words: readonly string[], values: Uint32Array): PackedWords {
  const encoder = new TextEncoder();
  const encoded = words.map((w) => encoder.encode(w));
  const starts = new Uint32Array(words.length + 1);
  let at = 0;
  encoded.forEach((b, i) => {
    starts[i] = at;
    at += b.length;
  });
  starts[words.length] = at;
  const bytes = new Uint8Array(at);
  encoded.forEach((b, i) => bytes.set(b, starts[i]));
  return { bytes, starts, values };
}

/** A word → number table, sorted for `valueOf`. Values must be whole numbers from 0 to 2^32 − 1. */
export function packTable(table: ReadonlyMap<string, number>): PackedWords {
  const words = [...table.keys()].sort();
  return pack(words, Uint32Array.from(words, (w) => table.get(w)!));
}

/** A list of words, by position (`wordAt`). */
export function packList(words: readonly string[]): PackedWords {
  return pack(words, new Uint32Array(0));
}

/**
 * The table of a list's words to their positions, over the list's own bytes:
 * for a table that is the list's index (each word's value is where it stands
 * in the list). Undefined when it is not (a word twice, or a value elsewhere).
 */
export function packIndexOf(list: readonly string[], packedList: PackedWords, table: Readonly<Record<string, number>>, words: readonly string[]): PackedWords | undefined {
  if (words.length !== list.length || words.some((w) => list[table[w]!] !== w)) return undefined;
  const order = Uint32Array.from(words.map((w) => table[w]!).sort((a, b) => (list[a]! < list[b]! ? -1 : list[a]! > list[b]! ? 1 : 0)));
  return { ...packedList, order, values: order };
}

// Made on first use, where the snapshot runs: it holds nothing a snapshot should keep.
let decoder: TextDecoder | undefined;
function decode(packed: PackedWords, i: number): string {
  decoder ??= new TextDecoder();
  return decoder.decode(packed.bytes.subarray(packed.starts[i], packed.starts[i + 1]));
}

export function wordAt(packed: PackedWords, i: number): string {
  return decode(packed, i);
}

export function valueOf(packed: PackedWords, word: string): number | undefined {
  let lo = 0;
  let hi = packed.values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const w = decode(packed, packed.order ? packed.order[mid]! : mid);
    if (w === word) return packed.values[mid];
    if (w < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
