import { UserError } from '../core/errors.ts';
import { reply } from '../core/reply.ts';
import { listOf } from '../knowledge/answer/format.ts';
import { isStoreWriteError, type Topic } from '../store/store.ts';
import type { CommandContext } from './spec.ts';
import { defineCommand } from './spec.ts';

const TOPICS: Record<string, readonly Topic[]> = { deadlines: ['deadlines'], announcements: ['announcements'], all: ['deadlines', 'announcements'] };

/** The channel a subscription command acts on, and the checks every such command makes. */
function channelOf(ctx: CommandContext, change: boolean) {
  const following = ctx.following;
  if (!following) throw new UserError('BAD_ARGUMENT', 'This instance runs without a data store, so it cannot follow channels.', 'Set POLICYBOT_DATA (or run it in Slack or Discord) to use subscriptions.');
  const { platform, channelId } = ctx.invocation;
  if (!channelId || ctx.invocation.unfollowable) {
    throw new UserError('BAD_ARGUMENT', 'Subscriptions belong to a chat channel the bot can post in (such as a Slack or Discord channel); run this in the channel that should receive the posts.');
  }
  if (change && ctx.invocation.canManageChannel === false) {
    throw new UserError('FORBIDDEN', 'You may not change this channel’s subscriptions.', ctx.invocation.manageChannelHint ?? 'Ask someone who may change this channel’s settings.');
  }
  return { following, channel: { platform, channelId } };
}

const describe = (topics: readonly Topic[]) => (topics.length === 2 ? 'deadline reminders and announcements' : topics[0] === 'deadlines' ? 'deadline reminders' : 'announcements');

export const subscribe = defineCommand({
  name: 'subscribe',
  description: 'Post deadline reminders and/or knowledge-base announcements in this channel.',
  options: [
    { name: 'topics', description: 'What to receive', required: false, choices: ['all', 'deadlines', 'announcements'] },
    { name: 'events', type: 'boolean', description: 'Also keep a server event for each upcoming deadline (Discord; needs Manage Events)', required: false, choices: ['true', 'false'] },
  ],
  examples: ['subscribe all', 'subscribe deadlines', 'subscribe announcements'],
  requires: 'manage-channel',
  async execute({ topics, events }, ctx) {
    // Checked against the option's choices before it gets here.
    const wanted = TOPICS[topics ?? 'all']!;
    const { following, channel } = channelOf(ctx, true);
    if (events === 'true') checkEvents(ctx);
    const before = await following.store.subscription(channel);
    const s = await following.store
      .subscribe(channel, wanted, ctx.clock.now(), events === undefined ? {} : { events: events === 'true' })
      .catch((error: unknown) => {
        throw notSaved(error, before ? `This channel still receives ${describe(before.topics)}, as before.` : 'This channel is not subscribed.');
      });
    following.subscriptionsChanged();
    return reply({
      kind: 'info',
      title: 'Subscribed',
      text:
        `This channel now receives ${describe(s.topics)}.${s.topics.includes('deadlines') ? ` Reminders come ${reminderDaysText(following.reminderDays)} for each deadline still ahead; one already due today comes at once.` : ''}` +
        (s.events ? ' Each upcoming deadline is also kept as a server event, updated when its date or status changes and removed when it has passed.' : events === 'false' ? ' No server events are kept for it.' : ''),
    });
  },
});

export const unsubscribe = defineCommand({
  name: 'unsubscribe',
  description: 'Stop posting reminders and announcements in this channel.',
  options: [],
  examples: ['unsubscribe'],
  requires: 'manage-channel',
  async execute(_args, ctx) {
    const { following, channel } = channelOf(ctx, true);
    const removed = await following.store.unsubscribe(channel).catch((error: unknown) => {
      throw notSaved(error, 'This channel is still subscribed, and keeps receiving what it did.');
    });
    following.subscriptionsChanged();
    return reply({ kind: 'info', title: 'Unsubscribed', text: removed ? 'This channel will receive no more reminders or announcements.' : 'This channel was not subscribed.' });
  },
});

export const subscriptions = defineCommand({
  name: 'subscriptions',
  description: 'What this channel receives.',
  options: [],
  examples: ['subscriptions'],
  async execute(_args, ctx) {
    const { following, channel } = channelOf(ctx, false);
    const s = await following.store.subscription(channel);
    if (!s) return reply({ kind: 'info', title: 'Subscriptions', text: 'This channel is not subscribed. Try `subscribe all`.' });
    const unreachable = s.unreachable ? ` Posting here failed on ${s.unreachable.at.slice(0, 10)} (${s.unreachable.reason}); subscribe again to resume.` : '';
    const events = s.events ? ' Upcoming deadlines are kept as server events.' : '';
    return reply({
      kind: 'info',
      title: 'Subscriptions',
      text: `This channel receives ${describe(s.topics)}, since ${s.since.slice(0, 10)}.${events}${unreachable}`,
      // A problem the posts have met here that did not stop them (posts that cannot be published), said once here rather than under every post.
      ...(s.caveat && !s.unreachable ? { notes: [`Since ${s.caveat.at.slice(0, 10)}: ${s.caveat.text}`] } : {}),
    });
  },
});

/** Server events need a platform that has them and a member allowed to manage them (Discord: Manage Events), as subscribing needs Manage Channels. */
function checkEvents(ctx: CommandContext): void {
  const { canManageEvents } = ctx.invocation;
  if (canManageEvents === undefined) throw new UserError('BAD_ARGUMENT', 'Server events are a Discord feature; here, `deadlines` gives the calendar file (.ics) instead.');
  if (!canManageEvents) throw new UserError('FORBIDDEN', 'You may not create this server’s events.', 'It needs the Manage Events permission.');
}

/** A change the store could not save: said plainly, with where things stand, never as done. */
function notSaved(error: unknown, standing: string): unknown {
  if (!isStoreWriteError(error)) return error;
  return new UserError('UNAVAILABLE', `Sorry, I could not save that just now: my data store is not accepting changes. ${standing}`, 'Please try again later; whoever runs policybot has been told why.');
}

/** [30, 7, 1, 0] → "30, 7 and 1 days before, and on the day". */
function reminderDaysText(days: readonly number[]): string {
  const before = days.filter((d) => d > 0);
  const list = listOf(before.map(String));
  const parts = [before.length > 0 ? `${list} day${before.length === 1 && before[0] === 1 ? '' : 's'} before` : '', days.includes(0) ? 'on the day' : ''].filter(Boolean);
  return parts.join(', and ');
}
