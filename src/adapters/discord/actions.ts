import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { APOLOGY, type Bot } from '../../bot.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import { reply, type Reply } from '../../core/reply.ts';
import { interactionInvocation } from './invocation.ts';
import { privateNote, replyMessages } from './messages.ts';
import { componentsOf, toDiscordMessage } from './payload.ts';
import { settledWithin } from './timing.ts';

/**
 * A reply's own buttons (`Reply.actions`: an inbox item's Accept and Dismiss
 * in the curators' channel), into `Bot.handleAction`. The reply that comes
 * back replaces the message the button is on (an UPDATE_MESSAGE callback, or,
 * when it is not ready within `deferAfterMs`, a DEFERRED_UPDATE_MESSAGE and
 * an edit of that message later: accepting fetches a page). Its buttons go
 * with it, replaced by the new reply's, or by none. A refusal is told to the
 * clicker only, and the message stays as it was.
 */
export async function onActionButton(bot: Bot, log: Logger, interaction: ButtonInteraction, actionId: string, deferAfterMs: number): Promise<void> {
  const pending = bot.handleAction(actionId, interactionInvocation(interaction)).catch((error: unknown): Reply => {
    log.error('discord button action failed', { interaction: interaction.id, error: error instanceof Error ? error : describeError(error) });
    return reply({ kind: 'internal-error', text: APOLOGY });
  });
  const early = await settledWithin(pending, deferAfterMs);
  if (early) {
    await show(interaction, early.value, false);
    return;
  }
  await interaction.deferUpdate();
  await show(interaction, await pending, true);
}

async function show(interaction: ButtonInteraction, r: Reply, deferred: boolean): Promise<void> {
  if (r.kind === 'user-error' || r.kind === 'internal-error') {
    const note = { ...toDiscordMessage(privateNote(r)), flags: MessageFlags.Ephemeral } as const;
    if (deferred) await interaction.followUp(note);
    else await interaction.reply(note);
    return;
  }
  // A notice is one message; the rows are given even when empty, which is what takes the old buttons away.
  const [first] = replyMessages(r);
  if (!first) return;
  const message = { ...toDiscordMessage(first), components: componentsOf(first) };
  if (deferred) await interaction.editReply(message);
  else await interaction.update(message);
}
