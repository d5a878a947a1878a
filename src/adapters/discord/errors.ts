import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from 'discord.js';

/**
 * What a failed Discord request means for the bot: an interaction that can no
 * longer be answered, a channel that can no longer be posted to, or a
 * passing failure worth another try later.
 */

/** Discord's JSON error code, when the failure is one of Discord's own answers. */
export function discordErrorCode(error: unknown): number | undefined {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : undefined;
}

/** The interaction's token expired (3 s without a first response, or 15 min after it): nothing more can be sent. */
export function isExpiredInteraction(error: unknown): boolean {
  return discordErrorCode(error) === RESTJSONErrorCodes.UnknownInteraction || discordErrorCode(error) === RESTJSONErrorCodes.UnknownWebhook;
}

/** Another process (or a retried request) already answered this interaction. */
export function isAlreadyAcknowledged(error: unknown): boolean {
  return discordErrorCode(error) === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged;
}

/** Failures that will not go away by trying again: the channel is gone, hidden, read-only to the bot, or cannot hold messages. */
const PERMANENT_CODES: ReadonlySet<number> = new Set([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.UnknownGuild,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel,
  RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType,
  RESTJSONErrorCodes.CannotSendAMessageInAForumChannel,
  RESTJSONErrorCodes.InvalidActionOnArchivedThread,
  RESTJSONErrorCodes.ThreadLocked,
]);

/** Why a post failed, and whether the channel should be given up on. */
export function postFailure(error: unknown): { reason: string; permanent: boolean } {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : undefined;
    const reason = `${error.status} ${error.message}${code !== undefined ? ` (code ${code})` : ''}`;
    if (code !== undefined && PERMANENT_CODES.has(code)) return { reason, permanent: true };
    // Without a known code, a 403 or 404 on a channel still means the channel is out of reach.
    if (code === 0 || code === undefined) return { reason, permanent: error.status === 403 || error.status === 404 };
    return { reason, permanent: false };
  }
  if (error instanceof HTTPError) return { reason: `${error.status} ${error.message}`, permanent: false };
  return { reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error), permanent: false };
}
