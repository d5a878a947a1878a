import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  Context,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  webApi,
} from '@slack/bolt';
import type { Invocation } from '../../core/invocation.ts';
import { APOLOGY, type Bot } from '../../bot.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import { reply as makeReply, type Reply } from '../../core/reply.ts';
import { renderReply, SHARE_ACTION_ID } from './blocks.ts';
import { plainFromSlack } from './escape.ts';
import { CALENDAR_NOTE, uploadAttachments } from './files.ts';
import { afterAcknowledging, deliver, guarded, slackInvocation } from './handlers.ts';
import { SLASH_COMMAND } from './manifest.ts';
import { postMessage, type PostTarget } from './post.ts';
import type { ShareStore } from './share.ts';
import type { Workspaces } from './workspaces.ts';

/**
 * What Slack delivers, translated into the Bot's entry points and back:
 *
 * - `/policy <text>`: acknowledged before anything else (Slack allows three
 *   seconds, an answer may take longer), answered privately through
 *   `respond`, with a button to share the answer in the channel;
 * - a mention in a channel: answered in a thread under the message (or in
 *   the thread it was made in); a refusal (over a limit, too long) only the
 *   asker sees;
 * - a direct message: answered in the DM (in its thread, if it has one).
 *
 * Every one of them reaches the Bot with the channel, the user and whether
 * that user may change the channel's settings (`slackInvocation`). A rateable
 * answer gets 👍/👎 (`feedback.ts`), and a reply's files follow a posted
 * answer into its thread (`files.ts`).
 *
 * The Bot decides what the text means (`handleText`: a command name from
 * its own list, or a question); nothing here knows the commands.
 */
export interface ListenerDependencies {
  readonly bot: Bot;
  readonly log: Logger;
  /** `POLICYBOT_SLACK_ADMINS`: who may change a channel's settings; anyone when empty. */
  readonly admins: readonly string[];
  /** Deliveries already answered: in memory, or shared by instances in the database (`core/seen-keys.ts`). */
  readonly recent: { seen(key: string): Promise<boolean> };
  readonly shares: ShareStore;
  /** The channel as the core knows it: in many workspaces, with its workspace (`workspaces.ts`). */
  readonly workspaces: Workspaces;
}

const SHARE_EXPIRED = 'That answer is no longer available to share (answers are kept for an hour). Ask again, and share the new one.';
const SHARE_FAILED = 'Sorry, I could not post that answer in the channel just now; please try again in a moment.';

