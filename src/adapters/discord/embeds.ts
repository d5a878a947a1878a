import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { DeadlineView, Reply, ReplyField } from '../../core/reply.ts';
import { splitText } from '../../core/split.ts';
import { citationKey } from '../../knowledge/citations.ts';
import { unixSeconds } from '../../core/dates.ts';
import { citationsBySource, type Citation, type CitedParagraph, type CitedSource } from '../../core/citation.ts';
import { clip, DISCORD_ATOMIC, linkTarget, literal, plain } from './text.ts';

/**
 * A reply as Discord embeds: the answer in the description, then the reply's
 * fields, its deadlines (with Discord timestamps, shown in each reader's
 * locale) and its sources: each source once, a field naming it (title;
 * publisher, date and address), followed by a field for each paragraph cited
 * from it (its number and quote), within Discord's limits.
 *
 * Every text passes `plain` or `literal` (text.ts) on its way in.
 *
 * The answer itself is never cut: a description too long for one embed
 * continues in further embeds, a field too long for one field in further
 * fields (cut by `splitText`, never inside an escape, a URL or a marker).
 * Citations are never dropped: when a reply is too long, quotes are cut
 * first (the source, date and paragraph always stay), then deadline details
 * and the notes; a reply that still does not fit spills into further
 * messages.
 */

/** Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Characters in titles, descriptions, field names and values and footers, summed over all embeds of one message. */
  total: 6000,
  embedsPerMessage: 10,
} as const;

const COLOR: Record<Reply['kind'], number> = {
  answer: 0x5865f2,
  declined: 0x99aab5,
  info: 0x3ba55c,
  'user-error': 0xfaa61a,
  'internal-error': 0xed4245,
};

/** How far each kind of text may shrink before the reply spills into another message. */
const FLOOR = { quote: 80, detail: 120, footer: 160 } as const;
const CEILING = { quote: EMBED_LIMITS.fieldValue, detail: EMBED_LIMITS.fieldValue, footer: EMBED_LIMITS.footer } as const;
type Caps = { -readonly [K in keyof typeof FLOOR]: number };
/** Shrunk in this order: quotes are the longest and their reference stays whole. */
const SHRINK_ORDER: readonly (keyof Caps)[] = ['quote', 'detail', 'footer'];

/**
 * A description too long for one embed continues in pieces this long: two of
 * them and a title fill one message's 6,000 characters.
 */
const DESCRIPTION_PIECE = Math.floor((EMBED_LIMITS.total - EMBED_LIMITS.title) / 2);
const CONTINUED = ' (continued)';
/** The "Sources: [1] [2]" line under a deadline stops listing here. */
const SOURCES_LINE = 200;

const STATE_LABEL: Record<DeadlineView['status']['state'], string> = { upcoming: 'Upcoming', today: 'Due today', passed: 'Passed', settled: 'Settled' };

/** Renders a reply to one or more messages' embeds (usually one message). */
export function replyEmbeds(reply: Reply): APIEmbed[][] {
  const draft = prepare(reply);
  const caps: Caps = { ...CEILING };
  for (const key of SHRINK_ORDER) {
    if (size(layout(draft, caps)) <= EMBED_LIMITS.total) break;
    caps[key] = largestFitting(FLOOR[key], CEILING[key], (cap) => size(layout(draft, { ...caps, [key]: cap })) <= EMBED_LIMITS.total);
  }
  return pack(layout(draft, caps), COLOR[reply.kind]);
}

/** Every citation a reply refers to: its own, then any a deadline cites that the list lacks. */
export function allCitations(reply: Reply): Citation[] {
  const list = [...reply.citations];
  const keys = new Set(list.map(citationKey));
  for (const c of reply.deadlines.flatMap((d) => d.citations)) {
    if (!keys.has(citationKey(c))) {
      keys.add(citationKey(c));
      list.push(c);
    }
  }
  return list;
}

/**
 * A field, escaped: its `body` may be cut to the cap of its `shrink` kind
 * (never, without one); `head` and `tail` stay whole.
 */
interface DraftField {
  readonly name: string;
  readonly head: string;
  readonly body: string;
  readonly tail: string;
  readonly shrink?: 'detail' | 'quote';
  readonly inline?: boolean;
}

/** The reply's text, escaped and split once; `layout` then only cuts. */
interface Draft {
  readonly title?: string;
  readonly descriptions: readonly string[];
  readonly fields: readonly DraftField[];
  readonly footer: string;
}

interface Layout {
  readonly title?: string;
  /** The answer, one embed's description each. */
  readonly descriptions: readonly string[];
  readonly fields: readonly APIEmbedField[];
  readonly footer?: string;
}

function prepare(reply: Reply): Draft {
  const citations = allCitations(reply);
  const numbers = new Map(citations.map((c, i) => [citationKey(c), i + 1]));
  const description = plain(reply.text.trim());
  return {
    ...(reply.title ? { title: clip(plain(reply.title), EMBED_LIMITS.title) } : {}),
    descriptions: description.length <= EMBED_LIMITS.description ? [description] : splitText(description, { limit: DESCRIPTION_PIECE, atomic: DISCORD_ATOMIC }),
    fields: [...reply.fields.flatMap(replyField), ...reply.deadlines.map((d) => deadlineField(d, numbers)), ...citationsBySource(citations).flatMap((s) => [sourceField(s), ...s.cited.map(citationField)])],
    footer: literal(reply.notes.join(' · ')),
  };
}

