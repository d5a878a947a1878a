import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction, types } from '@slack/bolt';
import type { Invocation } from '../../core/invocation.ts';
import { APOLOGY, type Bot } from '../../bot.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import { reply as makeReply, replyToPlainText, type Reply } from '../../core/reply.ts';
import { FEEDBACK_DOWN_ACTION_ID, FEEDBACK_UP_ACTION_ID, renderReply } from './blocks.ts';
import { deliver, guarded, slackInvocation } from './handlers.ts';
import { postFailure } from './post.ts';

/**
 * 👍/👎 under an answer, into `Bot.handleFeedback`:
 *
 * - 👍 records the vote and says thanks privately;
 * - 👎 opens a form asking (optionally) what was wrong; sending it records the
 *   vote with the reason, cancelling it records nothing. If the form cannot be
 *   opened (Slack gives three seconds to use a click's trigger), the vote is
 *   recorded without a reason.
 *
 * The user's id goes to the core only, which stores a salted hash of it; it is
 * neither kept nor logged here, and the form carries only the answer's
 * feedback id and the channel.
 */

export const FEEDBACK_FORM_CALLBACK_ID = 'policybot_feedback_reason';
export const REASON_BLOCK_ID = 'reason';
export const REASON_ACTION_ID = 'reason';
/** The core keeps this much of a reason. */
const REASON_MAX = 1000;

export interface FeedbackDependencies {
  readonly bot: Bot;
  readonly log: Logger;
  readonly admins: readonly string[];
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function registerFeedbackListeners(app: App, deps: FeedbackDependencies): void {
  const { bot, log, admins } = deps;

  const thank = async ({ body, respond }: ButtonArgs, r: Reply) => {
    const message = renderReply(r);
    await deliver(respond, { response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks }, log, { channel: body.channel?.id });
  };

  app.action<BlockAction<ButtonAction>>(
    FEEDBACK_UP_ACTION_ID,
    guarded<ButtonArgs>(log, 'feedback button', async (args) => {
      await args.ack();
      const r = await rate(bot, log, { feedbackId: args.action.value ?? '', vote: 'up' }, slackInvocation(admins, args.body.channel?.id, args.body.user.id));
      await thank(args, r);
    }),
  );

  app.action<BlockAction<ButtonAction>>(
    FEEDBACK_DOWN_ACTION_ID,
    guarded<ButtonArgs>(log, 'feedback button', async (args) => {
      await args.ack();
      const { body, action, client } = args;
      const feedbackId = action.value ?? '';
      try {
        await client.views.open({ trigger_id: body.trigger_id, view: reasonForm({ feedbackId, ...(body.channel?.id ? { channelId: body.channel.id } : {}) }) });
        return;
      } catch (error) {
        log.warn('slack: could not open the feedback form; recording the 👎 without a reason', { reason: postFailure(error).reason });
      }
      const r = await rate(bot, log, { feedbackId, vote: 'down' }, slackInvocation(admins, body.channel?.id, body.user.id));
      await thank(args, r);
    }),
  );

  app.view<ViewSubmitAction>(
    FEEDBACK_FORM_CALLBACK_ID,
    guarded<SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs>(log, 'feedback form', async ({ ack, body, view }) => {
      const form = readFormMetadata(view.private_metadata);
      if (!form) {
        log.warn('slack: a feedback form came back without its answer’s id; nothing recorded');
        await ack({ response_action: 'update', view: doneView(makeReply({ kind: 'internal-error', text: APOLOGY })) });
        return;
      }
      const reason = view.state.values[REASON_BLOCK_ID]?.[REASON_ACTION_ID]?.value ?? '';
      const r = await rate(bot, log, { feedbackId: form.feedbackId, vote: 'down', reason }, slackInvocation(admins, form.channelId, body.user.id));
      // The form turns into the outcome: thanks, or why the vote could not be taken.
      await ack({ response_action: 'update', view: doneView(r) });
    }),
  );
}

/** What the 👎 form carries between opening and submission. */
interface FormMetadata {
  readonly feedbackId: string;
  readonly channelId?: string;
}

/** The 👎 form: one optional free-text field. */
export function reasonForm(metadata: FormMetadata): types.ModalView {
  return {
    type: 'modal',
    callback_id: FEEDBACK_FORM_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'What went wrong?' },
    submit: { type: 'plain_text', text: 'Send 👎', emoji: true },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK_ID,
        optional: true,
        label: { type: 'plain_text', text: 'What was wrong or missing? (optional)' },
        element: { type: 'plain_text_input', action_id: REASON_ACTION_ID, multiline: true, max_length: REASON_MAX },
        hint: { type: 'plain_text', text: 'Curators see it beside the question and the answer, never with your name.' },
      },
    ],
  };
}

function readFormMetadata(text: string): FormMetadata | undefined {
  try {
    const parsed = JSON.parse(text) as { feedbackId?: unknown; channelId?: unknown };
    if (typeof parsed.feedbackId !== 'string' || !parsed.feedbackId) return undefined;
    return { feedbackId: parsed.feedbackId, ...(typeof parsed.channelId === 'string' ? { channelId: parsed.channelId } : {}) };
  } catch {
    return undefined;
  }
}

/** The form after sending: the core's reply in plain text (which can neither ping nor link). */
function doneView(r: Reply): types.ModalView {
  const text = replyToPlainText(r, { citations: false });
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Feedback' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'plain_text', text: text.length > 3000 ? `${text.slice(0, 2999)}…` : text || ' ' } }],
  };
}

/** The Bot never throws, but an answer is owed even if it did. */
async function rate(bot: Bot, log: Logger, feedback: Parameters<Bot['handleFeedback']>[0], invocation: Invocation): Promise<Reply> {
  try {
    return await bot.handleFeedback(feedback, invocation);
  } catch (error) {
    log.error('slack: the bot failed to record feedback', { error: error instanceof Error ? error : describeError(error) });
    return makeReply({ kind: 'internal-error', text: APOLOGY });
  }
}
