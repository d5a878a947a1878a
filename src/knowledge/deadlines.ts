import type { DeadlineStatus, DeadlineView } from '../core/reply.ts';
import { daysBetween, type IsoDate } from '../core/dates.ts';
import { capitalise, lowerFirst } from './answer/format.ts';
import { formatDuration } from './durations.ts';
import type { Deadline, Development, KnowledgeBase } from './model.ts';

/** Where a date stands relative to today. */
export function deadlineStatus(date: IsoDate, today: IsoDate): DeadlineStatus {
  const days = daysBetween(today, date);
  if (days > 0) return { state: 'upcoming', days, text: `upcoming in ${days} day${days === 1 ? '' : 's'}` };
  if (days === 0) return { state: 'today', days: 0, text: 'due today' };
  return { state: 'passed', days: -days, text: `passed ${-days} day${days === -1 ? '' : 's'} ago` };
}

/** Kinds that settle a deadline for good: its status is what happened, and no reminder goes out for it any more. */
export const SETTLING_KINDS: ReadonlySet<Development['kind']> = new Set(['concluded', 'signed', 'met', 'missed', 'superseded', 'withdrawn']);

/** Whether a development decided the deadline for good (concluded, met, missed, withdrawn…), so no reminder is due. */
export function settled(d: Deadline): boolean {
  return d.development !== undefined && SETTLING_KINDS.has(d.development.kind);
}

/**
 * Where a deadline stands today: decided by its latest development when one
 * is recorded ("concluded on 2026-03-20 (European Commission, 2026-03-21)"),
 * else by its date (an extension's new date, said so).
 */
export function currentStatus(d: Deadline, today: IsoDate): DeadlineStatus {
  const dev = d.development;
  if (dev && SETTLING_KINDS.has(dev.kind)) return { state: 'settled', days: Math.max(0, daysBetween(dev.date, today)), text: `${developmentPhrase(dev)} (${reportedBy(dev)})` };
  const status = deadlineStatus(d.date, today);
  return dev?.kind === 'extended' ? { ...status, text: `${status.text}, extended to ${dev.to} (${reportedBy(dev)})` } : status;
}

/** "concluded on 2026-03-20", "extended to 2026-06-30 on 2026-04-01", "superseded by X on …". */
export function developmentPhrase(dev: Development): string {
  switch (dev.kind) {
    case 'extended':
      return `extended to ${dev.to} on ${dev.date}`;
    case 'superseded':
      return `superseded by the ${dev.by?.name ?? 'another entry'} on ${dev.date}`;
    case 'missed':
      return `missed (recorded on ${dev.date})`;
    case 'other':
      return `update of ${dev.date}`;
    default:
      return `${dev.kind} on ${dev.date}`;
  }
}

/** "European Commission, 2026-03-21": who reported a development, and when. */
export function reportedBy(dev: Development): string {
  const c = dev.citations[0];
  return c ? `${c.publisher}, ${c.published}` : 'recorded';
}

/** How the sources' date was computed: "60 days ("60-day negotiation window") counted from the Critical Minerals Ministerial (2026-02-04); …". */
export function counting(d: Deadline): string {
  const anchor = `${d.countedFrom.name} (${d.countedFrom.date}${d.countedFrom.precision === 'estimated' ? ', estimated' : ''})`;
  const assumption = d.assumption ? `; ${lowerFirst(d.assumption).replace(/[.\s]+$/, '')}` : '';
  const disputed = d.countedFrom.disputed ? '; sources disagree on that date, this counts from the newest source\'s' : '';
  return `${formatDuration(d.duration)} ("${d.phrase}") counted from the ${anchor}${assumption}${disputed}`;
}

/** How the date came to be: its latest development first, when there is one, then how the sources' date was computed. */
export function computation(d: Deadline): string {
  const counted = counting(d);
  const dev = d.development;
  if (!dev) return counted;
  // What happened leads; how the original date was computed follows.
  const first = `first due ${d.computed.date}${d.computed.precision === 'estimated' ? ' (estimated)' : ''}: ${counted}`;
  return `${capitalise(developmentPhrase(dev))} (${reportedBy(dev)}): ${dev.text.replace(/[.\s]+$/, '')}; ${first}`;
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
    status: currentStatus(d, today),
    // The development's source first: it is what the status now rests on.
    citations: [...(d.development?.citations ?? []), ...d.citations],
  };
}

/** The caveat every time-dependent answer carries: how old the newest source is, so nothing later is read into it. */
export function asOfNote(kb: KnowledgeBase): string {
  return `As of the newest source, ${kb.asOf}; nothing later is recorded.`;
}
