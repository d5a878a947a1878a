import type { Subscription } from '../store/store.ts';

/**
 * Whether a channel's subscription covers an entry: one that names
 * agreements follows only those (their reminders, developments and
 * announcements); one that names none follows every entry.
 */
export function followsEntry(subscription: Pick<Subscription, 'agreements'>, entryId: string): boolean {
  return !subscription.agreements || subscription.agreements.includes(entryId);
}
