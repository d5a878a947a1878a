import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * The data file's reader and writer for lowdb: the same file as lowdb's own
 * `JSONFile` writes (`JSON.stringify(data, null, 2)`, byte for byte, written
 * to `.NAME.tmp` beside it and renamed over it, so a reader sees the old file
 * or the new one), but never built in one piece.
 *
 * Why: the bot acknowledges Slack's requests on the thread that writes this
 * file. Under a flood of questions the store rewrites it again and again
 * (declined questions alone keep a thousand records), and `JSONFile` turns the
 * whole store into one string and then one buffer in a single turn of the
 * event loop: 10–30 ms during which no request is acknowledged, measured as
 * the largest cause of slow acknowledgements under load (`npm run bench --
 * --load --cpu-prof`). Here the top-level lists and maps are serialised a few
 * hundred records at a time, and each slice is written before the next is
 * made, so the event loop runs between slices.
 *
 * The store queues its changes, so nothing changes the data while a write is
 * under way (`LowdbStore.change`).
 */
export class SlicedJsonFile<T> implements Adapter<T> {
  readonly #file: string;
  readonly #temporary: string;

  constructor(file: string) {
    this.#file = file;
    this.#temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return JSON.parse(text) as T;
  }

  async write(data: T): Promise<void> {
    const handle = await open(this.#temporary, 'w');
    try {
      for (const slice of jsonSlices(data)) await handle.write(slice, null, 'utf8');
    } finally {
      await handle.close();
    }
    await rename(this.#temporary, this.#file);
  }
}

/** About this many characters per slice: well under a millisecond to make and to encode. */
const SLICE_CHARS = 64 * 1024;

/**
 * `JSON.stringify(value, null, 2)` in slices of about `SLICE_CHARS`, whose
 * concatenation is exactly that string. A plain object's members, and the
 * members of its plain objects and arrays, are stringified one by one (two
 * levels: the store's lists and maps of records); anything deeper, or not
 * plain, is stringified whole by `JSON.stringify` itself.
 */
export function* jsonSlices(value: unknown): Generator<string> {
  let pending = '';
  for (const piece of pieces(value, '', 2)) {
    pending += piece;
    if (pending.length >= SLICE_CHARS) {
      yield pending;
      pending = '';
    }
  }
  if (pending) yield pending;
}

const INDENT = '  ';

/** The text of `value` at `indent`, in pieces; `depth`: how many more levels to take apart. */
function* pieces(value: unknown, indent: string, depth: number): Generator<string> {
  if (depth === 0 || !isPlainContainer(value)) {
    // At `indent` inside the whole document: JSON.stringify's own line breaks, indented as it would have nested them.
    const text = JSON.stringify(value, null, 2);
    yield indent ? text.replaceAll('\n', `\n${indent}`) : text;
    return;
  }
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      // In an array, what JSON cannot hold (undefined, a function) is written as null.
      const member = value[i];
      if (isOmitted(member)) yield 'null';
      else yield* pieces(member, inner, depth - 1);
    }
    yield `\n${indent}]`;
    return;
  }
  // In an object, a member JSON cannot hold is left out, as JSON.stringify leaves it out.
  const members = Object.entries(value).filter(([, member]) => !isOmitted(member));
  if (members.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, member] of members) {
    yield `${first ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* pieces(member, inner, depth - 1);
  }
  yield `\n${indent}}`;
}

/** An array, or an object made by `{}` or `Object.create(null)`, with no `toJSON` of its own: its members are all JSON.stringify looks at. */
function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
