import { stemmer } from 'stemmer';
import { foldText } from './normalize.ts';

/** One word of a text, as matching sees it. */
export interface Token {
  /** The folded surface form (`exim`, `2026`, `nonbinding`). */
  readonly word: string;
  /** The stem used for matching (`negoti` for negotiating and negotiation). */
  readonly stem: string;
  /** Position in the token stream, for phrase matching. */
  readonly index: number;
}

/**
 * Splits folded text into words. Hyphenated compounds yield their parts
 * (`border-adjusted` → `border`, `adjusted`) and abbreviations lose their dots
 * (`u.s.` → `us`), so that every spelling of a name meets the same tokens.
 */
export function words(text: string): string[] {
  const folded = foldText(text)
    // Dotted abbreviations: U.S. → us, e.g. → eg (before dots become separators).
    .replace(/\b((?:[a-z]\.){2,})/g, (m) => m.replace(/\./g, ''))
    // Possessives carry no meaning for matching.
    .replace(/'s\b/g, '')
    // Thousands separators and decimal points stay inside numbers.
    .replace(/(\d),(?=\d{3}\b)/g, '$1');
  const out: string[] = [];
  for (const match of folded.matchAll(/[a-z0-9]+(?:\.[0-9]+)?/g)) out.push(match[0]);
  return out;
}

export function stem(word: string): string {
  if (/^\d/.test(word)) return word;
  return stemmer(word);
}

export function tokenize(text: string): Token[] {
  return words(text).map((word, index) => ({ word, stem: stem(word), index }));
}

/** Stems of a text, for building indexes. */
export function stems(text: string): string[] {
  return words(text).map(stem);
}
