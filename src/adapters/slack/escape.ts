import { displaySafe, webAddress } from '../../core/display-text.ts';

/**
 * Text crossing Slack's mrkdwn boundary, both ways.
 *
 * Out: this is Slack's output sanitiser. Everything in a `Reply` is plain,
 * untrusted text (questions are echoed, sources are third-party documents),
 * so every text the Slack adapter sends passes `escapeMrkdwn` (or
 * `escapeWithin`, its cut form) before it becomes mrkdwn. With `&`, `<` and
 * `>` escaped, no `<!channel>`, `<@U…>`, `<!subteam^…>` or
 * `<https://evil|docs>` can survive as markup; the only links in an answer
 * are the ones `mrkdwnLink` builds from a source's address.
 *
 * In: Slack encodes what people type (`&lt;`, `<@U123>`, `<https://…|label>`);
 * the bot should read the words they saw, not the markup.
 */

/** Keeps a bare "@here" visible but unparseable as a broadcast, whatever a client does with plain text. */
const WORD_JOINER = '\u2060';
const BROADCAST_WORD = /@(?=(?:channel|here|everyone)\b)/gi;
const BROADCAST_AT_END = /@(?:channel|here|everyone)$/i;

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * What a cut in escaped mrkdwn must keep whole (see `splitText`): entities,
 * the links `mrkdwnLink` builds, and a broadcast word glued to the next
 * letter ("@everyoneword" is harmless; cut after "@everyone", it is not).
 */
export const MRKDWN_ATOMIC: readonly RegExp[] = [/&(?:amp|lt|gt);/g, /<[^<>\n]*>/g, /@(?:channel|here|everyone)\w/gi];

/** Plain text as mrkdwn showing the same characters, which can neither ping nor link. */
export function escapeMrkdwn(text: string): string {
  return neutralise(text).replace(/[&<>]/g, (c) => ENTITY[c]!);
}

/**
 * `escapeMrkdwn`, cut to at most `max` characters of output (escaping makes
 * text longer, so the cut is measured after it). A cut ends on a word
 * boundary when one is near, and shows an ellipsis.
 */
export function escapeWithin(text: string, max: number): string {
  const full = escapeMrkdwn(text);
  if (full.length <= max) return full;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  const pieces: string[] = [];
  let length = 0;
  // Code points, so a cut never splits a surrogate pair; entities stay whole.
  for (const ch of neutralise(text)) {
    const piece = ENTITY[ch] ?? ch;
    if (length + piece.length > max - 1) break;
    pieces.push(piece);
    length += piece.length;
  }
  let cut = pieces.join('');
  const space = cut.search(/\s\S*$/);
  if (space > cut.length * 0.8) cut = cut.slice(0, space);
  // Cut out of "@everyoneword", "@everyone" would stand alone: one letter less cannot broadcast.
  if (BROADCAST_AT_END.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function neutralise(text: string): string {
  return displaySafe(text).replace(BROADCAST_WORD, `@${WORD_JOINER}`);
}

/**
 * A source's address as a mrkdwn link around an escaped label; only plain
 * http(s) addresses become links (anything else shows the label alone).
 */
export function mrkdwnLink(url: string | undefined, label: string, maxHref = MAX_HREF): string {
  const href = safeHref(url, maxHref);
  const text = escapeMrkdwn(label).replace(/\|/g, '¦');
  return href ? `<${href}|${text}>` : text;
}

/** Longer addresses are not links a reader could check by eye; the title still shows. Callers short of room pass less. */
const MAX_HREF = 1500;

function safeHref(url: string | undefined, maxHref: number): string | undefined {
  const parsed = webAddress(url);
  if (!parsed || parsed.href.length > maxHref) return undefined;
  // `|` would end the address inside `<url|label>`; `&` is escaped as everywhere in mrkdwn.
  return parsed.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
}

/**
 * Slack's encoded message text as the plain words its author saw: mentions
 * become `@name` (the bot's own mention disappears), links their label,
 * entities their characters.
 */
export function plainFromSlack(text: string, options: { readonly botUserId?: string } = {}): string {
  return text
    .replace(/<([^<>]*)>|&(amp|lt|gt);/g, (_, token: string | undefined, entity: string | undefined) => {
      if (entity) return entity === 'amp' ? '&' : entity === 'lt' ? '<' : '>';
      return readToken(decodeEntities(token ?? ''), options.botUserId);
    })
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function readToken(token: string, botUserId: string | undefined): string {
  const bar = token.indexOf('|');
  const target = bar === -1 ? token : token.slice(0, bar);
  const label = bar === -1 ? undefined : token.slice(bar + 1);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    if (botUserId && id === botUserId) return '';
    return `@${label ?? id}`;
  }
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!subteam^')) return label ?? `@${target.slice('!subteam^'.length)}`;
  if (target.startsWith('!')) {
    const word = target.slice(1).split('^')[0] ?? '';
    if (/^(channel|here|everyone)$/.test(word)) return `@${word}`;
    return label ?? '';
  }
  return label ?? target.replace(/^mailto:/, '');
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, e: string) => (e === 'amp' ? '&' : e === 'lt' ? '<' : '>'));
}
