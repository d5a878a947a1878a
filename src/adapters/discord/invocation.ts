import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import type { Invocation } from '../../core/invocation.ts';

/**
 * Who acted, where, for any interaction (a slash command, a button, a form).
 * The user's id goes to the core only, which hashes it where it keeps it; the
 * adapter neither stores nor logs it.
 */
export const MANAGE_CHANNELS_HINT = 'It needs the Manage Channels permission.';

export function interactionInvocation(interaction: BaseInteraction): Invocation {
  return {
    platform: 'discord',
    ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
    userId: interaction.user.id,
    // Each person's questions in a channel (or a DM) are one conversation.
    conversation: `${interaction.channelId ?? 'dm'}:${interaction.user.id}`,
    // In a DM the asker is the only member; in a server, Manage Channels (as Discord computed it for this channel).
    canManageChannel: interaction.inGuild() ? (interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false) : true,
    manageChannelHint: MANAGE_CHANNELS_HINT,
    // Server events exist in servers only: in a DM there are none to manage.
    canManageEvents: interaction.inGuild() ? (interaction.memberPermissions?.has(PermissionFlagsBits.ManageEvents) ?? false) : false,
  };
}
