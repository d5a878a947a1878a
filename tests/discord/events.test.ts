import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/discord-adapter.ts';
import { isoDate, type IsoDate } from '../../src/core/dates.ts';
import type { Clock } from '../../src/core/clock.ts';
import { Scheduler } from '../../src/following/scheduler.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import type { KnowledgeBase } from '../../src/knowledge/model.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { shippedKnowledgeBase } from '../support/core.ts';
import { logged, startStack, stopAll, type Running } from './harness.ts';

/**
 * `/subscribe events:true` and the server events it keeps, against the Discord
 * stand-in (REST and gateway; it checks events as Discord does: external,
 * guild-only, a location of at most 100 characters, an end time). Shipped
 * deadlines: the US–EU memorandum 2026-03-06, the US–Mexico window
 * 2026-04-05, the 54-country pledge 2026-08-04.
 */

afterEach(stopAll);

const MANAGE_CHANNELS = String(PermissionFlagsBits.ManageChannels);
const MANAGE_BOTH = String(PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageEvents);

function movableClock(day: string): Clock & { set(day: string): void } {
  let now = new Date(`${day}T09:00:00Z`);
  return { now: () => new Date(now), today: () => isoDate(now), set: (d) => void (now = new Date(`${d}T09:00:00Z`)) };
}

const creates = (s: Running) => s.discord.api.find('POST', /^\/guilds\/\d+\/scheduled-events$/);
const updates = (s: Running) => s.discord.api.find('PATCH', /^\/guilds\/\d+\/scheduled-events\/\d+$/);
const deletes = (s: Running) => s.discord.api.find('DELETE', /^\/guilds\/\d+\/scheduled-events\/\d+$/);
const eventNamed = (s: Running, name: RegExp) => [...s.discord.api.scheduledEvents.values()].find((e) => name.test(e.name));

function scheduler(s: Running, clock: Clock, knowledge: KnowledgeHolder = s.knowledge, adapter = s.adapter): Scheduler {
  return new Scheduler({ store: s.store!, knowledge, clock, log: s.log, posters: {}, calendars: { discord: adapter.events! }, reminderDays: [7, 0] });
}

async function subscribeWithEvents(s: Running): Promise<void> {
  const { id } = s.discord.command('subscribe', { topics: 'deadlines', events: true }, { permissions: MANAGE_BOTH });
  const callback = await s.discord.callback(id);
  expect(JSON.stringify(callback.body.data.embeds)).toMatch(/Each upcoming deadline is also kept as a server event/);
}

