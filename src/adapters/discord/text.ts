import { escapeMarkdown, type APIAllowedMentions, type MessageMentionOptions } from 'discord.js';
import { displaySafe, webAddress } from '../../core/display-text.ts';
import { cutText } from '../../core/split.ts';

/**
 * Discord's output sanitiser: the core's plain, untrusted text as Discord
 * markup that shows exactly those words. Every text the Discord adapter sends
 * passes `plain` (where markdown renders) or `literal` (where it does not),
 * and every message carries `NO_MENTIONS`: markdown and masked links
 * escaped, mention syntax broken, bidi controls dropped, lengths cut where
 * Discord would refuse the message.
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
  // No word boundary after the name: "@everyone__x" reads as a broadcast once its underscores are escaped.
  return text.replace(/@(?=everyone|here)/gi, `@${ZERO_WIDTH_SPACE}`).replace(/<@(?=[!&]?\d)/g, `<@${ZERO_WIDTH_SPACE}`);
}

/** A bare URL, shown as written and clickable; it stops at a bracket, so that no masked link can hide inside one. */
const URL_PATTERN = /(https?:\/\/[^\s<>[\]]+)/g;

/**
 * Every `[` but a citation marker's: escaped, it cannot open a masked link
 * (`[docs](https://evil)` would show "docs" and hide where it leads).
 * Escaping the `]` would not do: Discord still reads `[docs\](…)` as a link.
 */
const LINK_OPENER = /\[(?!\d{1,4}\](?!\())/g;

/**
 * What a cut in escaped Discord text must keep whole (see `splitText`):
 * backslash escapes, URLs, masked links, `<…>` tokens (timestamps, broken
 * mentions). None may span a space unbounded: one pattern that did would
 * chain over a whole text and leave no boundary to cut at.
 */
export const DISCORD_ATOMIC: readonly RegExp[] = [
  /\\[\s\S]/g,
  /https?:\/\/[^\s<>[\]\\]+/g,
  /(?<!\\)\[[^[\]\n]{0,200}\]\(https?:\/\/[^()\s]{1,2000}\)/g,
  /<[^<>\s]{1,100}>/g,
];

/**
 * Plain text for a place where Discord renders markdown (descriptions, field
 * names and values, titles). URLs stay untouched so they remain clickable,
 * but cannot carry a broadcast either.
 */
export function plain(text: string): string {
  return displaySafe(text)
    .split(URL_PATTERN)
    .map((part, i) => (i % 2 === 1 ? part.replace(/@(?=everyone|here)/gi, '%40') : escapePart(part)))
    .join('');
}

/** escapeMarkdown with every rule off, to turn on the ones wanted. */
const NONE = {
  escape: false,
  codeBlock: false,
  inlineCode: false,
  bold: false,
  italic: false,
  underline: false,
  strikethrough: false,
  spoiler: false,
  heading: false,
  bulletedList: false,
  numberedList: false,
  maskedLink: false,
} as const;

function escapePart(text: string): string {
  // discord.js's rules for bold, italic and underline look behind with `.+` at every position: quadratic on a
  // long line (over a second for 50,000 characters). Escaping every * and _ shows the same text in linear time.
  const inline = escapeMarkdown(neutraliseMentions(text), { ...NONE, escape: true, codeBlock: true, inlineCode: true, strikethrough: true, spoiler: true }).replace(/[*_]/g, '\\$&');
  // Line starts after that, so that a "* item" already escaped is not escaped twice.
  const blocks = escapeMarkdown(inline, { ...NONE, heading: true, bulletedList: true, numberedList: true });
  // escapeMarkdown leaves block quotes and "-#" subtext alone; a quoted source line must not become either.
  // Masked links are escaped here too: discord.js's rule misses one split around its URL, and all but the first of several.
  return blocks.replace(/^(\s*)>/gm, '$1\\>').replace(/^(\s*)-#/gm, '$1\\-#').replace(LINK_OPENER, '\\[');
}

/** Text for places Discord shows literally (embed footers): only the mentions are broken. */
export function literal(text: string): string {
  return neutraliseMentions(displaySafe(text));
}

/**
 * Cuts escaped text to `max` characters with an ellipsis, at the best
 * boundary near the end (`cutText`): never inside an escape, a URL or a
 * surrogate pair.
 */
export function clip(text: string, max: number): string {
  return cutText(text, max, { atomic: DISCORD_ATOMIC });
}

/** Longer addresses are not links a reader could check by eye; the reference still names the source. */
const MAX_LINK = 512;

/**
 * A source's address as a link Discord shows: plain http(s) only, without
 * credentials, short enough to read, and with no broadcast in it.
 */
export function linkTarget(url: string | undefined): string | undefined {
  const parsed = webAddress(url);
  if (!parsed) return undefined;
  // Encoded, an @ cannot spell a broadcast and a bracket cannot start a masked link after the address.
  const href = parsed.href.replace(/@/g, '%40').replace(/\[/g, '%5B').replace(/\]/g, '%5D');
  return href.length <= MAX_LINK ? href : undefined;
}

