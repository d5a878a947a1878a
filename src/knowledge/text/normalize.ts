/**
 * Text normalisation shared by indexing and question analysis, so that both
 * sides of a match see the same characters: curly quotes, dashes and
 * invisible characters never decide whether two words are equal.
 */

/** Bidirectional overrides, zero-width characters and Unicode tag characters: invisible, and used to smuggle text. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]/gu;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Folds typography to ASCII equivalents and lower-cases; keeps word boundaries where they were. */
export function foldText(text: string): string {
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
