import { MessageFlags, RateLimitError, type AutocompleteInteraction, type ChatInputCommandInteraction, type Interaction, type InteractionReplyOptions } from 'discord.js';
import { APOLOGY, type Bot } from '../../bot.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import { reply, type Reply } from '../../core/reply.ts';
import { isAlreadyAcknowledged, isExpiredInteraction, postFailure } from './errors.ts';
import { onActionButton } from './actions.ts';
import { parseActionButton } from './components.ts';
import { onFeedbackButton, onFeedbackForm } from './feedback.ts';
import { interactionInvocation } from './invocation.ts';
import { replyMessages, type OutgoingMessage } from './messages.ts';
import { toDiscordPayload } from './payload.ts';
import { settledWithin } from './timing.ts';

/**
 * Slash commands, autocomplete, the 👍/👎 buttons and form under answers, and a reply's own buttons.
 * Discord gives an interaction 3 seconds for its first response: a ready
 * answer is sent at once; a slower one is deferred ("policybot is
 * thinking…") and the deferred reply edited later. Nothing here throws: a
 * failed response is logged, never retried.
 */

export interface InteractionOptions {
  /** How long to wait for an answer before deferring; well inside Discord's 3 s, leaving time for the deferral itself to arrive. */
  readonly deferAfterMs: number;
}

/** Discord shows at most 25 autocomplete choices, each name and value up to 100 characters. */
const MAX_CHOICES = 25;
const CHOICE_LIMIT = 100;

export function createInteractionHandler(bot: Bot, log: Logger, options: InteractionOptions): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    try {
      if (interaction.isAutocomplete()) await autocomplete(bot, interaction);
      else if (interaction.isChatInputCommand()) await command(bot, log, interaction, options.deferAfterMs);
      else if (interaction.isButton()) {
        const action = parseActionButton(interaction.customId);
        if (action) await onActionButton(bot, log, interaction, action, options.deferAfterMs);
        else await onFeedbackButton(bot, log, interaction, options.deferAfterMs);
      }
      else if (interaction.isModalSubmit()) await onFeedbackForm(bot, log, interaction, options.deferAfterMs);
    } catch (error) {
      // Never the user: the core alone sees who acted.
      const context = {
        interaction: interaction.id,
        ...('commandName' in interaction ? { command: interaction.commandName } : {}),
        ...('customId' in interaction ? { customId: interaction.customId } : {}),
        ageMs: Date.now() - interaction.createdTimestamp,
      };
      if (isExpiredInteraction(error)) log.warn('discord interaction expired before it was answered; not retried', context);
      else if (isAlreadyAcknowledged(error)) log.warn('discord interaction was already answered', context);
      else log.error('discord interaction failed', { ...context, reason: failureReason(error), error: error instanceof Error ? error : describeError(error) });
    }
  };
}

/** What went wrong, in a line: the HTTP status and Discord's code, or the rate limit not waited out. */
function failureReason(error: unknown): string {
  if (error instanceof RateLimitError) return `rate limited for ${error.retryAfter} ms${error.global ? ' (global)' : ''} on ${error.method.toUpperCase()} ${error.route}`;
  return postFailure(error).reason;
}

async function autocomplete(bot: Bot, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const spec = bot.commands.find((c) => c.name === interaction.commandName);
  const kind = spec?.options.find((o) => o.name === focused.name)?.autocomplete;
  const choices = kind ? bot.autocomplete(kind, String(focused.value)) : [];
  await interaction.respond(
    choices
      .filter((c) => c.name.trim() && c.value && c.value.length <= CHOICE_LIMIT)
      .slice(0, MAX_CHOICES)
      .map((c) => ({ name: c.name.slice(0, CHOICE_LIMIT), value: c.value })),
  );
}

async function command(bot: Bot, log: Logger, interaction: ChatInputCommandInteraction, deferAfterMs: number): Promise<void> {
  const options: Record<string, string | undefined> = {};
  for (const o of interaction.options.data) options[o.name] = o.value === undefined || o.value === null ? undefined : String(o.value);
  const answer = bot.handleCommand(interaction.commandName, options, interactionInvocation(interaction)).catch((error: unknown): Reply => {
    // The bot turns failures into replies; this only guards against a bug there.
    log.error('discord command failed', { command: interaction.commandName, error: error instanceof Error ? error : describeError(error) });
    return reply({ kind: 'internal-error', text: APOLOGY });
  });

  const early = await settledWithin(answer, deferAfterMs);
  if (early) {
    await respond(interaction, replyMessages(early.value), false);
    return;
  }
  await interaction.deferReply();
  await respond(interaction, replyMessages(await answer), true);
}

async function respond(interaction: ChatInputCommandInteraction, messages: readonly OutgoingMessage[], deferred: boolean): Promise<void> {
  const [first, ...rest] = messages;
  if (!first) return;
  const ephemeral = (m: OutgoingMessage): InteractionReplyOptions => (m.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  if (!deferred) {
    await interaction.reply(toDiscordPayload(interaction, first, ephemeral(first)));
  } else if (first.ephemeral) {
    // A deferred reply is public and cannot turn ephemeral: replace it with a follow-up only the asker sees.
    await interaction.deleteReply();
    await interaction.followUp(toDiscordPayload(interaction, first, ephemeral(first)));
  } else {
    await interaction.editReply(toDiscordPayload(interaction, first));
  }
  for (const m of rest) await interaction.followUp(toDiscordPayload(interaction, m, ephemeral(m)));
}
