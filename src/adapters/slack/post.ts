import type { webApi } from '@slack/bolt';
import type { PostOutcome } from '../../core/adapter.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import type { SlackMessage } from './blocks.ts';
import { platformError, withRateLimitRetry } from './web-api.ts';

/**
 * `chat.postMessage` with a rendered reply, as a `PostOutcome`; every failure
 * is logged here, so no caller drops one silently.
 */

/** Errors that mean this channel cannot be posted to until someone changes something in Slack. */
const PERMANENT = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'missing_scope',
  'no_permission',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
  'ekm_access_denied',
  'cannot_dm_bot',
]);

/** Slack refused the blocks themselves: the same answer as plain text still gets through. */
const BLOCKS_REFUSED = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_blocks_too_long', 'too_many_blocks']);

export interface PostTarget {
  readonly channel: string;
  /** Answer in this thread. */
  readonly threadTs?: string;
}

export async function postMessage(client: webApi.WebClient, target: PostTarget, message: SlackMessage, log: Logger): Promise<PostOutcome> {
  const send = (withBlocks: boolean) =>
    withRateLimitRetry(
      () =>
        client.chat.postMessage({
          channel: target.channel,
          ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
          text: message.text,
          ...(withBlocks ? { blocks: message.blocks } : {}),
          // Sources are cited with their own links; previews of them would bury the answer.
          unfurl_links: false,
          unfurl_media: false,
        }),
      { log, method: 'chat.postMessage' },
    );
  try {
    let result;
    try {
      result = await send(true);
    } catch (error) {
      const code = platformError(error);
      if (!code || !BLOCKS_REFUSED.has(code)) throw error;
      log.error('slack: blocks refused; posting the answer as plain text', { channel: target.channel, error: code, blocks: message.blocks.length });
      result = await send(false);
    }
    return result.ts ? { ok: true, messageId: result.ts } : { ok: true };
  } catch (error) {
    const outcome = postFailure(error);
    const fields = { channel: target.channel, reason: outcome.reason, permanent: outcome.permanent, error: error instanceof Error ? error : describeError(error) };
    if (outcome.permanent) log.warn('slack: cannot post to this channel', fields);
    else log.error('slack: posting failed', fields);
    return outcome;
  }
}

export function postFailure(error: unknown): Extract<PostOutcome, { ok: false }> {
  const code = platformError(error);
  if (code) return { ok: false, reason: code, permanent: PERMANENT.has(code) };
  return { ok: false, reason: describeError(error), permanent: false };
}
