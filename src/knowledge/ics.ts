import ical, { ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';
import { addDays } from '../core/dates.ts';
import type { DeadlineView } from '../core/reply.ts';

/**
 * Deadlines as an iCalendar file (RFC 5545), written by ical-generator
 * (escaping, 75-octet line folding, CRLF, all-day dates are its job): one
 * all-day event per deadline, its computation and citation in the description.
 */
export function deadlinesCalendar(deadlines: readonly DeadlineView[], options: { now: Date; asOf: string }): string {
  const calendar = ical({ name: 'policybot deadlines', prodId: { company: 'policybot', product: 'deadlines', language: 'EN' }, method: ICalCalendarMethod.PUBLISH, scale: 'GREGORIAN' });
  for (const d of deadlines) {
    const citation = d.citations[0];
    const estimated = d.precision === 'estimated' ? ' (estimated)' : '';
    calendar.createEvent({
      // The deadline's id: a calendar that imports the file again updates the event rather than adding a second.
      id: `${d.id}@policybot`,
      stamp: options.now,
      // All-day dates are written from the UTC date, which is how IsoDate is kept: no time zone can shift them.
      start: new Date(`${d.date}T00:00:00Z`),
      end: new Date(`${addDays(d.date, 1)}T00:00:00Z`),
      allDay: true,
      summary: `${d.label}${estimated}`,
      description: [
        `${d.entryName}: ${d.label}.`,
        `Date ${d.date}${estimated}: ${d.computation}.`,
        ...(citation ? [`Source: "${citation.quote}" (${citation.sourceTitle}, ${citation.publisher}, ${citation.published}, ${citation.locator}${citation.url ? `, ${citation.url}` : ''}).`] : []),
        `As of the newest source, ${options.asOf}; nothing later is recorded.`,
      ].join('\n'),
      ...(citation?.url ? { url: citation.url } : {}),
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendar.toString();
}
