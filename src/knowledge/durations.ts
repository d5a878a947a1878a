import { addDays, addMonths, startOfWeek, type IsoDate, type Precision } from '../core/dates.ts';

/**
 * Reads the time expressions sources use ("within the next 30 days",
 * "a 60-day negotiation window", "within 6 months", "yesterday's meeting") and
 * turns them into arithmetic, so that curated deadlines are computed from the
 * source's own words rather than typed in.
 */

export type DurationUnit = 'day' | 'week' | 'month' | 'year';

export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, eighteen: 18, twenty: 20, thirty: 30, forty: 40, 'forty-five': 45,
  fifty: 50, sixty: 60, ninety: 90, hundred: 100, 'a hundred': 100, 'one hundred': 100, 'one-hundred-eighty': 180,
  a: 1, an: 1,
};

const DURATION = /\b(\d+|[a-z]+(?:-[a-z]+)*)[\s-]+(day|week|month|year)s?\b/i;

export function parseDuration(phrase: string): Duration | undefined {
  const m = DURATION.exec(phrase.replace(/[\u2010-\u2015]/g, '-'));
  if (!m) return undefined;
  const raw = m[1]!.toLowerCase();
  const amount = /^\d+$/.test(raw) ? Number(raw) : NUMBER_WORDS[raw];
  if (amount === undefined || amount <= 0) return undefined;
  return { amount, unit: m[2]!.toLowerCase() as DurationUnit };
}

export function addDuration(date: IsoDate, duration: Duration): IsoDate {
  switch (duration.unit) {
    case 'day':
      return addDays(date, duration.amount);
    case 'week':
      return addDays(date, duration.amount * 7);
    case 'month':
      return addMonths(date, duration.amount);
    case 'year':
      return addMonths(date, duration.amount * 12);
  }
}

export function formatDuration(duration: Duration): string {
  return `${duration.amount} ${duration.unit}${duration.amount === 1 ? '' : 's'}`;
}

export type { Precision };

export interface RelativeDate {
  readonly date: IsoDate;
  readonly precision: Precision;
  /** How the date was reached, in words. */
  readonly reading: string;
}

/** Dates a source gives relative to its own publication ("yesterday's meeting", "this week saw"). */
export function parseRelativeDay(phrase: string, reference: IsoDate): RelativeDate | undefined {
  const p = phrase.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  if (/\byesterday\b/.test(p)) return { date: addDays(reference, -1), precision: 'exact', reading: 'the day before publication' };
  if (/\btoday\b/.test(p)) return { date: reference, precision: 'exact', reading: 'the day of publication' };
  if (/\btomorrow\b/.test(p)) return { date: addDays(reference, 1), precision: 'exact', reading: 'the day after publication' };
  if (/\bthis week\b/.test(p)) return { date: startOfWeek(reference), precision: 'estimated', reading: 'the week of publication' };
  if (/\blast week\b/.test(p)) return { date: startOfWeek(addDays(reference, -7)), precision: 'estimated', reading: 'the week before publication' };
  const ago = /\b(\d+|[a-z]+)\s+days?\s+ago\b/.exec(p);
  if (ago) {
    const n = /^\d+$/.test(ago[1]!) ? Number(ago[1]) : NUMBER_WORDS[ago[1]!];
    if (n !== undefined) return { date: addDays(reference, -n), precision: 'exact', reading: `${n} days before publication` };
  }
  return undefined;
}
