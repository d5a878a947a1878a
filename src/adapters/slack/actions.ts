import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { APOLOGY, type Bot } from '../../bot.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import { reply as makeReply, type Reply } from '../../core/reply.ts';
import { renderReply, REPLY_ACTION_PREFIX } from './blocks.ts';
import { deliver, guarded, slackInvocation } from './handlers.ts';
import type { Workspaces } from './workspaces.ts';

/**
 * A reply's own buttons (`Reply.actions`: an inbox item's Accept and
 * Dismiss in the curators' channel), into `Bot.handleAction`. The click is
 * acknowledged at once (Slack allows three seconds; accepting fetches a page);
 * the reply that comes back replaces the message through the click's
 * response_url, buttons and all. A refusal (not the curators' channel, an
 * item gone) is told to the clicker only, and the message stays as it was.
 */

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function registerActionListeners(app: App, deps: { readonly bot: Bot; readonly log: Logger; readonly admins: readonly string[]; readonly workspaces: Workspaces }): void {
  const { bot, log, admins, workspaces } = deps;
  app.action<BlockAction<ButtonAction>>(
    // Bolt matches action ids by RegExp: every id of a reply's buttons starts with the prefix.
    new RegExp(`^${REPLY_ACTION_PREFIX}`),
    guarded<ButtonArgs>(log, 'reply button', async ({ ack, body, action, respond, context }) => {
      await ack();
      const channel = body.channel?.id;
      // In many workspaces the core knows the channel with its workspace, as the curators' channel is named.
      const key = channel ? workspaces.channelKey(channel, context) : undefined;
      const r = await run(bot, log, action.value ?? action.action_id.slice(REPLY_ACTION_PREFIX.length), slackInvocation(admins, key, body.user.id));
      const message = renderReply(r);
      if (r.kind === 'user-error' || r.kind === 'internal-error') {
        await deliver(respond, { response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks }, log, { channel });
        return;
      }
      await deliver(respond, { replace_original: true, text: message.text, blocks: message.blocks }, log, { channel });
    }),
  );
}

/** The Bot never throws, but an answer is owed even if it did. */
async function run(bot: Bot, log: Logger, actionId: string, invocation: Parameters<Bot['handleAction']>[1]): Promise<Reply> {
  try {
    return await bot.handleAction(actionId, invocation);
  } catch (error) {
    log.error('slack: the bot failed to run a button’s action', { error: error instanceof Error ? error : describeError(error) });
    return makeReply({ kind: 'internal-error', text: APOLOGY });
  }
}
