import { stemmer } from 'stemmer';
import { foldText } from './normalize.ts';

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
