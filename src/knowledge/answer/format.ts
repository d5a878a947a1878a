import { longDate, type IsoDate } from '../dates.ts';
import type { FigureUnit } from '../curated/schema.ts';

/** "$11.67 billion", "20 percent", "54". */
export function formatValue(value: number, unit: FigureUnit): string {
  if (unit === 'USD') {
    const abs = Math.abs(value);
    if (abs >= 1e9) return `$${trimNumber(value / 1e9)} billion`;
    if (abs >= 1e6) return `$${trimNumber(value / 1e6)} million`;
    return `$${value.toLocaleString('en-US')}`;
  }
  if (unit === 'percent') return `${trimNumber(value)} percent`;
  return trimNumber(value);
}

/** A number to at most two decimals: 11.67, 20, 6. */
export function trimNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** "March 6, 2026 (2026-03-06)": readable, and unambiguous for machines. */
export function bothDates(date: IsoDate): string {
  return `${longDate(date)} (${date})`;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function endSentence(s: string): string {
  const t = s.trim();
  return /[.!?]["”)]?$/.test(t) ? t : `${t}.`;
}

/** "a, b and c" (or "a, b or c"). */
export function listOf(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/** Lower-cases a leading capital of an ordinary word, leaving names and acronyms ("US–EU") as they are. */
export function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}
