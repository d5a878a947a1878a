/**
 * Dates, in UTC so that a date never shifts with the machine's time zone.
 * One strict reader for every date a person types: `POLICYBOT_NOW`, each
 * command-line flag and each curated date go through `parseIsoDate` or
 * `parseInstant`, so 2026-02-30 is refused everywhere rather than rolled
 * over to March 2 by `Date.parse` in some places.
 */

export type IsoDate = string & { readonly __isoDate: unique symbol };

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD, or undefined (2026-02-30 and 2026-13-01 are not dates). */
export function parseIsoDate(text: string): IsoDate | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return text as IsoDate;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/**
 * A real date (YYYY-MM-DD, the start of that day in UTC) or a real instant
 * (2026-11-28T09:00:00Z; without a zone, UTC), or undefined. Every field is
 * checked for range: nothing rolls over into the next day or month.
 */
export function parseInstant(text: string): Date | undefined {
  const m = INSTANT.exec(text.trim());
  if (!m) return undefined;
  const day = parseIsoDate(m[1]!);
  if (!day) return undefined;
  const [hours, minutes, seconds] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return undefined;
  const zone = m[6] === undefined || m[6] === 'Z' ? 'Z' : `${m[6].slice(0, 3)}:${m[8]}`;
  const instant = new Date(`${day}T${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}${(m[5] ?? '').slice(0, 4)}${zone}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** How sure a date is: stated or computed exactly, or estimated (a week, an assumed anchor). */
export type Precision = 'exact' | 'estimated';

export function isoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10) as IsoDate;
}

function toUtc(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

/** Adds calendar months; a day that does not exist in the target month becomes that month's last day (Jan 31 + 1 month = Feb 28 or 29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const d = toUtc(date);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return isoDate(target);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/** Monday of the ISO week holding `date`. */
export function startOfWeek(date: IsoDate): IsoDate {
  const weekday = (toUtc(date).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "March 6, 2026": for people; the ISO form stays beside it for machines. */
export function longDate(date: IsoDate): string {
  const d = toUtc(date);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** Seconds since the epoch at the start of the day (UTC), for platforms that render timestamps in each reader's locale. */
export function unixSeconds(date: IsoDate): number {
  return Math.floor(toUtc(date).getTime() / 1000);
}
