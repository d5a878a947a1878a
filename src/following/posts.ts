import { reply, type Reply } from '../core/reply.ts';
import { bothDates, capitalise, endSentence } from '../knowledge/answer/format.ts';
import { asOfNote, deadlineView, developmentPhrase, reportedBy } from '../knowledge/deadlines.ts';
import type { IsoDate } from '../core/dates.ts';
import type { Development, Entry, KnowledgeBase } from '../knowledge/model.ts';
import type { AnnouncementRecord } from '../store/store.ts';
import type { DueReminder } from './reminders.ts';

/** A reminder, as the neutral reply every adapter renders: date, how it was computed, citation, the sources' age. */
export function reminderReply(kb: KnowledgeBase, r: DueReminder, today: IsoDate): Reply {
  const view = deadlineView(r.deadline, today);
  const when = r.offset === 0 ? 'today' : `in ${view.status.days} day${view.status.days === 1 ? '' : 's'}`;
  const estimated = r.deadline.precision === 'estimated' ? ' (estimated)' : '';
  const late = r.late ? ` This reminder is late: it fell due on ${r.on}, while the bot was not running.` : '';
  return reply({
    kind: 'info',
    title: `Deadline ${when}: ${r.deadline.label}`,
    text: `${r.deadline.entryName}: ${r.deadline.label}, ${bothDates(r.deadline.date)}${estimated}. Computed as ${view.computation}.${late}`,
    deadlines: [view],
    citations: [...r.deadline.citations, ...r.deadline.countedFrom.citations],
    notes: [asOfNote(kb), 'The sources do not record whether deadlines are met; this is a date reminder only.'],
  });
}

export function announcementReply(kb: KnowledgeBase, a: AnnouncementRecord, entry: Entry, today: IsoDate): Reply {
  return reply({
    kind: 'info',
    title: `${a.change === 'new' ? 'New in the knowledge base' : 'Updated in the knowledge base'}: ${entry.name}`,
    text: entry.summary.text,
    fields: [
      ...(entry.status ? [{ name: 'Status', value: entry.status.text }] : []),
    ],
    deadlines: entry.deadlines.map((d) => deadlineView(d, today)),
    citations: entry.summary.citations,
    notes: [asOfNote(kb)],
  });
}

/**
 * A development, announced once to the channels that follow announcements:
 * what happened, who reported it and when, the deadlines it settles or moves
 * as they now stand, and its citation.
 */
export function developmentReply(kb: KnowledgeBase, development: Development, entry: Entry, today: IsoDate): Reply {
  const deadlines = entry.deadlines.filter((d) => development.deadlineIds.includes(d.id));
  return reply({
    kind: 'info',
    title: `Update on the ${entry.name}`,
    text: `${capitalise(developmentPhrase(development))} (${reportedBy(development)}): ${endSentence(development.text)}`,
    deadlines: deadlines.map((d) => deadlineView(d, today)),
    citations: development.citations,
    notes: [asOfNote(kb)],
  });
}
