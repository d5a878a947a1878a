import v8 from 'node:v8';
import { packIndexOf, packList, packTable, valueOf, wordAt, type PackedWords } from '../text/packed.ts';
import { loadWink, loadWinkCoreJson, type WinkNlp } from './packages.ts';

/**
 * Part-of-speech tags and lemmas from wink-nlp and its light English model
 * (about 100 ms to load, so loaded on the first question, not at start).
 * Questions are short: one document a question, nothing over the corpus.
 */
export interface Token {
  /** The token as written. */
  readonly text: string;
  readonly lower: string;
  /** Dictionary form: "leads" → "lead", "was" → "be". */
  readonly lemma: string;
  /** Universal POS tag: NOUN, PROPN, VERB, ADJ, ADV, AUX, DET, PRON, ADP, NUM, PUNCT… */
  readonly pos: string;
  /** wink's token type: word, number, punctuation, currency, symbol, email, url… */
  readonly type: string;
}

let wink: WinkNlp | undefined;
/** The model's words: `hash` gives a word's position in `list`; wink adds the words it meets that are not there to both. */
interface Lexemes {
  hash: Record<string, number>;
  list: string[];
  /** How many words the model has of its own (the words wink adds are numbered after them). */
  intrinsicSize: number;
  index: number;
}
/** The part of wink's core model this module reads or replaces. */
interface CoreModel {
  lexicon: Uint32Array;
  features: { lexeme: Lexemes };
}
let lexemes: Lexemes | undefined;
/** The model's words and lexicon in shared memory (`useSharedTagger`), for a thread that answers in the answering pool. */
let shared: SharedTagger | undefined;

function nlp(): WinkNlp {
  if (!wink) {
    const { winkNLP, model } = loadWink();
    const loadCore = model.core as () => CoreModel;
    let core: CoreModel | undefined;
    // The same model, with a hand on the core model wink reads from it: its words, for a start-up snapshot to pack or shared ones to put in.
    wink = winkNLP(Object.assign(Object.create(null), model, { core: () => (core = shared ? sharedCore(loadCore, shared) : loadCore()) }));
    lexemes = core?.features.lexeme;
  }
  return wink;
}

/** The words packed (`text/packed.ts`): the list by position, and the hash as a table over the same bytes. */
interface PackedLexemes {
  readonly list: PackedWords;
  readonly table: PackedWords;
}

function packedLexemes(lex: Lexemes): PackedLexemes {
  const words = Object.keys(lex.hash);
  const list = packList(lex.list);
  // The hash is the list's index: one copy of the words serves both (or a table of its own, if it ever is not).
  return { list, table: packIndexOf(lex.list, list, lex.hash, words) ?? packTable(new Map(words.map((w) => [w, lex.hash[w]!]))) };
}

/**
 * In a start-up snapshot (`src/snapshot/`) the model's 87,000 words would be
 * 87,000 strings and a hash table to wake up; in every answering thread they
 * were 12 MB of heap each. They are packed instead (`text/packed.ts`) behind
 * the same two objects wink keeps: the word list becomes a proxy that reads a
 * word from the packed list (and keeps the words wink adds after), and the
 * hash (whose object wink holds, so it stays) gives up its entries to a proxy
 * in its prototype chain that finds a word's position by binary search; words
 * wink adds land on the hash itself.
 */
function attachPacked(lex: Lexemes, { list, table }: PackedLexemes): void {
  const count = list.starts.length - 1;
  const added: string[] = [];
  for (const w of Object.keys(lex.hash)) delete lex.hash[w];
  Object.setPrototypeOf(
    lex.hash,
    new Proxy(Object.create(null) as object, {
      get: (_, key) => (typeof key === 'string' ? valueOf(table, key) : undefined),
      has: (_, key) => typeof key === 'string' && valueOf(table, key) !== undefined,
    }),
  );
  lex.list = new Proxy(added, {
    get: (target, key) => {
      if (key === 'length') return count + target.length;
      if (typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key)) {
        const i = Number(key);
        return i < count ? wordAt(list, i) : target[i - count];
      }
      return Reflect.get(target, key, target);
    },
    set: (target, key, value) => {
      if (key === 'length') target.length = Number(value) - count;
      else if (typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key) && Number(key) >= count) target[Number(key) - count] = value as string;
      else return false;
      return true;
    },
  });
}

