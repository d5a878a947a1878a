import v8 from 'node:v8';
import { packIndexOf, packList, packTable, valueOf, wordAt } from '../text/packed.ts';
import { loadWink, type WinkNlp } from './packages.ts';

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
let lexemes: { hash: Record<string, number>; list: string[] } | undefined;

function nlp(): WinkNlp {
  if (!wink) {
    const { winkNLP, model } = loadWink();
    let core: { features: { lexeme: NonNullable<typeof lexemes> } } | undefined;
    // The same model, with a hand on the core model wink reads from it: its words, for a start-up snapshot to pack.
    wink = winkNLP(Object.assign(Object.create(null), model, { core: () => (core = (model.core as () => NonNullable<typeof core>)()) }));
    lexemes = core?.features.lexeme;
  }
  return wink;
}

/**
 * In a start-up snapshot (`src/snapshot/`) the model's 87,000 words would be
 * 87,000 strings and a hash table to wake up; they are packed instead
 * (`text/packed.ts`) behind the same two objects wink keeps: the word list
 * becomes a proxy that reads a word from the packed list (and keeps the words
 * wink adds after), and the hash (whose object wink holds, so it stays) gives
 * up its entries to a proxy in its prototype chain that finds a word's
 * position by binary search; words wink adds land on the hash itself.
 */
function packLexemes(lex: NonNullable<typeof lexemes>): void {
  const words = Object.keys(lex.hash);
  if (Object.getPrototypeOf(lex.hash) !== null) return; // not the model this was written for: left as it is
  const list = packList(lex.list);
  // The hash is the list's index: one copy of the words serves both (or a table of its own, if it ever is not).
  const table = packIndexOf(lex.list, list, lex.hash, words) ?? packTable(new Map(words.map((w) => [w, lex.hash[w]!])));
  const count = lex.list.length;
  const added: string[] = [];
  for (const w of words) delete lex.hash[w];
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
