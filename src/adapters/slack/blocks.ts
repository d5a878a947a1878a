import type { types } from '@slack/bolt';
import { citationsBySource, type CitedSource } from '../../core/citation.ts';
import type { DeadlineView, Reply } from '../../core/reply.ts';
import { cutText, splitText } from '../../core/split.ts';
import { escapeMrkdwn, escapeWithin, MRKDWN_ATOMIC, mrkdwnLink } from './escape.ts';

/**
 * A `Reply` as a Block Kit message: the answer, its fields and deadlines,
 * then the sources, each once as a context block (title and link, publisher,
 * date) with the paragraphs cited from it under it, then the notes.
 * Rendering is the adapter's whole job, so this file decides layout and
 * limits and nothing else.
 *
 * Every text passes `escapeMrkdwn` (escape.ts) on its way in.
 *
 * Long replies shrink rather than fail. Citations are never dropped and their
 * references (the source's title, link and date, the paragraph) never cut:
 * quotes shrink first, then fields and deadlines are cut or left out (saying
 * how many), and when blocks run short several sources share one context
 * block. A long
 * answer, or a field too long to sit beside another, continues over several
 * sections (cut by `splitText`, never inside a code block, link or entity)
 * as far as the message's total allows.
 */

export const LIMITS = {
  blocks: 50,
  /** Section text, and every text object. */
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  /**
   * Slack refuses a chat.postMessage whose blocks carry roughly 12,000-13,000
   * characters of text in all (`msg_blocks_too_long`; undocumented, see
   * slackapi/bolt-js#2509), so a reply stays well under that.
   */
  totalText: 10_000,
  /** Notification text: the first lines are all anyone sees. */
  fallbackText: 3000,
} as const;

/** Quotes are cut to this much when space is short (less only for dozens of citations), and to QUOTE_MAX when it is not. */
const QUOTE_FLOOR = 160;
const MIN_QUOTE = 40;
const QUOTE_MAX = 800;
/** Notes are cut to NOTE_MAX, and to less (never under MIN_NOTE) when there are many. */
const NOTE_MAX = 500;
const MIN_NOTE = 40;

interface ReferenceSize {
  readonly title: number;
  readonly publisher: number;
  readonly locator: number;
  /** The longest address still shown as a link (0: none). */
  readonly href: number;
}
const REFERENCE_SIZES: readonly ReferenceSize[] = [
  { title: 200, publisher: 100, locator: 40, href: 1500 },
  { title: 80, publisher: 40, locator: 20, href: 300 },
  { title: 30, publisher: 20, locator: 12, href: 0 },
];

/** Any single field or deadline shown at all gets at least this much room, and this much beyond its heading. */
const ITEM_FLOOR = 80;
const MIN_BODY = 20;
/** Room kept for the "N more items not shown" note and the share button's label. */
const SMALL_PRINT = 80;

export const SHARE_ACTION_ID = 'policybot_share';
/** 👍 and 👎 under a rateable answer; both carry the answer's `feedbackId` as their value. */
export const FEEDBACK_UP_ACTION_ID = 'policybot_feedback_up';
export const FEEDBACK_DOWN_ACTION_ID = 'policybot_feedback_down';
/** A reply's own buttons (`Reply.actions`): this prefix and the action's id, which is also the value. */
export const REPLY_ACTION_PREFIX = 'policybot_action:';

export interface SlackMessage {
  /** Plain-text fallback for notifications and clients without blocks (escaped like the blocks). */
  readonly text: string;
  readonly blocks: types.KnownBlock[];
}

export interface RenderOptions {
  /** Adds a "Share in channel" button carrying this value (which names the stored answer). */
  readonly shareValue?: string;
  /** Adds 👍/👎 buttons carrying this value (`Reply.feedbackId`). */
  readonly feedbackId?: string;
}

type Mrkdwn = types.MrkdwnElement;

/** `verbatim`: Slack must not turn URLs, channel names or words in untrusted text into links or mentions. */
const md = (text: string): Mrkdwn => ({ type: 'mrkdwn', text: text || ' ', verbatim: true });