function layout(d: Draft, caps: Caps): Layout {
  const fields = d.fields.map((f) => {
    const room = EMBED_LIMITS.fieldValue - f.head.length - f.tail.length;
    const body = f.shrink ? clip(f.body, Math.max(1, Math.min(caps[f.shrink], room))) : f.body;
    // Discord refuses an empty field name or value.
    return { name: f.name || '\u200b', value: `${f.head}${body}${f.tail}` || '\u200b', ...(f.inline ? { inline: true } : {}) };
  });
  const footer = clip(d.footer, caps.footer);
  return { ...(d.title ? { title: d.title } : {}), descriptions: d.descriptions.filter(Boolean), fields, ...(footer ? { footer } : {}) };
}

/** A reply's field, continued in further fields when its value is longer than one can hold. */
function replyField(f: ReplyField): DraftField[] {
  const name = clip(plain(f.name), EMBED_LIMITS.fieldName);
  const value = plain(f.value);
  if (value.length <= EMBED_LIMITS.fieldValue) return [{ name, head: '', body: value, tail: '', ...(f.inline ? { inline: true } : {}) }];
  const continued = `${clip(plain(f.name), EMBED_LIMITS.fieldName - CONTINUED.length)}${CONTINUED}`;
  return splitText(value, { limit: EMBED_LIMITS.fieldValue, atomic: DISCORD_ATOMIC }).map((piece, i) => ({ name: i === 0 ? name : continued, head: '', body: piece, tail: '' }));
}

function deadlineField(d: DeadlineView, numbers: ReadonlyMap<string, number>): DraftField {
  // Noon UTC, not midnight: a midnight timestamp shows as the previous day to every reader west of Greenwich.
  const at = unixSeconds(d.date) + 12 * 3600;
  const refs = [...new Set(d.citations.map((c) => numbers.get(citationKey(c))).filter((n): n is number => n !== undefined))];
  const detail = `${d.entryName}. ${d.computation}${/[.!?]$/.test(d.computation) ? '' : '.'}`;
  return {
    name: clip(plain(d.label), EMBED_LIMITS.fieldName),
    head: `**${STATE_LABEL[d.status.state]}** · <t:${at}:D> (<t:${at}:R>)${d.precision === 'estimated' ? ' · estimated date' : ''}\n`,
    body: plain(detail),
    tail: sourcesLine(refs),
    shrink: 'detail',
  };
}

/** "Sources: [1] [3]" under a deadline; a long list ends in "…" (each citation still has its own field). */
function sourcesLine(refs: readonly number[]): string {
  if (refs.length === 0) return '';
  let line = '\nSources:';
  for (const n of refs) {
    const next = ` [${n}]`;
    if (line.length + next.length + 2 > SOURCES_LINE) return `${line} …`;
    line += next;
  }
  return line;
}

/** A source, once: its title, then its publisher, date and address, which are never cut. */
function sourceField(s: CitedSource): DraftField {
  const url = linkTarget(s.url);
  return { name: clip(plain(s.sourceTitle), EMBED_LIMITS.fieldName), head: `${clip(plain(s.publisher), 200)} · ${clip(plain(s.published), 20)}${url ? `\n${url}` : ''}`, body: '', tail: '' };
}

/** A paragraph cited from the source above it: its number and paragraph whole, the quote cut to fit. */
function citationField(c: CitedParagraph): DraftField {
  return { name: clip(plain(`[${c.number}] ${c.locator}`), EMBED_LIMITS.fieldName), head: '“', body: plain(c.quote), tail: '”', shrink: 'quote' };
}

function size(l: Layout): number {
  return (l.title?.length ?? 0) + sum(l.descriptions.map((d) => d.length)) + (l.footer?.length ?? 0) + l.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** The largest cap in [low, high] that passes, or `low` when none does (size only grows with the cap). */
function largestFitting(low: number, high: number, fits: (cap: number) => boolean): number {
  if (!fits(low)) return low;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * Distributes a layout over embeds (25 fields each) and messages (10 embeds
 * and 6,000 characters each). Continuation embeds share the colour, so a
 * long reply still reads as one block.
 */
function pack(l: Layout, color: number): APIEmbed[][] {
  const messages: APIEmbed[][] = [];
  let embeds: APIEmbed[] = [];
  let embed: APIEmbed & { fields: APIEmbedField[] } = { color, fields: [] };
  let used = 0;

  const closeEmbed = () => {
    if (embed.fields.length === 0) delete (embed as APIEmbed).fields;
    if (embed.title || embed.description || embed.fields?.length || embed.footer) embeds.push(embed);
    embed = { color, fields: [] };
  };
  const closeMessage = () => {
    closeEmbed();
    if (embeds.length > 0) messages.push(embeds);
    embeds = [];
    used = 0;
  };
  const nextEmbed = () => {
    closeEmbed();
    if (embeds.length >= EMBED_LIMITS.embedsPerMessage) closeMessage();
  };
  const makeRoom = (chars: number, addsField: boolean) => {
    if (used + chars > EMBED_LIMITS.total) closeMessage();
    else if (addsField && embed.fields.length >= EMBED_LIMITS.fields) nextEmbed();
  };

  if (l.title) embed.title = l.title;
  used = l.title?.length ?? 0;
  for (const d of l.descriptions) {
    makeRoom(d.length, false);
    // One description to an embed: a continued answer takes the next embed (or message).
    if (embed.description !== undefined) nextEmbed();
    embed.description = d;
    used += d.length;
  }
  for (const f of l.fields) {
    makeRoom(f.name.length + f.value.length, true);
    embed.fields.push(f);
    used += f.name.length + f.value.length;
  }
  if (l.footer) {
    makeRoom(l.footer.length, false);
    embed.footer = { text: l.footer };
    used += l.footer.length;
  }
  closeMessage();
  // A reply with nothing to show still answers: Discord refuses an empty message, and silence reads as a failure.
  return messages.length > 0 ? messages : [[{ color, description: '…' }]];
}
