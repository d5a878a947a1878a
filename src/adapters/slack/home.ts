import type { types } from '@slack/bolt';
import type { ChannelFollowing, Development, Overview } from '../../core/overview.ts';
import type { DeadlineView } from '../../core/reply.ts';
import { escapeWithin } from './escape.ts';

/**
 * The App Home tab: the bot's overview (`Bot.overview`) as a `home` view,
 * published for one person when they open it. Upcoming deadlines with their
 * status as of today, the newest developments, which channels of this
 * workspace follow what, and a button that sends the calendar (.ics) into
 * the app's Messages tab, where Slack lets it be downloaded.
 *
 * Every text from the overview passes `escapeWithin`; the only markup is ours
 * (bold, and `<#C…>` for a followed channel, whose id comes from the store and
 * is checked).
 */

export const HOME_CALENDAR_ACTION_ID = 'policybot_home_calendar';

/** Slack's limits on a home view (https://docs.slack.dev/reference/views/home-tab-views). */
const MAX_BLOCKS = 100;
const SECTION_TEXT = 3000;
/** Details are cut here: the Home tab is a glance, the full text is one command away. */
const DETAIL = 300;

export interface HomeView {
  readonly type: 'home';
  readonly blocks: types.KnownBlock[];
}

const md = (text: string): types.MrkdwnElement => ({ type: 'mrkdwn', text: text || ' ', verbatim: true });
const section = (text: string): types.SectionBlock => ({ type: 'section', text: md(text.slice(0, SECTION_TEXT)) });
const heading = (text: string): types.HeaderBlock => ({ type: 'header', text: { type: 'plain_text', text, emoji: true } });

/**
 * `dmChannel` is the app's Messages tab with this person (the event's
 * `channel`): the calendar button carries it, so a click knows where to send
 * the file.
 */
export function renderHome(o: Overview, options: { dmChannel?: string } = {}): HomeView {
  const blocks: types.KnownBlock[] = [
    heading('policybot'),
    { type: 'context', elements: [md(`Today is ${o.today}. My sources go up to ${o.asOf}; nothing later is recorded. Ask me in a message here, or with \`/policy\` in a channel.`)] },
    heading('Upcoming deadlines'),
  ];

  if (o.upcoming.length > 0) blocks.push(...o.upcoming.map(deadlineSection));
  else {
    blocks.push(section('No deadline is still ahead.'));
    if (o.recentlyPassed.length > 0) blocks.push(section('*The latest that passed*'), ...o.recentlyPassed.map(deadlineSection));
  }
  if (options.dmChannel) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', action_id: HOME_CALENDAR_ACTION_ID, text: { type: 'plain_text', text: 'Download the calendar (.ics)' }, value: options.dmChannel }],
    });
  }

  blocks.push({ type: 'divider' }, heading('Latest developments'));
  blocks.push(...(o.developments.length > 0 ? o.developments.map(developmentSection) : [section('Nothing new since I started following the knowledge base.')]));

  blocks.push({ type: 'divider' }, heading('Channels here that follow policybot'));
  if (!o.following) blocks.push(section('This instance keeps no subscriptions (it runs without a data store).'));
  else if (o.subscriptions.length === 0) blocks.push(section('No channel follows anything yet. In a channel, `/policy subscribe all` posts deadline reminders and announcements there.'));
  else blocks.push(...o.subscriptions.map(followingSection));

  return { type: 'home', blocks: blocks.slice(0, MAX_BLOCKS) };
}

const STATE_MARK: Record<DeadlineView['status']['state'], string> = { upcoming: '🗓️', today: '⏰', passed: '✔️', settled: '✅' };

function deadlineSection(d: DeadlineView): types.SectionBlock {
  const estimated = d.precision === 'estimated' ? ' (estimated)' : '';
  return section(
    `${STATE_MARK[d.status.state]} *${escapeWithin(d.label, 200)}*: ${escapeWithin(d.date, 20)}${estimated}, *${escapeWithin(d.status.text, 100)}*\n` +
      `${escapeWithin(d.entryName, 200)}. ${escapeWithin(d.computation, DETAIL)}`,
  );
}

const DEVELOPMENT_KIND: Record<Development['kind'], string> = { development: 'a development after the sources', new: 'new in the knowledge base', changed: 'updated in the knowledge base', event: 'reported by the sources' };

function developmentSection(d: Development): types.SectionBlock {
  return section(`*${escapeWithin(d.entryName, 200)}* · ${DEVELOPMENT_KIND[d.kind]} · ${escapeWithin(d.date, 20)}\n${escapeWithin(d.text, DETAIL)}`);
}

function followingSection(f: ChannelFollowing): types.SectionBlock {
  const what = f.topics.length === 2 ? 'deadline reminders and announcements' : f.topics[0] === 'deadlines' ? 'deadline reminders' : 'announcements';
  const unreachable = f.unreachableSince ? ` Posting there has failed since ${escapeWithin(f.unreachableSince, 20)}; subscribing again resumes it.` : '';
  const only = f.agreements ? ` for ${escapeWithin(f.agreements.join('; '), 600)} only` : '';
  return section(`${channelLink(f.channelId)}: ${what}${only}, since ${escapeWithin(f.since, 20)}.${unreachable}`);
}

/** A channel Slack shows by name; a direct message (or an id that is not a channel's) in words. */
function channelLink(id: string): string {
  if (/^[CG][A-Z0-9]{2,20}$/.test(id)) return `<#${id}>`;
  return id.startsWith('D') ? 'A direct message' : escapeWithin(id, 40);
}