export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  let budget = LIMITS.totalText;

  // The answer's first section comes before anything else; the rest of a long answer is placed below.
  const title = reply.title ? escapeWithin(reply.title, 150) : '';
  const header = title ? `*${title}*\n` : '';
  const answer = escapeMrkdwn(reply.text.trim()) || '…';
  const answerFirst = Math.min(answer.length, LIMITS.sectionText - header.length);
  budget -= header.length + answerFirst;

  // Every reference, and every quote at its floor, before anything optional; references may take
  // what the quotes' and notes' minimums and the small print leave.
  const count = reply.citations.length;
  const sources = citationsBySource(reply.citations);
  const quotesAtMinimum = sum(reply.citations.map((c) => escapeWithin(c.quote, MIN_QUOTE).length + QUOTE_MARKS));
  const references = citationReferences(sources, budget - quotesAtMinimum - reply.notes.length * MIN_NOTE - SMALL_PRINT);
  budget -= references.size + count * QUOTE_MARKS;
  const floor = count === 0 ? 0 : Math.max(MIN_QUOTE, Math.min(QUOTE_FLOOR, Math.floor(budget / count)));
  budget -= sum(reply.citations.map((c) => escapeWithin(c.quote, floor).length));

  // Notes are short remarks (how old the sources are); they and the small print come next.
  const noteRoom = Math.max(MIN_NOTE, Math.min(NOTE_MAX, Math.floor((budget - SMALL_PRINT) / Math.max(1, reply.notes.length))));
  const notes = reply.notes.map((n) => escapeWithin(n, noteRoom));
  budget -= sum(notes.map((n) => n.length)) + SMALL_PRINT;

  // A long answer continues in further sections before fields take any room: it is what was asked.
  const buttons = [...replyButtons(reply), ...actionButtons(options)];
  // Every source head and every quote its own element, ten to a block: the most citations can ever need.
  const minimalCitationBlocks = Math.ceil((sources.length + count) / LIMITS.contextElements);
  const otherFixed = (count > 0 ? 1 : 0) + 1 /* notes or "not shown" */ + (buttons.length > 0 ? 1 : 0);
  const answerPieces = withinBlocks(
    splitText(answer, { limit: LIMITS.sectionText - header.length, total: answerFirst + Math.max(0, budget), atomic: MRKDWN_ATOMIC }),
    LIMITS.blocks - otherFixed - minimalCitationBlocks,
  );
  budget -= sum(answerPieces.map((p) => p.length)) - answerFirst;

  // Fields and deadlines take what is left, in the reply's order.
  const items: Item[] = [];
  let omitted = 0;
  const add = (head: string, body: string, inline: boolean) => {
    if (budget < Math.max(ITEM_FLOOR, head.length + MIN_BODY)) {
      omitted += 1;
      return;
    }
    const whole = head + body;
    if (inline && whole.length <= LIMITS.fieldText) {
      const text = whole.length <= budget ? whole : head + cutText(body, budget - head.length, { atomic: MRKDWN_ATOMIC });
      budget -= text.length;
      items.push({ texts: [text], wide: false });
      return;
    }
    // Too long to sit beside another: its own sections, as many as it needs and the budget allows.
    const pieces = splitText(body, { limit: LIMITS.sectionText - head.length, total: budget - head.length, atomic: MRKDWN_ATOMIC });
    const texts = pieces.length > 0 ? pieces.map((p, i) => (i === 0 ? head + p : p)) : [head];
    budget -= sum(texts.map((t) => t.length));
    items.push({ texts, wide: true });
  };
  for (const f of reply.fields) add(`*${escapeWithin(f.name, 150)}*\n`, escapeMrkdwn(f.value), Boolean(f.inline));
  for (const d of reply.deadlines) add(deadlineHead(d), escapeMrkdwn(`${d.entryName}. ${d.computation}`), true);

  // Whatever remains lets quotes grow back towards their full length.
  const quoteRoom = count === 0 ? 0 : Math.min(QUOTE_MAX, floor + Math.floor(Math.max(0, budget) / count));
  const citationLines = sources.map((s, i) => [references.heads[i]!, ...s.cited.map((c) => `${references.markers.get(c.number)} “${escapeWithin(c.quote, quoteRoom)}”`)]);

  // Blocks: the answer and the fixed ones, then content sections (whole items only), then citations (packed if need be).
  const available = LIMITS.blocks - answerPieces.length - otherFixed;
  const sections: types.SectionBlock[] = [];
  let dropping = false;
  for (const group of contentGroups(items)) {
    dropping ||= sections.length + group.blocks.length + minimalCitationBlocks > available;
    if (dropping) omitted += group.count;
    else sections.push(...group.blocks);
  }

  const blocks: types.KnownBlock[] = answerPieces.map((p, i) => ({ type: 'section', text: md(i === 0 ? header + p : p) }));
  blocks.push(...sections);
  if (count > 0) {
    blocks.push({ type: 'divider' });
    for (const elements of citationBlocks(citationLines, available - sections.length)) blocks.push({ type: 'context', elements: elements.map(md) });
  }
  const footer = [...notes];
  if (omitted > 0) footer.push(`${omitted} more item${omitted === 1 ? '' : 's'} not shown here.`);
  if (footer.length > 0) blocks.push({ type: 'context', elements: packNotes(footer).map(md) });
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return { text: fallbackText(reply), blocks };
}

