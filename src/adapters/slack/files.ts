import type { webApi } from '@slack/bolt';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import type { Attachment } from '../../core/reply.ts';
import { postFailure, type PostTarget } from './post.ts';
import { withRateLimitRetry } from './web-api.ts';

/**
 * A reply's attachments (the `.ics` of `deadlines`) as files shared where the
 * answer was posted, through `files.uploadV2`: the WebClient asks
 * `files.getUploadURLExternal` for an upload URL, sends the bytes there, and
 * shares the file with `files.completeUploadExternal` (needs `files:write`).
 *
 * An attachment is an extra: the answer is posted first, and an upload that
 * fails is logged and given up, never retried into a duplicate. An ephemeral
 * answer (a slash command's) cannot carry a file at all; see `CALENDAR_NOTE`.
 */

/** Said under a private (slash-command) answer that came with a file it cannot carry. */
export const CALENDAR_NOTE =
  'Calendar file (.ics): share this answer in a channel I am a member of, or ask `@policybot deadlines` there or in a direct message with me, and the file comes with it. Whoever runs policybot can also export it with `npm run ics`.';

/** Uploads each attachment into `target` (its thread, if any); returns how many went up. */
export async function uploadAttachments(client: webApi.WebClient, target: PostTarget, attachments: readonly Attachment[], log: Logger): Promise<number> {
  let uploaded = 0;
  const where = target.threadTs ? { channel_id: target.channel, thread_ts: target.threadTs } : { channel_id: target.channel };
  for (const a of attachments) {
    try {
      await withRateLimitRetry(() => client.filesUploadV2({ ...where, filename: a.filename, title: a.filename, content: a.content }), { log, method: 'files.uploadV2' });
      uploaded += 1;
    } catch (error) {
      const outcome = postFailure(error);
      const fields = { channel: target.channel, filename: a.filename, reason: outcome.reason, error: error instanceof Error ? error : describeError(error) };
      if (outcome.permanent) log.warn('slack: cannot share a file in this channel; the answer went without it', fields);
      else log.error('slack: uploading a file failed; the answer went without it', fields);
    }
  }
  return uploaded;
}
