import { UserError } from '../core/errors.ts';
import { reply } from '../core/reply.ts';
import { listOf } from '../knowledge/answer/format.ts';
import { isStoreWriteError, type ChannelRef, type Topic } from '../store/store.ts';
import { resolveAgreement } from './resolve.ts';
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

/** "subscribe deadlines project vault" → the topics word first, if there is one, then the agreement. */
function readSubscribeText(rest: string): Record<string, string> {
  const [first = '', ...others] = rest.split(/\s+/);
  if (!Object.hasOwn(TOPICS, first.toLowerCase())) return { agreement: rest };
  return { topics: first, ...(others.length > 0 ? { agreement: others.join(' ') } : {}) };
}

/** The agreements a subscription follows, by name (an id the knowledge base no longer has, said as such). */
function followedNames(ctx: CommandContext, ids: readonly string[]): string {
  return listOf(
    ids.map((id) => {
      const entry = ctx.engine.kb.entry(id);
      return entry ? `“${entry.name}”` : `“${id}” (no longer in the knowledge base)`;
    }),
  );
}

/** What a subscription covers: "deadline reminders for “X” and “Y” only", or of every agreement "deadline reminders". */
function coverage(ctx: CommandContext, topics: readonly Topic[], agreements: readonly string[] | undefined): string {
  return agreements ? `${describe(topics)} for ${followedNames(ctx, agreements)} only` : describe(topics);
}

export const subscribe = defineCommand({
  name: 'subscribe',
  description: 'Post deadline reminders and/or announcements in this channel: of every agreement, or of one.',
  options: [
    { name: 'topics', description: 'What to receive', required: false, choices: ['all', 'deadlines', 'announcements'] },
    { name: 'agreement', description: 'Follow only this agreement (again for each one to add); left out: every agreement', required: false, autocomplete: 'agreement' },
    { name: 'events', type: 'boolean', description: 'Also keep a server event for each upcoming deadline (Discord; needs Manage Events)', required: false, choices: ['true', 'false'] },
  ],
  examples: ['subscribe all', 'subscribe deadlines', 'subscribe us-mexico', 'subscribe announcements Project Vault'],
  requires: 'manage-channel',
  readText: readSubscribeText,
  async execute({ topics, agreement, events }, ctx) {
    // Checked against the option's choices before it gets here.
    const wanted = TOPICS[topics ?? 'all']!;
    // What was typed is checked first: a name that fits no agreement is told with the close ones, wherever it was typed.
    const entry = agreement ? resolveAgreement(ctx.engine.kb, agreement) : undefined;
    const { following, channel } = channelOf(ctx, true);
    if (events === 'true') checkEvents(ctx);
    const before = await following.store.subscription(channel);
    // One agreement joins those the channel follows already (a channel that followed everything now follows this one);
    // none: every agreement again.
    const kept = before && !before.unreachable ? before.agreements : undefined;
    const agreements = entry ? [...new Set([...(kept ?? []), entry.id])] : null;
    const s = await following.store
      .subscribe(channel, wanted, ctx.clock.now(), { ...(events === undefined ? {} : { events: events === 'true' }), agreements })
      .catch((error: unknown) => {
        throw notSaved(error, before ? `This channel still receives ${coverage(ctx, before.topics, before.agreements)}, as before.` : 'This channel is not subscribed.');
      });
    following.subscriptionsChanged();
    const scope = s.agreements
      ? ` Subscribe with another agreement's name to add it; \`unsubscribe ${entry?.id ?? 'NAME'}\` stops following one; \`subscribe\` without an agreement follows every agreement again.`
      : '';
    return reply({
      kind: 'info',
      title: 'Subscribed',
      text:
        `This channel now receives ${coverage(ctx, s.topics, s.agreements)}.${s.topics.includes('deadlines') ? ` Reminders come ${reminderDaysText(following.reminderDays)} for each deadline still ahead; one already due today comes at once.` : ''}` +
        (s.events ? ' Each upcoming deadline is also kept as a server event, updated when its date or status changes and removed when it has passed.' : events === 'false' ? ' No server events are kept for it.' : '') +
        scope,
    });
  },
});

