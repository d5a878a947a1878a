import { RateLimitError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { Logger } from '../../core/log.ts';
import { discordErrorCode, postFailure } from './errors.ts';

/**
 * Publishing (crossposting) the bot's posts in announcement channels, so that
 * servers following the channel receive them too.
 *
 * Discord lets a channel publish 10 messages an hour. The count is kept here,
 * per channel over the last hour, so that a post over it is not even tried:
 * it stays in the channel, unpublished, and the log says so. (A 429 from
 * Discord all the same, from publishes made elsewhere, is treated the same
 * way.) Nothing is retried later: a late publish would reach followers out of
 * order, and the post itself went out.
 *
 * A refusal for want of permission is remembered per channel: it is logged
 * once (not on every post) and reported to the caller, which records it for
 * `subscriptions`; the next post tries again, so granting the permission is
 * all it takes to resume.
 */

/** Discord's limit on publishes per announcement channel. */
export const PUBLISH_LIMIT = { count: 10, perMs: 3_600_000 } as const;

export type PublishResult = 'published' | 'over-limit' | 'forbidden' | 'failed';

export interface PublisherOptions {
  readonly rest: () => REST | undefined;
  readonly log: Logger;
  /** Wall-clock milliseconds (Discord's hour is real time, whatever POLICYBOT_NOW says). */
  readonly now: () => number;
  readonly limit?: { readonly count: number; readonly perMs: number };
}

export class Publisher {
  /** Publish times per channel, within the last window. */
  readonly #recent = new Map<string, number[]>();
  /** Channels whose last publish was refused for want of permission (logged once until it works again). */
  readonly #forbidden = new Set<string>();

  constructor(private readonly options: PublisherOptions) {}

  async publish(channelId: string, messageId: string): Promise<PublishResult> {
    const { log } = this.options;
    const limit = this.options.limit ?? PUBLISH_LIMIT;
    const now = this.options.now();
    const recent = (this.#recent.get(channelId) ?? []).filter((t) => now - t < limit.perMs);
    this.#recent.set(channelId, recent);
    if (recent.length >= limit.count) {
      log.warn('discord: publish limit of this announcement channel reached; posted unpublished', { channel: channelId, message: messageId, limit: `${limit.count} per hour`, nextInMs: limit.perMs - (now - recent[0]!) });
      return 'over-limit';
    }
    const rest = this.options.rest();
    if (!rest) return 'failed';
    // Counted before the request: a publish that timed out may well have gone through.
    recent.push(now);
    try {
      await rest.post(Routes.channelMessageCrosspost(channelId, messageId));
    } catch (error) {
      if (error instanceof RateLimitError) {
        log.warn('discord: Discord refused to publish more in this announcement channel for now; posted unpublished', { channel: channelId, message: messageId, retryAfterMs: error.retryAfter });
        return 'over-limit';
      }
      const code = discordErrorCode(error);
      if (code === RESTJSONErrorCodes.MissingPermissions || code === RESTJSONErrorCodes.MissingAccess) {
        if (!this.#forbidden.has(channelId)) log.warn('discord: not allowed to publish in this announcement channel; posts stay unpublished until the permission is granted', { channel: channelId, reason: postFailure(error).reason });
        this.#forbidden.add(channelId);
        return 'forbidden';
      }
      log.warn('discord: publishing a post failed; it stays unpublished', { channel: channelId, message: messageId, reason: postFailure(error).reason });
      return 'failed';
    }
    if (this.#forbidden.delete(channelId)) log.info('discord: publishing in this announcement channel works again', { channel: channelId });
    return 'published';
  }
}

/** What `subscriptions` says about a channel whose posts cannot be published. */
export const FORBIDDEN_CAVEAT =
  'This is an announcement channel, but Discord does not let policybot publish its posts here, so servers following the channel do not receive them. Give policybot the Send Messages permission in this channel (and Manage Messages, if your server requires it to publish); the next post will be published.';