/**
 * At most `max` pieces (at least one): past that the last piece kept ends
 * with an ellipsis. Only an answer cut into many small pieces gets here.
 */
function withinBlocks(pieces: readonly string[], max: number): string[] {
  const keep = Math.max(1, max);
  if (pieces.length === 0) return ['…'];
  if (pieces.length <= keep) return [...pieces];
  const last = pieces[keep - 1]!;
  // Made one word too long, so that cutText cuts it back to its length with the ellipsis.
  return [...pieces.slice(0, keep - 1), cutText(`${last} …`, last.length, { atomic: MRKDWN_ATOMIC })];
}

/** The buttons a reply asks for (an inbox item's Accept and Dismiss); each action id is unique in a message, as Slack requires. */
function replyButtons(reply: Reply): types.Button[] {
  return (reply.actions ?? []).slice(0, 5).map((a) => ({
    type: 'button',
    action_id: `${REPLY_ACTION_PREFIX}${a.id}`,
    // Button labels are plain text: nothing in them can mention or link.
    text: { type: 'plain_text', text: a.label.slice(0, 75) || '…' },
    value: a.id,
    ...(a.style ? { style: a.style } : {}),
  }));
}

/** The options a rendered answer offers its reader: share it, rate it. */
function actionButtons(options: RenderOptions): types.Button[] {
  const buttons: types.Button[] = [];
  if (options.shareValue) buttons.push({ type: 'button', action_id: SHARE_ACTION_ID, text: { type: 'plain_text', text: 'Share in channel' }, value: options.shareValue });
  if (options.feedbackId) {
    buttons.push(
      { type: 'button', action_id: FEEDBACK_UP_ACTION_ID, text: { type: 'plain_text', text: '👍', emoji: true }, value: options.feedbackId, accessibility_label: 'This answer helped' },
      { type: 'button', action_id: FEEDBACK_DOWN_ACTION_ID, text: { type: 'plain_text', text: '👎', emoji: true }, value: options.feedbackId, accessibility_label: 'This answer did not help' },
    );
  }
  return buttons;
}

interface Item {
  /** The item's text; a wide one continues over several sections. */
  readonly texts: readonly string[];
  /** A wide item gets sections of its own; narrow ones sit side by side as fields. */
  readonly wide: boolean;
}

/** Sections that stand or fall together: one wide item, or a run of fields sharing a section. */
interface ContentGroup {
  readonly blocks: readonly types.SectionBlock[];
  /** Items in it, for the "N more items not shown" note. */
  readonly count: number;
}

function contentGroups(items: readonly Item[]): ContentGroup[] {
  const groups: ContentGroup[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) groups.push({ blocks: [{ type: 'section', fields: run.map(md) }], count: run.length });
    run = [];
  };
  for (const item of items) {
    if (item.wide) {
      flush();
      groups.push({ blocks: item.texts.map((t) => ({ type: 'section', text: md(t) })), count: 1 });
    } else {
      run.push(...item.texts);
      if (run.length === LIMITS.sectionFields) flush();
    }
  }
  flush();
  return groups;
}

/** A deadline's label, date and status: the part of its text that is never cut. */
function deadlineHead(d: DeadlineView): string {
  return `*${escapeWithin(d.label, 200)}*\n${escapeWithin(d.date, 20)}${d.precision === 'estimated' ? ' (estimated)' : ''}: *${escapeWithin(d.status.text, 100)}*\n`;
}

