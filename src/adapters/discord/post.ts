import { Routes, type APIMessage, type REST } from 'discord.js';
import type { PostOutcome } from '../../core/adapter.ts';
import type { Logger } from '../../core/log.ts';
import type { Reply } from '../../core/reply.ts';
import { postFailure } from './errors.ts';
import { replyMessages } from './messages.ts';
import { toRestMessage } from './payload.ts';
import { FORBIDDEN_CAVEAT, type PublishResult } from './publish.ts';

/**
 * Posts a reply into a channel unprompted (reminders, announcements). Goes
 * straight to the REST API, so the channel need not be in the client's cache.
 * Tells the caller whether a failed channel is worth trying again.
 *
 * In an announcement channel (`publish` given), every message of the reply is
 * published as soon as it is posted, each part of a long one included, so
 * that following servers receive the whole of it.
 */
export async function postReply(rest: REST, channelId: string, reply: Reply, log: Logger, options: { publish?: (messageId: string) => Promise<PublishResult> } = {}): Promise<PostOutcome> {
  let messageId: string | undefined;
  const published: PublishResult[] = [];
  const outcome = (): PostOutcome => ({ ok: true, ...(messageId ? { messageId } : {}), ...caveatOf(options.publish ? published : undefined) });
  for (const m of replyMessages(reply)) {
    try {
      const sent = (await rest.post(Routes.channelMessages(channelId), toRestMessage(m))) as APIMessage;
      messageId ??= sent.id;
      if (options.publish) published.push(await options.publish(sent.id));
    } catch (error) {
      const { reason, permanent } = postFailure(error);
      if (messageId) {
        // The reply is out, only its continuation is missing: report success so that it is not posted twice.
        log.warn('discord post continuation failed', { channel: channelId, reason });
        return outcome();
      }
      log.warn('discord post failed', { channel: channelId, reason, permanent });
      return { ok: false, reason, permanent };
    }
  }
  return outcome();
}

/** What the publishes say about the channel: refused (the caveat), fine (null), or nothing learnt (over the limit, a passing failure). */
function caveatOf(published: readonly PublishResult[] | undefined): { caveat?: string | null } {
  // Not an announcement channel: nothing to publish, and no caveat stands.
  if (!published) return { caveat: null };
  if (published.includes('forbidden')) return { caveat: FORBIDDEN_CAVEAT };
  if (published.includes('published')) return { caveat: null };
  return {};
}
