/**
 * Splits a verbatim source document into paragraphs and sentences. Every piece
 * is an exact substring of the document (offsets included), so a quote cut from
 * it stands verbatim in the source; ids are positional (`p1`, `p2`, …) because
 * seeds are never edited in place: a new version is a new source.
 */

export interface Sentence {
  readonly text: string;
  /** Offset of the sentence in its paragraph's text. */
  readonly start: number;
}

export interface Paragraph {
  /** Stable id within its source: `p` and the paragraph's position, from 1. */
  readonly id: string;
  readonly number: number;
  /** Exact text, a substring of the document. */
  readonly text: string;
  /** Offset of the paragraph in the document. */
  readonly offset: number;
  /** Short lines without a final full stop (titles, section headings). */
  readonly heading: boolean;
  readonly sentences: readonly Sentence[];
}

const BULLET = /^[ \t]*(?:[•‣◦▪\-*]|\d+[.)])[ \t]+/;

export function splitParagraphs(document: string): Paragraph[] {
  const blocks: { text: string; offset: number }[] = [];
  // A paragraph ends at a blank line; a bullet item starts a paragraph of its own.
  const lines = document.split(/(?<=\n)/);
  let offset = 0;
  let current: { start: number; end: number } | undefined;
  const flush = () => {
    if (current) {
      const raw = document.slice(current.start, current.end);
      const lead = raw.length - raw.trimStart().length;
      const text = raw.trim();
      if (text) blocks.push({ text, offset: current.start + lead });
    }
    current = undefined;
  };
  for (const line of lines) {
    const blank = line.trim() === '';
    if (blank) flush();
    else {
      if (current && BULLET.test(line)) flush();
      if (!current) current = { start: offset, end: offset + line.length };
      else current.end = offset + line.length;
    }
    offset += line.length;
  }
  flush();
  return blocks.map((block, i) => ({
    id: `p${i + 1}`,
    number: i + 1,
    text: block.text,
    offset: block.offset,
    heading: isHeading(block.text),
    sentences: splitSentences(block.text),
  }));
}

function isHeading(text: string): boolean {
  return text.length <= 100 && !/[.!?:"”]$/.test(text) && !text.includes('\n');
}

/** Words whose final full stop does not end a sentence. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'mr', 'mrs', 'ms', 'dr', 'st', 'no', 'vs', 'inc', 'corp', 'ltd', 'jr', 'sr', 'approx', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);

/**
 * Sentence boundaries: `.`, `!` or `?` (and any closing quote or bracket), then
 * white space, then something that can open a sentence. Abbreviations such as
 * "U.S." and "e.g." do not end one.
 */
export function splitSentences(paragraph: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const boundary = /[.!?]["”’')\]]*(?=\s+["“‘(]?[A-Z0-9•])/g;
  for (const match of paragraph.matchAll(boundary)) {
    const end = match.index + match[0].length;
    const before = paragraph.slice(start, match.index + 1);
    const lastWord = /([A-Za-z][A-Za-z.]*)\.$/.exec(before)?.[1] ?? '';
    if (match[0].startsWith('.') && isAbbreviation(lastWord)) continue;
    pushSentence(out, paragraph, start, end);
    start = end;
  }
  pushSentence(out, paragraph, start, paragraph.length);
  return out;
}

function isAbbreviation(word: string): boolean {
  if (/^(?:[A-Za-z]\.)*[A-Za-z]$/.test(word)) return true; // U.S, D.C, a single initial
  return ABBREVIATIONS.has(word.toLowerCase());
}

function pushSentence(out: Sentence[], paragraph: string, from: number, to: number): void {
  const raw = paragraph.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (text) out.push({ text, start: from + lead });
}
