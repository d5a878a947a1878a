/**
 * Text normalisation shared by indexing and question analysis, so that both
 * sides of a match see the same characters: curly quotes, dashes and
 * invisible characters never decide whether two words are equal.
 */

/**
 * Invisible characters used to smuggle or disguise text: bidirectional
 * overrides and isolates, zero-width characters, the word joiner family, the
 * byte-order mark, Unicode tag characters (which can spell out hidden
 * instructions to a model), variation selectors, fillers, and lone surrogates.
 */
const INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFF8\u{E0000}-\u{E0FFF}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

export function stripInvisible(text: string): string {
  // Plain ASCII holds none of them: skip the Unicode scan for most text.
  return ASCII.test(text) ? text : text.replace(INVISIBLE, '');
}

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
