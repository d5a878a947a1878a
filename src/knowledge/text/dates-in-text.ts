import { parseIsoDate, type IsoDate } from '../../core/dates.ts';
import { foldText } from './normalize.ts';

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};

const MONTH = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
const PATTERNS: RegExp[] = [
  /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, // 2026-02-04
  new RegExp(`\\b(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'g'), // February 4, 2026
  new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH})\\.?,?\\s+(\\d{4})\\b`, 'g'), // 4 February 2026
  new RegExp(`\\b(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?![,\\s]*\\d{4})`, 'g'), // Feb 4 (no year)
];

export interface DateMention {
  /** Absent when the text gives no year ("Feb 4"). */
  readonly date?: IsoDate;
  /** "02-04". */
  readonly monthDay: string;
  readonly text: string;
}

/** Full dates written in a text, in the forms people and sources use. */
export function datesIn(text: string): DateMention[] {
  const folded = foldText(text);
  const out: DateMention[] = [];
  PATTERNS.forEach((pattern, kind) => {
    for (const m of folded.matchAll(pattern)) {
      let y: number, mo: number, d: number;
      if (kind === 0) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      else if (kind === 1) [y, mo, d] = [Number(m[3]), MONTHS[m[1]!]!, Number(m[2])];
      else if (kind === 2) [y, mo, d] = [Number(m[3]), MONTHS[m[2]!]!, Number(m[1])];
      else [y, mo, d] = [2000, MONTHS[m[1]!]!, Number(m[2])]; // 2000 is a leap year: Feb 29 stays valid
      const monthDay = `${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const iso = parseIsoDate(`${y}-${monthDay}`);
      if (!iso) continue;
      out.push(kind === 3 ? { monthDay, text: m[0] } : { date: iso, monthDay, text: m[0] });
    }
  });
  return out;
}

/** Month names and abbreviations, which the question reader treats as part of a date rather than as topic words. */
export function isMonthWord(word: string): boolean {
  return word in MONTHS;
}

/** The tokens a date becomes in an index, so that "Feb 4 2026" and "Feb 4" meet "2026-02-04". */
export function dateTokens(date: IsoDate): { full: string; monthDay: string } {
  return { full: `d${date}`, monthDay: `md${date.slice(5)}` };
}