describe('/subscribe events:true', () => {
  it('is refused to a member without Manage Events, who may manage the channel: nothing is subscribed', async () => {
    const s = await startStack({ store: true, now: '2026-02-27' });
    const { id } = s.discord.command('subscribe', { topics: 'all', events: true }, { permissions: MANAGE_CHANNELS });
    const callback = await s.discord.callback(id);
    expect(callback.body.data.flags).toBe(64);
    expect(callback.body.data.content).toBe('You may not create this server’s events.\nIt needs the Manage Events permission.');
    expect((await s.store!.subscriptions())).toEqual([]);
  });

  it('is registered as a boolean option of /subscribe', async () => {
    const { commandDefinitions } = await import('../../src/adapters/discord/commands.ts');
    const s = await startStack({ start: false });
    const subscribe = commandDefinitions(s.bot.commands).find((c) => c.name === 'subscribe')!;
    expect(subscribe.options).toContainEqual({ type: 5, name: 'events', description: expect.stringContaining('server event'), required: false });
  });

  it('creates one event per upcoming deadline, never again, updates it when its status or date changes, and removes it when it has passed', async () => {
    const s = await startStack({ store: true, now: '2026-02-27' });
    await subscribeWithEvents(s);
    expect((await s.store!.subscription({ platform: 'discord', channelId: s.discord.ids.channelId }))).toMatchObject({ events: true });

    const clock = movableClock('2026-02-27');
    const run = scheduler(s, clock);
    await run.tick();
    expect(creates(s)).toHaveLength(3);
    for (const c of creates(s)) {
      // External, guild-only, with an end time and a location Discord accepts (the source's 101-character address does not fit: its title and host do).
      expect(c.body).toMatchObject({ entity_type: 3, privacy_level: 2, scheduled_end_time: expect.any(String), entity_metadata: { location: 'US-Led Efforts to Coordinate Critical Minerals Trade Policies Take Shape (www.cassidylevy.com)' } });
      expect(c.body.description).toMatch(/\[policybot deadline [\w-]+\]$/);
    }
    const mou = eventNamed(s, /^Conclusion of the US–EU memorandum/)!;
    expect(mou).toMatchObject({ scheduled_start_time: '2026-03-06T00:00:00.000Z', scheduled_end_time: '2026-03-07T00:00:00.000Z' });

    // Nothing changed: nothing is sent.
    await run.tick();
    expect(creates(s)).toHaveLength(3);
    expect(updates(s)).toHaveLength(0);

    // The day it falls due: its status changes, so it is updated (and starts from now, not in the past).
    clock.set('2026-03-06');
    await run.tick();
    expect(updates(s).map((u) => u.path)).toEqual([`/guilds/${s.discord.ids.guildId}/scheduled-events/${mou.id}`]);
    expect(eventNamed(s, /^Conclusion of the US–EU memorandum/)!.description).toMatch(/due today/);

    // The deadline moves (a development, then a reload): its event follows, and no other is touched.
    const kb = await shippedKnowledgeBase();
    const moved: KnowledgeBase = { ...kb, deadlines: kb.deadlines.map((d) => (d.id === 'us-mexico-negotiation-window' ? { ...d, date: '2026-04-12' as IsoDate } : d)) };
    const mexico = eventNamed(s, /US–Mexico negotiation window/)!;
    await scheduler(s, clock, new KnowledgeHolder(moved)).tick();
    expect(updates(s)).toHaveLength(2);
    expect(updates(s)[1]!.path).toBe(`/guilds/${s.discord.ids.guildId}/scheduled-events/${mexico.id}`);
    expect(eventNamed(s, /US–Mexico negotiation window/)).toMatchObject({ id: mexico.id, scheduled_start_time: '2026-04-12T00:00:00.000Z' });
    expect(creates(s)).toHaveLength(3);

    // Passed: removed, and its record with it.
    clock.set('2026-03-07');
    await scheduler(s, clock, new KnowledgeHolder(moved)).tick();
    expect(deletes(s).map((d) => d.path)).toEqual([`/guilds/${s.discord.ids.guildId}/scheduled-events/${mou.id}`]);
    expect(s.discord.api.scheduledEvents.size).toBe(2);
    expect((await s.store!.eventRecords())).toHaveLength(2);
  }, 30_000);

  it('keeps events only for the agreements the asking channels follow: one following the US–Mexico plan gets its deadline’s event alone', async () => {
    const s = await startStack({ store: true, now: '2026-02-27' });
    const { id } = s.discord.command('subscribe', { topics: 'deadlines', agreement: 'us-mexico-action-plan', events: true }, { permissions: MANAGE_BOTH });
    expect(JSON.stringify((await s.discord.callback(id)).body.data.embeds)).toMatch(/for “US–Mexico Critical Minerals Action Plan” only/);
    const run = scheduler(s, movableClock('2026-02-27'));
    await run.tick();
    expect(creates(s).map((c) => c.body.name)).toEqual([expect.stringMatching(/US–Mexico negotiation window/)]);

    // Following every agreement again: the others' events come too.
    const all = s.discord.command('subscribe', { topics: 'deadlines' }, { permissions: MANAGE_BOTH });
    await s.discord.callback(all.id);
    await run.tick();
    expect(creates(s)).toHaveLength(3);
  });

  it('is not created again after a restart, nor when a crash lost its record', async () => {
    const s = await startStack({ store: true, now: '2026-02-27' });
    await subscribeWithEvents(s);
    await scheduler(s, movableClock('2026-02-27')).tick();
    expect(creates(s)).toHaveLength(3);

    // A restart: a new adapter (new gateway session) and a new scheduler over the same data file.
    await s.adapter.stop();
    const again = createDiscordAdapter(s.bot, s.discord.config(), s.log);
    await again.start();
    try {
      const file = (s.store as unknown as { file: string }).file;
      await s.store!.close();
      const reopened = await LowdbStore.open(file);
      const restarted = { ...s, store: reopened, adapter: again };
      await scheduler(restarted, movableClock('2026-02-28'), s.knowledge, again).tick();
      expect(creates(s)).toHaveLength(3);

      // The record of one event lost (a crash between creating it and writing it down): it is found by its marker and adopted.
      const lost = (await reopened.eventRecords())[0]!;
      await reopened.deleteEventRecord(lost.key);
      await scheduler(restarted, movableClock('2026-02-28'), s.knowledge, again).tick();
      expect(creates(s)).toHaveLength(3);
      expect((await reopened.eventRecords()).find((r) => r.key === lost.key)?.eventId).toBe(lost.eventId);
      expect(logged(s.log.lines).some((l) => l.message.startsWith('events: adopted'))).toBe(true);
      expect(s.discord.api.scheduledEvents.size).toBe(3);
      await reopened.close();
    } finally {
      await again.stop();
    }
  }, 30_000);
});
