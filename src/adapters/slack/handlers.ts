import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { Invocation } from '../../core/invocation.ts';
import { describeError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';

/** What every listener shares: who is asking, answering through response_url, and failures logged rather than lost. */

/**
 * The Invocation for someone acting in a channel. Anyone there may change the
 * channel's settings unless `POLICYBOT_SLACK_ADMINS` names who may.
 */
export function slackInvocation(admins: readonly string[], channelId: string | undefined, userId: string | undefined, conversation?: string): Invocation {
  return {
    platform: 'slack',
    ...(channelId ? { channelId } : {}),
    ...(userId ? { userId } : {}),
    ...(conversation ? { conversation } : {}),
    canManageChannel: admins.length === 0 || (userId !== undefined && admins.includes(userId)),
    manageChannelHint: 'Ask one of the people allowed to (POLICYBOT_SLACK_ADMINS).',
  };
}

/** `respond()`, with its failure logged (an expired response_url, a timeout) instead of lost. */
export async function deliver(respond: RespondFn, message: RespondArguments, log: Logger, context: Record<string, unknown>): Promise<boolean> {
  try {
    await respond(message);
    return true;
  } catch (error) {
    log.error('slack: could not answer through response_url', { ...context, error: error instanceof Error ? error : describeError(error) });
    return false;
  }
}

/**
 * Resolves on a later turn of the event loop, once the sockets have been
 * read again. A listener awaits it as soon as Slack is acknowledged (Bolt
 * acknowledges an event before any listener runs): what follows (fair use,
 * handing the question to the answerer, posting a refusal) otherwise runs in
 * the same turn, before the next request already read from the sockets is
 * even parsed, so after a pause every request of the batch waited for the
 * work of all those before it. Deferred, the batch is acknowledged first.
 */
export function afterAcknowledging(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Our own listeners' failures are logged with their cause here, not left to Bolt's console handler. */
export function guarded<A>(log: Logger, what: string, listener: (args: A) => Promise<void>): (args: A) => Promise<void> {
  return async (args) => {
    try {
      await listener(args);
    } catch (error) {
      log.error(`slack: the ${what} listener failed`, { error: error instanceof Error ? error : describeError(error) });
    }
  };
}