export function registerListeners(app: App, deps: ListenerDependencies): void {
  const { bot, log, recent, shares } = deps;
  const invocation = (context: Context, channelId: string, userId: string | undefined, conversation?: string) =>
    slackInvocation(deps.admins, deps.workspaces.channelKey(channelId, context), userId, conversation);
  const ask = (text: string, where: Invocation) => answer(bot, log, text, where);

  // Slack redelivers an event it believes unacknowledged; Bolt acknowledges events before this runs, so a repeat is simply dropped.
  app.use(async (args) => {
    const eventId = eventIdOf(args);
    if (eventId && (await recent.seen(`event:${eventId}`))) {
      log.info('slack: ignored a repeated delivery', { eventId });
      return;
    }
    await args.next();
  });

  app.command(
    SLASH_COMMAND,
    guarded<SlackCommandMiddlewareArgs & AllMiddlewareArgs>(log, 'slash command', async ({ command, ack, respond, context }) => {
      await ack();
      await afterAcknowledging();
      // /policy answers privately: each person's commands in a channel are one conversation.
      const where = invocation(context, command.channel_id, command.user_id, `${command.channel_id}:${command.user_id}`);
      const r = await ask(plainFromSlack(command.text ?? ''), where);
      const shareValue = r.kind === 'answer' || r.kind === 'info' ? shares.put(r) : undefined;
      // A private answer cannot carry a file; it says how to get one instead (sharing it brings the file along).
      const shown = r.attachments.some((a) => a.contentType === 'text/calendar') ? { ...r, notes: [...r.notes, CALENDAR_NOTE] } : r;
      const message = renderReply(shown, { ...(shareValue ? { shareValue } : {}), ...(r.feedbackId ? { feedbackId: r.feedbackId } : {}) });
      await deliver(respond, { response_type: 'ephemeral', text: message.text, blocks: message.blocks }, log, { channel: command.channel_id });
    }),
  );

  app.event(
    'app_mention',
    guarded<SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs>(log, 'mention', async ({ event, context, client }) => {
      // Another bot (ours included) mentioning us must not start a conversation between bots.
      if (event.bot_id || event.subtype === 'bot_message' || !event.user || event.user === context.botUserId) return;
      // A DM is answered by the `message.im` listener.
      if (event.channel.startsWith('D')) return;
      await afterAcknowledging();
      if (await recent.seen(`message:${event.channel}:${event.ts}`)) return;
      const target = { channel: event.channel, threadTs: event.thread_ts ?? event.ts };
      // The answer goes into the mention's thread: the thread is the conversation.
      const r = await ask(plainFromSlack(event.text, { botUserId: context.botUserId }), invocation(context, event.channel, event.user, `${event.channel}:${target.threadTs}`));
      // "Slow down", "too long" and the like concern the asker only: the channel need not read them (nor a flooder make the bot flood it).
      if (r.kind === 'user-error' && (await tellPrivately(client, target, event.user, r, log))) return;
      await answerIn(client, target, r, log);
    }),
  );

  app.event(
    'message',
    guarded<SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs>(log, 'direct message', async ({ event, context, client }) => {
      const m = event as DirectMessage;
      if (m.channel_type !== 'im') return;
      // Edits, deletions, joins and bot posts (our own answers included) are not questions.
      if (m.subtype !== undefined || m.bot_id || !m.user || m.user === context.botUserId) return;
      await afterAcknowledging();
      if (await recent.seen(`message:${m.channel}:${m.ts}`)) return;
      // A DM is one conversation (a thread in it, its own).
      const r = await ask(plainFromSlack(m.text ?? '', { botUserId: context.botUserId }), invocation(context, m.channel, m.user, `${m.channel}:${m.thread_ts ?? 'dm'}`));
      await answerIn(client, { channel: m.channel, ...(m.thread_ts ? { threadTs: m.thread_ts } : {}) }, r, log);
    }),
  );

  app.action<BlockAction<ButtonAction>>(
    SHARE_ACTION_ID,
    guarded<SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs>(log, 'share button', async ({ ack, body, action, respond, client }) => {
      await ack();
      await afterAcknowledging();
      const channel = body.channel?.id;
      const r = action.value ? shares.take(action.value) : undefined;
      if (!r || !channel) {
        await deliver(respond, { response_type: 'ephemeral', replace_original: false, text: SHARE_EXPIRED }, log, { channel });
        return;
      }
      const key = action.value!;
      // The channel's copy can be rated by anyone reading it.
      const message = renderReply(r, r.feedbackId ? { feedbackId: r.feedbackId } : {});
      const posted = await postMessage(client, { channel }, message, log);
      // Not a member there (a private channel, a group DM): the click's response_url may still post into it.
      const shared = posted.ok || (posted.permanent && (await deliver(respond, { response_type: 'in_channel', replace_original: false, text: message.text, blocks: message.blocks }, log, { channel })));
      if (!shared) {
        // Nothing was posted, so the button may be tried again.
        shares.restore(key, r);
        await deliver(respond, { response_type: 'ephemeral', replace_original: false, text: SHARE_FAILED }, log, { channel });
        return;
      }
      // The private copy has done its job; removing it also removes the button, so the answer cannot be shared twice.
      await deliver(respond, { delete_original: true }, log, { channel });
      // Posted by the bot itself, so its files can follow, in a thread under it.
      if (posted.ok && r.attachments.length > 0) await uploadAttachments(client, { channel, ...(posted.messageId ? { threadTs: posted.messageId } : {}) }, r.attachments, log);
    }),
  );
}

/** A reply posted in a channel or DM, with 👍/👎 when it can be rated, then its files in the same thread. */
async function answerIn(client: webApi.WebClient, target: PostTarget, r: Reply, log: Logger): Promise<void> {
  const posted = await postMessage(client, target, renderReply(r, r.feedbackId ? { feedbackId: r.feedbackId } : {}), log);
  // A file without the answer it belongs to would only puzzle; postMessage has logged why.
  if (posted.ok && r.attachments.length > 0) await uploadAttachments(client, target, r.attachments, log);
}

/** An ephemeral message in the thread; false when Slack refused it (the caller then answers in the thread). */
async function tellPrivately(client: webApi.WebClient, target: PostTarget, user: string, r: Reply, log: Logger): Promise<boolean> {
  const message = renderReply(r);
  try {
    await client.chat.postEphemeral({ channel: target.channel, user, text: message.text, blocks: message.blocks, ...(target.threadTs ? { thread_ts: target.threadTs } : {}) });
    return true;
  } catch (error) {
    log.warn('slack: could not answer privately; answering in the thread', { channel: target.channel, error: describeError(error) });
    return false;
  }
}

interface DirectMessage {
  readonly channel: string;
  readonly channel_type?: string;
  readonly subtype?: string;
  readonly bot_id?: string;
  readonly user?: string;
  readonly text?: string;
  readonly ts: string;
  readonly thread_ts?: string;
}

/** The Bot never throws, but a reply is owed even if it did. */
async function answer(bot: Bot, log: Logger, text: string, where: Invocation): Promise<Reply> {
  try {
    return await bot.handleText(text, where);
  } catch (error) {
    log.error('slack: the bot failed to answer', { channelId: where.channelId, error: error instanceof Error ? error : describeError(error) });
    return makeReply({ kind: 'internal-error', text: APOLOGY });
  }
}

function eventIdOf(args: AnyMiddlewareArgs): string | undefined {
  const body = args.body as { event_id?: unknown };
  return typeof body.event_id === 'string' ? body.event_id : undefined;
}
