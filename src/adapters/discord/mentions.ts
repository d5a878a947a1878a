import { PermissionFlagsBits, type Message } from 'discord.js';
import type { Invocation } from '../../core/invocation.ts';
import type { Bot } from '../../bot.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import { MANAGE_CHANNELS_HINT } from './invocation.ts';
import { replyMessages } from './messages.ts';
import { toDiscordPayload } from './payload.ts';

/**
 * Mention mode (`DISCORD_MENTIONS=on`): `@policybot question` in a channel is
 * answered in a reply to that message. Only messages that name the bot in
 * their text count: a reply to one of the bot's answers (which Discord also
 * reports as a mention) is not a new question. Bots, the bot itself included,
 * are never answered, so two bots cannot talk to each other forever.
 */
export function createMentionHandler(bot: Bot, log: Logger): (message: Message) => Promise<void> {
  return async (message) => {
    try {
      if (message.author.bot || message.webhookId || message.system) return;
      const me = message.client.user;
      const text = mentionedText(message.content, me.id, message.guild?.roles.botRoleFor(me)?.id);
      if (text === undefined) return;
      const answer = await bot.handleText(text, invocationOf(message));
      const [first, ...rest] = replyMessages(answer);
      if (!first) return;
      await message.reply(toDiscordPayload(message, first, { reply: { messageReference: message, failIfNotExists: false } }));
      for (const m of rest) if (message.channel.isSendable()) await message.channel.send(toDiscordPayload(message.channel, m));
    } catch (error) {
      // `messageId`, not `message`: that key is the log line's own text.
      log.error('discord mention reply failed', { channel: message.channelId, messageId: message.id, error: error instanceof Error ? error : describeError(error) });
    }
  };
}

/**
 * The text addressed to the bot, without the mention itself; undefined when
 * the message does not mention the bot (or its managed role, which Discord's
 * mention picker offers under the same name).
 */
export function mentionedText(content: string, botId: string, botRoleId?: string): string | undefined {
  const pattern = new RegExp(`<@!?${botId}>${botRoleId ? `|<@&${botRoleId}>` : ''}`, 'g');
  if (!pattern.test(content)) return undefined;
  return plainFromDiscord(content.replace(pattern, ' '));
}

/**
 * Discord's message markup as the words its author saw: other people, roles
 * and channels become `@id`/`#id` (the core reads a message of nothing but
 * those as "no question"), custom emoji their name, timestamps their number.
 */
export function plainFromDiscord(content: string): string {
  return content
    .replace(/<@[!&]?(\d+)>/g, '@$1')
    .replace(/<#(\d+)>/g, '#$1')
    .replace(/<a?(:\w+:)\d+>/g, '$1')
    .replace(/<t:(-?\d+)(?::[tTdDfFR])?>/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function invocationOf(message: Message): Invocation {
  let canManageChannel = !message.inGuild();
  if (message.inGuild()) {
    try {
      canManageChannel = message.member?.permissionsIn(message.channelId).has(PermissionFlagsBits.ManageChannels) ?? false;
    } catch {
      // Permissions need the channel and roles in cache; without them, assume the least.
      canManageChannel = false;
    }
  }
  // The same conversation as the person's slash commands in this channel: a reply chain with the bot continues it.
  return { platform: 'discord', channelId: message.channelId, userId: message.author.id, canManageChannel, manageChannelHint: MANAGE_CHANNELS_HINT, conversation: `${message.channelId}:${message.author.id}` };
}
