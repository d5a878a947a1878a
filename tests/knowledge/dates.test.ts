import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { addDays, addMonths, daysBetween, parseInstant, parseIsoDate, startOfWeek, type IsoDate } from '../../src/core/dates.ts';
import { deadlineStatus } from '../../src/knowledge/deadlines.ts';
import { addDuration, parseDuration, parseRelativeDay } from '../../src/knowledge/durations.ts';

const d = (s: string) => {
  const date = parseIsoDate(s);
  if (!date) throw new Error(`bad test date ${s}`);
  return date;
};

describe('calendar arithmetic', () => {
  it('rejects dates that do not exist', () => {
    expect(parseIsoDate('2026-02-29')).toBeUndefined();
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2026-13-01')).toBeUndefined();
    expect(parseIsoDate('2026-2-1')).toBeUndefined();
  });

  it('reads instants as strictly as dates: every field in range, nothing rolled over', () => {
    expect(parseInstant('2026-11-28')?.toISOString()).toBe('2026-11-28T00:00:00.000Z');
    expect(parseInstant('2026-11-28T09:30:00+01:00')?.toISOString()).toBe('2026-11-28T08:30:00.000Z');
    expect(parseInstant('2026-11-28T09:30Z')?.toISOString()).toBe('2026-11-28T09:30:00.000Z');
    for (const bad of ['2026-02-30', '2026-13-01', '2026-11-28T24:00:00Z', '2026-11-28T09:60Z', '2026-11-28T09:00+25:00', 'tomorrow', '2026-11-28 09:00', '']) {
      expect(parseInstant(bad), bad).toBeUndefined();
    }
    expect(() => fixedClock('2026-02-30')).toThrow(/not a real date/);
  });

  it('adds days across month and year ends, and across February in leap and common years', () => {
    expect(addDays(d('2026-02-04'), 30)).toBe('2026-03-06');
    expect(addDays(d('2026-02-04'), 60)).toBe('2026-04-05');
    expect(addDays(d('2024-02-04'), 30)).toBe('2024-03-05'); // 2024 has a Feb 29
    expect(addDays(d('2026-12-20'), 15)).toBe('2027-01-04');
    expect(addDays(d('2026-03-01'), -1)).toBe('2026-02-28');
    expect(addDays(d('2024-03-01'), -1)).toBe('2024-02-29');
  });

  it('adds months, clamping to the end of a shorter month', () => {
    expect(addMonths(d('2026-02-04'), 6)).toBe('2026-08-04');
    expect(addMonths(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonths(d('2024-01-31'), 1)).toBe('2024-02-29');
    expect(addMonths(d('2026-08-31'), 1)).toBe('2026-09-30');
    expect(addMonths(d('2024-02-29'), 12)).toBe('2025-02-28');
    expect(addMonths(d('2026-11-30'), 3)).toBe('2027-02-28');
    expect(addMonths(d('2026-05-31'), -3)).toBe('2026-02-28');
  });

  it('counts whole days between dates, negative when going back', () => {
    expect(daysBetween(d('2026-02-04'), d('2026-03-06'))).toBe(30);
    expect(daysBetween(d('2026-11-28'), d('2026-03-06'))).toBe(-267);
    expect(daysBetween(d('2024-02-28'), d('2024-03-01'))).toBe(2);
    expect(daysBetween(d('2025-02-28'), d('2025-03-01'))).toBe(1);
  });

  it('finds the Monday of a week', () => {
    expect(startOfWeek(d('2026-02-05'))).toBe('2026-02-02'); // a Thursday
    expect(startOfWeek(d('2026-02-02'))).toBe('2026-02-02');
    expect(startOfWeek(d('2026-02-08'))).toBe('2026-02-02'); // a Sunday
  });
});

describe('reading periods from the sources’ words', () => {
  it.each([
    ['Within the next 30 days', { amount: 30, unit: 'day' }],
    ['a 60-day negotiation window', { amount: 60, unit: 'day' }],
    ['60‑day window', { amount: 60, unit: 'day' }], // non-breaking hyphen, as pasted from the web
    ['within 6 months', { amount: 6, unit: 'month' }],
    ['within sixty days', { amount: 60, unit: 'day' }],
    ['within two weeks', { amount: 2, unit: 'week' }],
    ['within a year', { amount: 1, unit: 'year' }],
  ])('%s', (phrase, expected) => {
    expect(parseDuration(phrase)).toEqual(expected);
  });

  it('gives nothing for words that set no period', () => {
    expect(parseDuration('negotiation window')).toBeUndefined();
    expect(parseDuration('the 54 countries in attendance')).toBeUndefined();
  });

  it('adds periods of each unit', () => {
    expect(addDuration(d('2026-02-04'), { amount: 2, unit: 'week' })).toBe('2026-02-18');
    expect(addDuration(d('2024-02-29'), { amount: 1, unit: 'year' })).toBe('2025-02-28');
  });

  it('dates events the source gives relative to its own publication', () => {
    expect(parseRelativeDay("Yesterday's ministerial meeting", d('2026-02-05'))).toMatchObject({ date: '2026-02-04', precision: 'exact' });
    expect(parseRelativeDay('Yesterday’s meeting', d('2026-03-01'))).toMatchObject({ date: '2026-02-28' });
    expect(parseRelativeDay('this week saw the announcement', d('2026-02-05'))).toMatchObject({ date: '2026-02-02', precision: 'estimated' });
    expect(parseRelativeDay('three days ago', d('2026-02-05'))).toMatchObject({ date: '2026-02-02' });
    expect(parseRelativeDay('recently', d('2026-02-05'))).toBeUndefined();
  });
});

describe('deadline status relative to today', () => {
  const due = d('2026-03-06');
  it.each<[string, IsoDate, object]>([
    ['a day before', d('2026-03-05'), { state: 'upcoming', days: 1, text: 'upcoming in 1 day' }],
    ['weeks before', d('2026-02-10'), { state: 'upcoming', days: 24, text: 'upcoming in 24 days' }],
    ['on the day', d('2026-03-06'), { state: 'today', days: 0, text: 'due today' }],
    ['a day after', d('2026-03-07'), { state: 'passed', days: 1, text: 'passed 1 day ago' }],
    ['on 2026-11-28', d('2026-11-28'), { state: 'passed', days: 267, text: 'passed 267 days ago' }],
  ])('%s', (_label, today, expected) => {
    expect(deadlineStatus(due, today)).toEqual(expected);
  });
});
