/**
 * Invisible characters used to smuggle or disguise text: bidirectional
 * overrides and isolates, zero-width characters, the word joiner family, the
 * byte-order mark, Unicode tag characters (which can spell out hidden
 * instructions to a model), variation selectors, fillers, and lone surrogates.
 * Removed from what people type (`input.ts`) and from what is indexed, alike.
 */
const INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFF8\u{E0000}-\u{E0FFF}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

export function stripInvisible(text: string): string {
  // Plain ASCII holds none of them: skip the Unicode scan for most text.
  return ASCII.test(text) ? text : text.replace(INVISIBLE, '');
}

const ASCII = /^[\x00-\x7F]*$/;
