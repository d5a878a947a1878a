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

function nlp(): WinkNlp {
  if (!wink) wink = loadWink();
  return wink;
}

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
