import type { DeadlineStatus, DeadlineView } from '../core/reply.ts';
import { daysBetween, type IsoDate } from '../core/dates.ts';
import { lowerFirst } from './answer/format.ts';
import { formatDuration } from './durations.ts';
import type { Deadline, KnowledgeBase } from './model.ts';

/** Where a date stands relative to today. */
export function deadlineStatus(date: IsoDate, today: IsoDate): DeadlineStatus {
  const days = daysBetween(today, date);
  if (days > 0) return { state: 'upcoming', days, text: `upcoming in ${days} day${days === 1 ? '' : 's'}` };
  if (days === 0) return { state: 'today', days: 0, text: 'due today' };
  return { state: 'passed', days: -days, text: `passed ${-days} day${days === -1 ? '' : 's'} ago` };
}

/** "60 days after the Critical Minerals Ministerial (2026-02-04, the day before publication (2026-02-05))". */
export function computation(d: Deadline): string {
  const anchor = `${d.countedFrom.name} (${d.countedFrom.date}${d.countedFrom.precision === 'estimated' ? ', estimated' : ''})`;
  const assumption = d.assumption ? `; ${lowerFirst(d.assumption).replace(/[.\s]+$/, '')}` : '';
  const disputed = d.countedFrom.disputed ? '; sources disagree on that date, this counts from the newest source\'s' : '';
  return `${formatDuration(d.duration)} ("${d.phrase}") counted from the ${anchor}${assumption}${disputed}`;
}

export function deadlineView(d: Deadline, today: IsoDate): DeadlineView {
  return {
    id: d.id,
    label: d.label,
    entryId: d.entryId,
    entryName: d.entryName,
    date: d.date,
    precision: d.precision,
    computation: computation(d),
    status: deadlineStatus(d.date, today),
    citations: d.citations,
  };
}

/** The caveat every time-dependent answer carries, so a passed deadline is never read as open or as met. */
export function asOfNote(kb: KnowledgeBase): string {
  return `Sources as of ${kb.asOf}; nothing later is recorded.`;
}
