import { GuildScheduledEventEntityType, GuildScheduledEventPrivacyLevel, RESTJSONErrorCodes, Routes, type APIGuildScheduledEvent, type Client, type RESTPostAPIGuildScheduledEventJSONBody } from 'discord.js';
import type { EventCalendar, EventSpec } from '../../core/adapter.ts';
import { eventMarker } from '../../following/events.ts';
import { discordErrorCode } from './errors.ts';

/**
 * Deadlines as a server's scheduled events: external events (Discord shows
 * them in the server's Events list, with an Interested button and a reminder
 * when they start), seen only by the server's members (GUILD_ONLY), located
 * at the source. The scope of a channel is its server; the scheduler decides
 * what to create, update and remove (following/events.ts).
 *
 * The bot needs the Manage Events permission in the server (see
 * docs/discord.md); without it Discord refuses, and the scheduler logs it.
 */
export function discordEventCalendar(client: () => Client | undefined): EventCalendar {
  const rest = () => {
    const c = client();
    if (!c) throw new Error('the Discord adapter is not running');
    return c;
  };
  return {
    async scopeOf(channelId) {
      const c = rest();
      const channel = c.channels.cache.get(channelId) ?? (await c.channels.fetch(channelId).catch(() => null));
      return channel && 'guildId' in channel && typeof channel.guildId === 'string' ? channel.guildId : undefined;
    },
    async find(guildId, deadlineId) {
      const events = (await rest().rest.get(Routes.guildScheduledEvents(guildId))) as APIGuildScheduledEvent[];
      const me = rest().user?.id;
      return events.find((e) => (!me || e.creator_id === me || e.creator_id === undefined) && e.description?.includes(eventMarker(deadlineId)))?.id;
    },
    async create(guildId, event) {
      const created = (await rest().rest.post(Routes.guildScheduledEvents(guildId), { body: body(event) })) as APIGuildScheduledEvent;
      return created.id;
    },
    async update(guildId, eventId, event) {
      try {
        await rest().rest.patch(Routes.guildScheduledEvent(guildId, eventId), { body: body(event) });
        return true;
      } catch (error) {
        if (discordErrorCode(error) === RESTJSONErrorCodes.UnknownGuildScheduledEvent) return false;
        throw error;
      }
    },
    async remove(guildId, eventId) {
      try {
        await rest().rest.delete(Routes.guildScheduledEvent(guildId, eventId));
      } catch (error) {
        if (discordErrorCode(error) !== RESTJSONErrorCodes.UnknownGuildScheduledEvent) throw error;
      }
    },
  };
}

function body(e: EventSpec): RESTPostAPIGuildScheduledEventJSONBody {
  return {
    name: e.name,
    description: e.description,
    privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
    entity_type: GuildScheduledEventEntityType.External,
    entity_metadata: { location: e.location },
    scheduled_start_time: e.start.toISOString(),
    scheduled_end_time: e.end.toISOString(),
  };
}
