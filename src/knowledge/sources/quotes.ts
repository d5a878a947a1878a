import type { Paragraph } from './paragraphs.ts';

/**
 * Finds an analyst's quote in a paragraph. Typography (curly quotes, dashes),
 * runs of white space and letter case may differ from the source; the span
 * returned is the source's own text, so what the bot shows is always verbatim.
 */
export function locateQuote(paragraph: string, quote: string): { start: number; end: number } | undefined {
  const { folded, origin } = foldWithOrigin(paragraph);
  const needle = foldWithOrigin(quote).folded.trim();
  if (!needle) return undefined;
  const at = folded.indexOf(needle);
  if (at < 0) return undefined;
  const start = origin[at]!;
  const last = origin[at + needle.length - 1]!;
  return { start, end: last + 1 };
}

/** The whole sentence(s) of a paragraph that hold the span: the unit a citation quotes. */
export function sentencesAround(paragraph: Paragraph, span: { start: number; end: number }): string {
  const hit = paragraph.sentences.filter((s) => s.start < span.end && s.start + s.text.length > span.start);
  if (hit.length === 0) return paragraph.text.slice(span.start, span.end);
  const first = hit[0]!;
  const last = hit[hit.length - 1]!;
  return paragraph.text.slice(first.start, last.start + last.text.length);
}

const FOLD: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '`': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
};

function foldWithOrigin(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      if (!inSpace) {
        folded += ' ';
        origin.push(i);
      }
      inSpace = true;
      continue;
    }
    inSpace = false;
    const lower = (FOLD[c] ?? c).toLowerCase();
    // Keep one folded character per source character, so offsets map back.
    folded += lower.length === 1 ? lower : c;
    origin.push(i);
  }
  return { folded, origin };
}
