import { isoDate, type IsoDate } from '../core/dates.ts';
import type { Development, Overview } from '../core/overview.ts';
import { deadlineView } from '../knowledge/deadlines.ts';
import { deadlinesCalendar } from '../knowledge/ics.ts';
import type { KnowledgeBase } from '../knowledge/model.ts';
import type { Store } from '../store/store.ts';

/** How many deadlines and developments an overview lists. */
const UPCOMING = 10;
const PASSED = 3;
const DEVELOPMENTS = 5;

/**
 * The overview for one platform (`Bot.overview`): upcoming deadlines from the
 * knowledge base with their status as of `today`, the newest announcements the
 * store recorded (or, before any, the newest dated events of the sources), the
 * platform's subscriptions, and the calendar of every deadline.
 */
export async function buildOverview(kb: KnowledgeBase, store: Store | undefined, platform: string, today: IsoDate, now: Date): Promise<Overview> {
  const views = kb.deadlines.map((d) => deadlineView(d, today)).sort((a, b) => a.date.localeCompare(b.date));
  const upcoming = views.filter((v) => v.status.state !== 'passed');
  const passed = views.filter((v) => v.status.state === 'passed').reverse();

  const announced: Development[] = [...((await store?.announcements()) ?? [])]
    .sort((a, b) => b.at.localeCompare(a.at))
    .flatMap((a) => {
      const entry = kb.entry(a.entryId);
      // An entry announced and since removed is no longer news.
      return entry ? [{ entryName: entry.name, kind: a.change, date: isoDate(new Date(a.at)), text: entry.summary.text }] : [];
    });
  const events: Development[] = kb.entries
    .flatMap((e) => (e.when && e.when.date <= today ? [{ entryName: e.name, kind: 'event' as const, date: e.when.date, text: e.summary.text }] : []))
    .sort((a, b) => b.date.localeCompare(a.date));

  return {
    today,
    asOf: kb.asOf,
    upcoming: upcoming.slice(0, UPCOMING),
    recentlyPassed: upcoming.length === 0 ? passed.slice(0, PASSED) : [],
    developments: (announced.length > 0 ? announced : events).slice(0, DEVELOPMENTS),
    following: store !== undefined,
    subscriptions: ((await store?.subscriptions()) ?? [])
      .filter((s) => s.channel.platform === platform)
      .map((s) => ({
        channelId: s.channel.channelId,
        topics: s.topics,
        since: isoDate(new Date(s.since)),
        ...(s.unreachable ? { unreachableSince: isoDate(new Date(s.unreachable.at)) } : {}),
        ...(s.agreements ? { agreements: s.agreements.map((id) => kb.entry(id)?.name ?? id) } : {}),
      })),
    calendar: { filename: 'policybot-deadlines.ics', contentType: 'text/calendar', content: deadlinesCalendar(views, { now, asOf: kb.asOf }) },
  };
}
