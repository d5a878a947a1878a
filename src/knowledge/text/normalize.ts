import { stripInvisible } from '../../core/invisible.ts';

/**
 * Text normalisation shared by indexing and question analysis, so that both
 * sides of a match see the same characters: curly quotes, dashes and
 * invisible characters never decide whether two words are equal.
 */

export { stripInvisible };

const ASCII = /^[\x00-\x7F]*$/;

/** Folds typography to ASCII equivalents and lower-cases; keeps word boundaries where they were. */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text.replace(/`/g, "'").toLowerCase();
  return stripInvisible(text)
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032`´]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u00A0/g, ' ')
    .toLowerCase();
}

/** Collapses runs of whitespace; for comparing quotes whose line breaks differ. */
export function squashSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
