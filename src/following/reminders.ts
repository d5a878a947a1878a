import { addDays, daysBetween, isoDate, type IsoDate } from '../core/dates.ts';
import { settled } from '../knowledge/deadlines.ts';
import type { Deadline, KnowledgeBase } from '../knowledge/model.ts';
import { channelKey, type Subscription } from '../store/store.ts';
import { followsEntry } from './scope.ts';

/** A reminder that should go out now: for one channel, one deadline, one offset. */
export interface DueReminder {
  readonly key: string;
  readonly subscription: Subscription;
  readonly deadline: Deadline;
  /** Days before the deadline this reminder is for (0: on the day). */
  readonly offset: number;
  /** The day it falls due. */
  readonly on: IsoDate;
  /** It fell due on an earlier day (the bot was down): it says so. */
  readonly late: boolean;
  /** Earlier reminders for the same deadline and channel that were missed and are now replaced by this one. */
  readonly supersedes: readonly string[];
}

export function reminderKey(subscription: Subscription, deadline: Deadline, offset: number): string {
  // The date is part of the key: if the knowledge base moves a deadline, its reminders are new ones.
  return `reminder:${channelKey(subscription.channel)}:${deadline.id}@${deadline.date}:${offset}`;
}

/**
 * Reminders due today for every deadline still ahead, in every channel that
 * follows deadlines (only its agreements' deadlines, when it names some): each offset's reminder falls due `offset` days before the
 * deadline. A channel gets only reminders falling due on or after the day it
 * subscribed. After downtime only the latest missed reminder of a deadline
 * goes out (marked late), never after the deadline itself has passed. An
 * extended deadline is reminded of at its new date; one a development settled
 * (concluded, met, missed, withdrawn, superseded) no longer is.
 */
export function dueReminders(
  kb: KnowledgeBase,
  subscriptions: readonly Subscription[],
  today: IsoDate,
  offsets: readonly number[],
  alreadyRecorded: (key: string) => boolean,
): DueReminder[] {
  const due: DueReminder[] = [];
  for (const subscription of subscriptions) {
    if (!subscription.topics.includes('deadlines') || subscription.unreachable) continue;
    const since = isoDate(new Date(subscription.since));
    for (const deadline of kb.deadlines) {
      if (!followsEntry(subscription, deadline.entryId)) continue; // the channel follows other agreements
      if (daysBetween(today, deadline.date) < 0) continue; // passed: no reminder, late or not
      if (settled(deadline)) continue; // decided by a development (concluded, withdrawn…): nothing left to remind of
      const candidates = [...new Set(offsets)]
        .map((offset) => ({ offset, on: addDays(deadline.date, -offset), key: reminderKey(subscription, deadline, offset) }))
        .filter((c) => c.on <= today && c.on >= since && !alreadyRecorded(c.key))
        .sort((a, b) => b.on.localeCompare(a.on));
      const [latest, ...missed] = candidates;
      if (!latest) continue;
      due.push({ key: latest.key, subscription, deadline, offset: latest.offset, on: latest.on, late: latest.on < today, supersedes: missed.map((m) => m.key) });
    }
  }
  return due;
}
