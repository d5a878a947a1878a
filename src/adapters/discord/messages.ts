import type { APIEmbed } from 'discord.js';
import type { Reply, ReplyAction } from '../../core/reply.ts';
import { replyEmbeds } from './embeds.ts';
import { clip, plain } from './text.ts';

/**
 * A reply as the messages Discord will show, independent of how they are
 * sent (interaction reply, webhook edit, channel post).
 */
export interface OutgoingMessage {
  readonly content?: string;
  readonly embeds: readonly APIEmbed[];
  readonly files: readonly OutgoingFile[];
  /** Only the asker sees it (interactions only; a channel message cannot be ephemeral). */
  readonly ephemeral: boolean;
  /** Carries the 👍/👎 buttons for this answer (`Reply.feedbackId`). */
  readonly feedbackId?: string;
  /** Carries the reply's own buttons (`Reply.actions`). */
  readonly actions?: readonly ReplyAction[];
}

export interface OutgoingFile {
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** Discord's limit on a message's text. */
const CONTENT_LIMIT = 2000;

/**
 * Errors are a short line only the asker sees; everything else is embeds.
 * Attachments (calendar files and the like) travel with the first message;
 * the 👍/👎 buttons of a rateable answer, and a reply's own buttons, sit under its last.
 */
export function replyMessages(reply: Reply): OutgoingMessage[] {
  const files = reply.attachments.map((a) => ({ name: a.filename, contentType: a.contentType, data: Buffer.from(a.content, 'utf8') }));
  if (reply.kind === 'user-error' || reply.kind === 'internal-error') return [{ ...privateNote(reply), files }];
  const messages = replyEmbeds(reply);
  return messages.map((embeds, i) => ({
    embeds,
    files: i === 0 ? files : [],
    ephemeral: false,
    ...(reply.feedbackId && i === messages.length - 1 ? { feedbackId: reply.feedbackId } : {}),
    ...(reply.actions?.length && i === messages.length - 1 ? { actions: reply.actions } : {}),
  }));
}

/** A reply as one short line only the asker sees: errors, and the answer to a 👍/👎. */
export function privateNote(reply: Reply): OutgoingMessage {
  const text = [reply.text, ...reply.notes].filter((t) => t.trim()).join('\n');
  // Discord refuses an empty message.
  return { content: clip(plain(text), CONTENT_LIMIT) || '…', embeds: [], files: [], ephemeral: true };
}