function packLexemes(lex: Lexemes): void {
  if (Object.getPrototypeOf(lex.hash) !== null) return; // not the model this was written for: left as it is
  attachPacked(lex, packedLexemes(lex));
}

/** The model's words (packed) and its lexicon (the words' features, 1.4 MB), as the answering threads share them. */
export interface SharedTagger {
  readonly words: PackedLexemes;
  readonly lexicon: Uint32Array;
}

/** Loads the model here (in the thread that builds the shared data, once) and packs its words and lexicon into shared memory. */
export function shareTagger(): SharedTagger {
  const core = loadWink().model.core as () => CoreModel;
  const { features, lexicon } = core();
  const copies = new Map<ArrayBufferLike, ArrayBufferLike>();
  // Each array into shared memory; two views of one array (the list's and the table's words) stay one.
  const share = <T extends Uint8Array | Uint32Array>(a: T): T => {
    let buffer = copies.get(a.buffer);
    if (!buffer) {
      buffer = new SharedArrayBuffer(a.buffer.byteLength);
      new Uint8Array(buffer).set(new Uint8Array(a.buffer));
      copies.set(a.buffer, buffer);
    }
    return new (a.constructor as new (b: ArrayBufferLike, offset: number, length: number) => T)(buffer, a.byteOffset, a.length);
  };
  const sharePacked = (p: PackedWords): PackedWords => ({ bytes: share(p.bytes), starts: share(p.starts), values: share(p.values), ...(p.order ? { order: share(p.order) } : {}) });
  const { list, table } = packedLexemes(features.lexeme);
  return { words: { list: sharePacked(list), table: sharePacked(table) }, lexicon: share(lexicon) };
}

/** Makes the tagger of this thread, when it loads, read the model's words and lexicon from `tagger`. */
export function useSharedTagger(tagger: SharedTagger): void {
  shared = tagger;
  wink = undefined;
}

/**
 * wink's core model with the shared words and lexicon. The model package's
 * own copy of them (its JSON, which the package keeps) is emptied before wink
 * builds from it, so this thread neither builds them nor keeps them: they are
 * read from shared memory from then on, and nothing else reads that JSON.
 */
function sharedCore(loadCore: () => CoreModel, tagger: SharedTagger): CoreModel {
  const json = loadWinkCoreJson();
  json.features.lexeme.list = [];
  json.lexicon = '';
  const core = loadCore();
  core.lexicon = tagger.lexicon;
  const lex = core.features.lexeme;
  attachPacked(lex, tagger.words);
  lex.intrinsicSize = lex.index = tagger.words.list.starts.length - 1;
  return core;
}
/** Packs the loaded model's words as a snapshot has them (done by the snapshot builder; exported for the test that tags alike). */
export const packModelWords = (): void => void (lexemes && packLexemes(lexemes));
if (v8.startupSnapshot.isBuildingSnapshot()) v8.startupSnapshot.addSerializeCallback(packModelWords);

export function tag(text: string): Token[] {
  const w = nlp();
  const doc = w.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out(w.its.value);
  const pos = tokens.out(w.its.pos);
  const lemmas = tokens.out(w.its.lemma);
  const types = tokens.out(w.its.type);
  return values.map((value, i) => ({ text: value, lower: value.toLowerCase(), lemma: (lemmas[i] ?? value).toLowerCase(), pos: pos[i] ?? 'X', type: types[i] ?? 'word' }));
}
