import { createHash } from 'node:crypto';
import type { EventCalendar, EventSpec } from '../core/adapter.ts';
import { addDays } from '../core/dates.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { DeadlineView } from '../core/reply.ts';
import { deadlineView } from '../knowledge/deadlines.ts';
import type { KnowledgeBase } from '../knowledge/model.ts';
import { channelKey, type Platform, type Store, type Subscription } from '../store/store.ts';
import { followsEntry } from './scope.ts';

/**
 * Platform events for deadlines (Discord's server events), kept in step with
 * the knowledge base: for every scope (server) with a channel that asked for
 * events, one event per deadline still ahead (of the agreements those channels
 * follow); updated when its date, status
 * or text changes (a development, a reload, the day it falls due); removed
 * when the deadline has passed or left the knowledge base, or when no
 * channel of the scope asks any more.
 *
 * Never twice: every event's id is kept in the store (`EventRecord`), so a
 * restart updates rather than creates; an event created just before a crash
 * that lost its record is found on the platform by its marker and adopted.
 * A failure is logged and left for the next run.
 */

/** Discord's limits, which any platform's events fit: name 100, description 1,000, location 100. */
const NAME = 100;
const DESCRIPTION = 1000;
const LOCATION = 100;

/** Written at the end of every event's description: how a lost event is recognised as this bot's. */
export function eventMarker(deadlineId: string): string {
  return `[policybot deadline ${deadlineId}]`;
}

export async function syncEvents(deps: { store: Store; kb: KnowledgeBase; clock: Clock; log: Logger; platform: Platform; calendar: EventCalendar }): Promise<{ created: number; updated: number; removed: number }> {
  const { store, kb, clock, log, platform, calendar } = deps;
  const today = clock.today();
  const counts = { created: 0, updated: 0, removed: 0 };

  // Per scope, the channels asking for events there: a deadline gets an event when one of them follows its agreement.
  const scopes = new Map<string, Subscription[]>();
  for (const s of await store.subscriptions()) {
    if (s.channel.platform !== platform || !s.events || s.unreachable) continue;
    const scope = await calendar.scopeOf(s.channel.channelId).catch(() => undefined);
    if (scope) scopes.set(scope, [...(scopes.get(scope) ?? []), s]);
    else log.debug('events: no server for this channel; no events kept for it', { channel: channelKey(s.channel) });
  }
  const upcoming = kb.deadlines.map((d) => deadlineView(d, today)).filter((v) => v.status.state !== 'passed');
  const wanted = new Map<string, { scope: string; spec: EventSpec; fingerprint: string }>();
  for (const [scope, subscriptions] of scopes) {
    for (const d of upcoming) {
      if (!subscriptions.some((s) => followsEntry(s, d.entryId))) continue;
      const spec = eventSpec(d, clock.now());
      wanted.set(`${platform}:${scope}:${d.id}`, { scope, spec, fingerprint: fingerprint(d, spec) });
    }
  }

  const records = new Map((await store.eventRecords()).filter((r) => r.platform === platform).map((r) => [r.key, r]));
  for (const [key, want] of wanted) {
    const record = records.get(key);
    try {
      if (record) {
        if (record.fingerprint === want.fingerprint) continue;
        if (await calendar.update(want.scope, record.eventId, want.spec)) {
          await store.putEventRecord({ ...record, fingerprint: want.fingerprint, at: clock.now().toISOString() });
          counts.updated += 1;
          log.info('events: updated', { key, eventId: record.eventId });
          continue;
        }
        // Deleted on the platform by someone: made again below.
      }
      const found = record ? undefined : await calendar.find(want.scope, want.spec.deadlineId);
      const eventId = found ?? (await calendar.create(want.scope, want.spec));
      if (found) await calendar.update(want.scope, found, want.spec);
      await store.putEventRecord({ key, platform, scope: want.scope, deadlineId: want.spec.deadlineId, eventId, fingerprint: want.fingerprint, at: clock.now().toISOString() });
      counts.created += found ? 0 : 1;
      log.info(found ? 'events: adopted an event made before its record was lost' : 'events: created', { key, eventId });
    } catch (error) {
      log.warn('events: could not keep the event for a deadline; tried again on the next run', { key, error: error instanceof Error ? error.message : String(error) });
    }
  }
  for (const [key, record] of records) {
    if (wanted.has(key)) continue;
    try {
      await calendar.remove(record.scope, record.eventId);
      await store.deleteEventRecord(key);
      counts.removed += 1;
      log.info('events: removed', { key, eventId: record.eventId });
    } catch (error) {
      log.warn('events: could not remove an event; tried again on the next run', { key, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return counts;
}

/**
 * The event for a deadline: all of the deadline's day (UTC), or from now when
 * it is today and the day has begun (a platform refuses a start in the past).
 */
export function eventSpec(d: DeadlineView, now: Date): EventSpec {
  const dayStart = new Date(`${d.date}T00:00:00Z`);
  const dayEnd = new Date(`${addDays(d.date, 1)}T00:00:00Z`);
  const soon = new Date(now.getTime() + 5 * 60_000);
  const start = dayStart > soon ? dayStart : soon;
  const end = dayEnd > new Date(start.getTime() + 60 * 60_000) ? dayEnd : new Date(start.getTime() + 60 * 60_000);
  const estimated = d.precision === 'estimated' ? ' (estimated)' : '';
  const marker = eventMarker(d.id);
  const body = [`${d.entryName}: ${d.label}, ${d.date}${estimated}${d.status.state === 'today' ? ', due today' : ''}.`, `Computed as ${d.computation}.`, ...(d.citations[0] ? [`Source: ${d.citations[0].sourceTitle}, ${d.citations[0].publisher}, ${d.citations[0].published}, ${d.citations[0].locator}.`] : []), 'The sources do not record whether deadlines are met.'].join('\n');
  return {
    deadlineId: d.id,
    name: cut(`${d.label}${estimated}`, NAME),
    description: `${cut(body, DESCRIPTION - marker.length - 2)}\n\n${marker}`,
    location: location(d),
    start,
    end,
  };
}

/** The source's address when it fits the platform's 100 characters; otherwise its title and host. */
function location(d: DeadlineView): string {
  const c = d.citations[0];
  if (!c) return cut(d.entryName, LOCATION);
  if (c.url && c.url.length <= LOCATION) return c.url;
  let host = '';
  try {
    host = c.url ? new URL(c.url).host : '';
  } catch {
    host = '';
  }
  const suffix = host ? ` (${host})` : '';
  return `${cut(c.sourceTitle, LOCATION - suffix.length)}${suffix}`;
}

/** What an update is for: the day, the state (upcoming, due today), the words; not the start time, which "from now" moves. */
function fingerprint(d: DeadlineView, spec: EventSpec): string {
  return createHash('sha256').update(JSON.stringify([d.date, d.status.state, spec.name, spec.description, spec.location])).digest('hex').slice(0, 16);
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
