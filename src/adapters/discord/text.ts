import { escapeMarkdown, type APIAllowedMentions, type MessageMentionOptions } from 'discord.js';

/**
 * Turning the core's plain, untrusted text into Discord markup that shows
 * exactly those words: markdown escaped, mention syntax broken, lengths cut
 * where Discord would refuse the message.
 */

/** Sent with every message: nobody is pinged, whatever the text says (a question, a quoted source). */
export const NO_MENTIONS: MessageMentionOptions = Object.freeze({ parse: [], repliedUser: false });

/** The same rule in the REST API's own spelling, for requests made without discord.js's message builder. */
export const NO_MENTIONS_API: APIAllowedMentions = Object.freeze({ parse: [], replied_user: false });

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * A second line of defence behind `allowed_mentions`: `@everyone`, `@here`
 * and `<@…>` / `<@&…>` no longer read as mentions, so even a message that lost
 * its `allowed_mentions` (or a quote pasted elsewhere) cannot ping anyone.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)\b/gi, `@${ZERO_WIDTH_SPACE}$1`).replace(/<@(?=[!&]?\d)/g, `<@${ZERO_WIDTH_SPACE}`);
}

const URL_PATTERN = /(https?:\/\/[^\s<>]+)/g;

/**
 * Plain text for a place where Discord renders markdown (descriptions, field
 * names and values, titles). URLs stay untouched so they remain clickable.
 */
export function plain(text: string): string {
  return text
    .split(URL_PATTERN)
    .map((part, i) => (i % 2 === 1 ? part : escapePart(part)))
    .join('');
}

function escapePart(text: string): string {
  const escaped = escapeMarkdown(neutraliseMentions(text), { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
  // escapeMarkdown leaves block quotes alone; a quoted source line starting with ">" must not become one.
  return escaped.replace(/^(\s*)>/gm, '$1\\>');
}

/** Text for places Discord shows literally (embed footers): only the mentions are broken. */
export function literal(text: string): string {
  return neutraliseMentions(text);
}

/**
 * Cuts text to `max` characters with an ellipsis, preferring a word boundary
 * near the end, never splitting a surrogate pair or leaving a dangling escape.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  let cut = max - 1;
  const space = text.lastIndexOf(' ', cut);
  if (space > cut * 0.8) cut = space;
  let head = text.slice(0, cut);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  // An odd run of trailing backslashes would escape the ellipsis (or nothing): drop one.
  const slashes = /\\+$/.exec(head)?.[0].length ?? 0;
  if (slashes % 2 === 1) head = head.slice(0, -1);
  return `${head.trimEnd()}…`;
}
