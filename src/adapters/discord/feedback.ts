import { MessageFlags, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import { APOLOGY, type Bot } from '../../bot.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import { reply, type Reply } from '../../core/reply.ts';
import { parseFeedbackButton, parseFeedbackForm, REASON_INPUT_ID, reasonForm } from './components.ts';
import { interactionInvocation } from './invocation.ts';
import { privateNote } from './messages.ts';
import { toDiscordMessage } from './payload.ts';
import { settledWithin } from './timing.ts';

/**
 * 👍/👎 under an answer, into `Bot.handleFeedback`:
 *
 * - 👍 records the vote and thanks the clicker in a message only they see.
 *   The buttons stay as they are: the answer is public, and everyone in the
 *   channel may rate it.
 * - 👎 opens a form at once (a modal must be the first response, so nothing
 *   is awaited before it). Sending the form records the vote with its
 *   optional reason and thanks the sender privately; dismissing it records
 *   nothing. If the form cannot be opened, the vote is recorded without a
 *   reason.
 *
 * Like slash commands, a response that is not ready within `deferAfterMs` is
 * deferred (privately) and filled in later, well inside Discord's 3 seconds.
 * The user's id goes to the core only, which keeps a salted hash of it.
 */

/** The button and form a previous version sent may no longer mean anything: say so rather than leave "This interaction failed". */
const STALE = reply({ kind: 'user-error', text: 'This button no longer works. Ask again and use the buttons under the new answer.' });

export async function onFeedbackButton(bot: Bot, log: Logger, interaction: ButtonInteraction, deferAfterMs: number): Promise<void> {
  const parsed = parseFeedbackButton(interaction.customId);
  if (!parsed) {
    await interaction.reply({ ...toDiscordMessage(privateNote(STALE)), flags: MessageFlags.Ephemeral });
    return;
  }
  if (parsed.vote === 'down') {
    try {
      await interaction.showModal(reasonForm(parsed.feedbackId));
    } catch (error) {
      // The click said 👎 even if the form never opened (the interaction expired, say): keep that much, then report the failure.
      await rate(bot, log, { feedbackId: parsed.feedbackId, vote: 'down' }, interaction);
      throw error;
    }
    return;
  }
  await answerPrivately(interaction, rate(bot, log, { feedbackId: parsed.feedbackId, vote: 'up' }, interaction), deferAfterMs);
}

export async function onFeedbackForm(bot: Bot, log: Logger, interaction: ModalSubmitInteraction, deferAfterMs: number): Promise<void> {
  const feedbackId = parseFeedbackForm(interaction.customId);
  if (!feedbackId) {
    await interaction.reply({ ...toDiscordMessage(privateNote(STALE)), flags: MessageFlags.Ephemeral });
    return;
  }
  const reason = reasonOf(interaction);
  await answerPrivately(interaction, rate(bot, log, { feedbackId, vote: 'down', ...(reason.trim() ? { reason } : {}) }, interaction), deferAfterMs);
}

/** The Bot turns its failures into replies; this only guards against a bug there, so that the clicker still hears back. */
function rate(bot: Bot, log: Logger, feedback: Parameters<Bot['handleFeedback']>[0], interaction: ButtonInteraction | ModalSubmitInteraction): Promise<Reply> {
  return bot.handleFeedback(feedback, interactionInvocation(interaction)).catch((error: unknown): Reply => {
    log.error('discord feedback failed', { interaction: interaction.id, error: error instanceof Error ? error : describeError(error) });
    return reply({ kind: 'internal-error', text: APOLOGY });
  });
}

async function answerPrivately(interaction: ButtonInteraction | ModalSubmitInteraction, pending: Promise<Reply>, deferAfterMs: number): Promise<void> {
  const early = await settledWithin(pending, deferAfterMs);
  if (early) {
    await interaction.reply({ ...toDiscordMessage(privateNote(early.value)), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await interaction.editReply(toDiscordMessage(privateNote(await pending)));
}

/** The form's text, or '' when it was left empty (Discord then may omit it). */
function reasonOf(interaction: ModalSubmitInteraction): string {
  const field = interaction.fields.fields.get(REASON_INPUT_ID);
  return field && 'value' in field && typeof field.value === 'string' ? field.value : '';
}