export const unsubscribe = defineCommand({
  name: 'unsubscribe',
  description: 'Stop posting reminders and announcements in this channel, or stop following one agreement.',
  options: [{ name: 'agreement', description: 'Stop following only this agreement; left out: stop everything', required: false, autocomplete: 'agreement' }],
  examples: ['unsubscribe', 'unsubscribe us-mexico'],
  requires: 'manage-channel',
  async execute({ agreement }, ctx) {
    const { following, channel } = channelOf(ctx, true);
    if (agreement) return dropAgreement(ctx, following, channel, agreement);
    const removed = await following.store.unsubscribe(channel).catch((error: unknown) => {
      throw notSaved(error, 'This channel is still subscribed, and keeps receiving what it did.');
    });
    following.subscriptionsChanged();
    return reply({ kind: 'info', title: 'Unsubscribed', text: removed ? 'This channel will receive no more reminders or announcements.' : 'This channel was not subscribed.' });
  },
});

/** `unsubscribe NAME`: one agreement fewer; the last one dropped ends the subscription. */
async function dropAgreement(ctx: CommandContext, following: NonNullable<CommandContext['following']>, channel: ChannelRef, name: string) {
  const s = await following.store.subscription(channel);
  if (!s) return reply({ kind: 'info', title: 'Unsubscribed', text: 'This channel was not subscribed.' });
  if (!s.agreements) {
    throw new UserError('BAD_ARGUMENT', 'This channel follows every agreement, so there is no one agreement to stop following.', '`unsubscribe` alone stops everything; `subscribe NAME` makes the channel follow only that agreement.');
  }
  // An id the channel follows is taken as it is, even one the knowledge base has since lost.
  const id = s.agreements.includes(name.trim().toLowerCase()) ? name.trim().toLowerCase() : resolveAgreement(ctx.engine.kb, name).id;
  if (!s.agreements.includes(id)) {
    throw new UserError('BAD_ARGUMENT', `This channel does not follow ${followedNames(ctx, [id])}.`, `It follows ${followedNames(ctx, s.agreements)}.`);
  }
  const left = s.agreements.filter((a) => a !== id);
  const still = `This channel still receives ${coverage(ctx, s.topics, s.agreements)}, as before.`;
  if (left.length === 0) {
    await following.store.unsubscribe(channel).catch((error: unknown) => {
      throw notSaved(error, still);
    });
  } else {
    await following.store.subscribe(channel, s.topics, ctx.clock.now(), { agreements: left }).catch((error: unknown) => {
      throw notSaved(error, still);
    });
  }
  following.subscriptionsChanged();
  return reply({
    kind: 'info',
    title: 'Unsubscribed',
    text: left.length === 0 ? `This channel followed only ${followedNames(ctx, [id])}; it will receive no more reminders or announcements.` : `This channel no longer follows ${followedNames(ctx, [id])}; it receives ${coverage(ctx, s.topics, left)}.`,
  });
}

export const subscriptions = defineCommand({
  name: 'subscriptions',
  description: 'What this channel receives.',
  options: [],
  examples: ['subscriptions'],
  async execute(_args, ctx) {
    const { following, channel } = channelOf(ctx, false);
    const s = await following.store.subscription(channel);
    if (!s) return reply({ kind: 'info', title: 'Subscriptions', text: 'This channel is not subscribed. Try `subscribe all`, or `subscribe NAME` to follow one agreement.' });
    const unreachable = s.unreachable ? ` Posting here failed on ${s.unreachable.at.slice(0, 10)} (${s.unreachable.reason}); subscribe again to resume.` : '';
    const events = s.events ? ' Upcoming deadlines are kept as server events.' : '';
    return reply({
      kind: 'info',
      title: 'Subscriptions',
      text: `This channel receives ${coverage(ctx, s.topics, s.agreements)}, since ${s.since.slice(0, 10)}.${events}${unreachable}`,
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
