import { longDate, type IsoDate } from '../dates.ts';
import type { FigureUnit } from '../curated/schema.ts';

/** "$11.67 billion", "20 percent", "54". */
export function formatValue(value: number, unit: FigureUnit): string {
  if (unit === 'USD') {
    const abs = Math.abs(value);
    if (abs >= 1e9) return `$${trim(value / 1e9)} billion`;
    if (abs >= 1e6) return `$${trim(value / 1e6)} million`;
    return `$${value.toLocaleString('en-US')}`;
  }
  if (unit === 'percent') return `${trim(value)} percent`;
  return trim(value);
}

function trim(n: number): string {
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
