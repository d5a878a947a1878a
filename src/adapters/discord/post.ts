import { Routes, type APIMessage, type REST } from 'discord.js';
import type { PostOutcome } from '../../core/adapter.ts';
import type { Logger } from '../../core/log.ts';
import type { Reply } from '../../core/reply.ts';
import { postFailure } from './errors.ts';
import { replyMessages } from './messages.ts';
import { toRestMessage } from './payload.ts';

/**
 * Posts a reply into a channel unprompted (reminders, announcements). Goes
 * straight to the REST API, so the channel need not be in the client's cache.
 * Tells the caller whether a failed channel is worth trying again.
 */
export async function postReply(rest: REST, channelId: string, reply: Reply, log: Logger): Promise<PostOutcome> {
  let messageId: string | undefined;
  for (const m of replyMessages(reply)) {
    try {
      const sent = (await rest.post(Routes.channelMessages(channelId), toRestMessage(m))) as APIMessage;
      messageId ??= sent.id;
    } catch (error) {
      const { reason, permanent } = postFailure(error);
      if (messageId) {
        // The reply is out, only its continuation is missing: report success so that it is not posted twice.
        log.warn('discord post continuation failed', { channel: channelId, reason });
        return { ok: true, messageId };
      }
      log.warn('discord post failed', { channel: channelId, reason, permanent });
      return { ok: false, reason, permanent };
    }
  }
  return messageId ? { ok: true, messageId } : { ok: true };
}
