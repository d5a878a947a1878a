import { AttachmentBuilder, type BaseMessageOptions, type RawFile, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { OutgoingMessage } from './messages.ts';
import { NO_MENTIONS, NO_MENTIONS_API } from './text.ts';

/** An outgoing message in discord.js's options (interaction replies, message replies); it never pings anyone. */
export function toDiscordMessage(m: OutgoingMessage): BaseMessageOptions {
  return {
    ...(m.content !== undefined ? { content: m.content } : {}),
    embeds: [...m.embeds],
    ...(m.files.length > 0 ? { files: m.files.map((f) => new AttachmentBuilder(f.data, { name: f.name })) } : {}),
    allowedMentions: NO_MENTIONS,
  };
}

/** An outgoing message as a raw `POST /channels/:id/messages` request, for posting without a cached channel. */
export function toRestMessage(m: OutgoingMessage): { body: RESTPostAPIChannelMessageJSONBody; files?: RawFile[] } {
  const body: RESTPostAPIChannelMessageJSONBody = {
    ...(m.content !== undefined ? { content: m.content } : {}),
    embeds: [...m.embeds],
    allowed_mentions: NO_MENTIONS_API,
    ...(m.files.length > 0 ? { attachments: m.files.map((f, i) => ({ id: String(i), filename: f.name })) } : {}),
  };
  return m.files.length > 0 ? { body, files: m.files.map((f) => ({ name: f.name, contentType: f.contentType, data: f.data })) } : { body };
}
