import { AttachmentBuilder, MessagePayload, type APIMessageTopLevelComponent, type BaseMessageOptions, type MessagePayloadOption, type MessageTarget, type RawFile, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { actionRow, feedbackRow } from './components.ts';
import type { OutgoingMessage } from './messages.ts';
import { NO_MENTIONS, NO_MENTIONS_API } from './text.ts';

/** An outgoing message in discord.js's options (interaction replies, message replies); it never pings anyone. */
export function toDiscordMessage(m: OutgoingMessage): BaseMessageOptions {
  const components = componentsOf(m);
  return {
    ...(m.content !== undefined ? { content: m.content } : {}),
    embeds: [...m.embeds],
    ...(m.files.length > 0 ? { files: m.files.map((f) => new AttachmentBuilder(f.data, { name: f.name })) } : {}),
    ...(components.length > 0 ? { components } : {}),
    allowedMentions: NO_MENTIONS,
  };
}

/**
 * The same message as a discord.js payload for `target` (an interaction, a
 * message to reply to, a channel), with each file sent as its own content
 * type: given a Buffer, discord.js guesses the type from magic bytes, and a
 * calendar has none (it would go out as application/octet-stream).
 */
export function toDiscordPayload(target: MessageTarget, m: OutgoingMessage, extra: MessagePayloadOption = {}): MessagePayload {
  // The rule goes last: no extra option (a reply reference, flags) can take it away.
  const payload = MessagePayload.create(target, { ...toDiscordMessage(m), ...extra, allowedMentions: NO_MENTIONS } as MessagePayloadOption).resolveBody();
  // Set before discord.js resolves the files itself, which it then skips; the body already lists them as attachments.
  payload.files = m.files.map((f) => ({ name: f.name, contentType: f.contentType, data: f.data }));
  return payload;
}

/** An outgoing message as a raw `POST /channels/:id/messages` request, for posting without a cached channel. */
export function toRestMessage(m: OutgoingMessage): { body: RESTPostAPIChannelMessageJSONBody; files?: RawFile[] } {
  const components = componentsOf(m);
  const body: RESTPostAPIChannelMessageJSONBody = {
    ...(m.content !== undefined ? { content: m.content } : {}),
    embeds: [...m.embeds],
    allowed_mentions: NO_MENTIONS_API,
    ...(components.length > 0 ? { components } : {}),
    ...(m.files.length > 0 ? { attachments: m.files.map((f, i) => ({ id: String(i), filename: f.name })) } : {}),
  };
  return m.files.length > 0 ? { body, files: m.files.map((f) => ({ name: f.name, contentType: f.contentType, data: f.data })) } : { body };
}

/** The message's rows of buttons: a reply's own, then 👍/👎. */
export function componentsOf(m: OutgoingMessage): APIMessageTopLevelComponent[] {
  const actions = m.actions?.length ? actionRow(m.actions) : undefined;
  const row = m.feedbackId ? feedbackRow(m.feedbackId) : undefined;
  return [...(actions ? [actions] : []), ...(row ? [row] : [])];
}