/** What a quote adds around its text: ` “`, `”` and the line break before it. */
const QUOTE_MARKS = 4;

interface References {
  /** Per source: "<url|Title> · Publisher · 2026-02-05". */
  readonly heads: readonly string[];
  /** Per citation number: "*[1]* ¶11". */
  readonly markers: ReadonlyMap<number, string>;
  /** Characters they take, with their line breaks. */
  readonly size: number;
}

/**
 * The part of the citations that is never dropped: each source's head once
 * ("<url|Title> · Publisher · 2026-02-05") and each citation's number and
 * paragraph ("*[1]* ¶11"). Curated sources fit at the first size; a reply
 * citing many sources with long titles or addresses takes the first size
 * whose references fit in `room`, down to short titles without links (a
 * message over Slack's total would lose its blocks altogether).
 */
function citationReferences(sources: readonly CitedSource[], room: number): References {
  let references: References = { heads: [], markers: new Map(), size: 0 };
  for (const size of REFERENCE_SIZES) {
    const heads = sources.map((s) => sourceHead(s, size));
    const markers = new Map(sources.flatMap((s) => s.cited.map((c) => [c.number, `*[${c.number}]* ${escapeWithin(c.locator, size.locator)}`] as const)));
    references = { heads, markers, size: sum(heads.map((h) => h.length + 1)) + sum([...markers.values()].map((m) => m.length)) };
    if (references.size <= room) break;
  }
  return references;
}

function sourceHead(s: CitedSource, size: ReferenceSize): string {
  const title = cutText(s.sourceTitle, size.title);
  return [mrkdwnLink(size.href > 0 ? s.url : undefined, title, size.href), escapeWithin(s.publisher, size.publisher), escapeWithin(s.published, 20)].join(' · ');
}

/**
 * The sources' lines (each source's head, then its quotes) as context blocks
 * within `available` blocks: a block per source while there is room (a source
 * whose quotes pass an element's limit continues in the next block), and when
 * there is not, sources share blocks, several lines to an element and up to
 * ten elements to a block. Lines are never cut here: each fits an element.
 */
function citationBlocks(sources: readonly (readonly string[])[], available: number): string[][] {
  // Each source's lines joined into as few texts as an element holds.
  const units = sources.flatMap((lines) => joinLines(lines));
  if (units.length <= Math.max(1, available)) return units.map((u) => [u]);
  // Too many for a block each: units share elements, then elements share blocks.
  let elements = units;
  if (Math.ceil(elements.length / LIMITS.contextElements) > available) elements = joinLines(units);
  const perBlock = Math.min(LIMITS.contextElements, Math.ceil(elements.length / Math.max(1, available)));
  const blocks: string[][] = [];
  for (let i = 0; i < elements.length; i += perBlock) blocks.push(elements.slice(i, i + perBlock));
  return blocks;
}

/** Lines joined with line breaks into texts no longer than a section's (and a context element's) limit. */
function joinLines(lines: readonly string[]): string[] {
  const texts: string[] = [];
  for (const line of lines) {
    const last = texts.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= LIMITS.sectionText) texts[texts.length - 1] = `${last}\n${line}`;
    else texts.push(line);
  }
  return texts;
}

/** Notes share one context block: at most ten elements, the last taking any overflow. */
function packNotes(notes: readonly string[]): string[] {
  if (notes.length <= LIMITS.contextElements) return [...notes];
  const head = notes.slice(0, LIMITS.contextElements - 1);
  const rest = notes.slice(LIMITS.contextElements - 1).join('\n');
  return [...head, cutText(rest, LIMITS.sectionText, { atomic: MRKDWN_ATOMIC })];
}

/** Title and answer as notification text, escaped like everything else. */
function fallbackText(reply: Reply): string {
  const plain = [reply.title, reply.text.trim()].filter(Boolean).join(': ');
  const sources = reply.citations.length > 0 ? ` (${reply.citations.length} source${reply.citations.length === 1 ? '' : 's'} quoted)` : '';
  // Nothing may be left once escaped (a title of bidi controls): Slack refuses an empty text.
  return (escapeWithin(plain, LIMITS.fallbackText - sources.length) || '…') + sources;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
