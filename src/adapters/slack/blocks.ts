import type { types } from '@slack/bolt';
import type { DeadlineView, Reply } from '../../core/reply.ts';
import { cutText, splitText } from '../../core/split.ts';
import type { Citation } from '../../knowledge/model.ts';
import { escapeMrkdwn, escapeWithin, MRKDWN_ATOMIC, mrkdwnLink } from './escape.ts';

/**
 * A `Reply` as a Block Kit message: the answer, its fields and deadlines,
 * then every citation as a context block, then the notes. Rendering is the
 * adapter's whole job, so this file decides layout and limits and nothing
 * else.
 *
 * Every text passes `escapeMrkdwn` (escape.ts) on its way in.
 *
 * Long replies shrink rather than fail. Citations are never dropped and their
 * source references (title, link, date, paragraph) never cut: quotes shrink
 * first, then fields and deadlines are cut or left out (saying how many), and
 * when blocks run short several citations share one context block. A long
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
  const quotesAtMinimum = sum(reply.citations.map((c) => escapeWithin(c.quote, MIN_QUOTE).length + 3));
  const references = citationReferences(reply.citations, budget - quotesAtMinimum - reply.notes.length * MIN_NOTE - SMALL_PRINT);
  budget -= sum(references.map((r) => r.length + 3));
  const floor = count === 0 ? 0 : Math.max(MIN_QUOTE, Math.min(QUOTE_FLOOR, Math.floor(budget / count)));
  budget -= sum(reply.citations.map((c) => escapeWithin(c.quote, floor).length));

  // Notes are short remarks (how old the sources are); they and the small print come next.
  const noteRoom = Math.max(MIN_NOTE, Math.min(NOTE_MAX, Math.floor((budget - SMALL_PRINT) / Math.max(1, reply.notes.length))));
  const notes = reply.notes.map((n) => escapeWithin(n, noteRoom));
  budget -= sum(notes.map((n) => n.length)) + SMALL_PRINT;

  // A long answer continues in further sections before fields take any room: it is what was asked.
  const buttons = actionButtons(options);
  const minimalCitationBlocks = Math.ceil(count / LIMITS.contextElements);
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
  const citationTexts = reply.citations.map((c, i) => `${references[i]}\n“${escapeWithin(c.quote, quoteRoom)}”`);

  // Blocks: the answer and the fixed ones, then content sections (whole items only), then citations (packed if need be).
  const available = LIMITS.blocks - answerPieces.length - otherFixed;
  const sections: types.SectionBlock[] = [];
  let dropping = false;
  for (const group of contentGroups(items)) {
    dropping ||= sections.length + group.blocks.length + minimalCitationBlocks > available;
    if (dropping) omitted += group.count;
    else sections.push(...group.blocks);
  }
  const citationBlocks = Math.min(citationTexts.length, available - sections.length);
  const perBlock = citationBlocks <= 0 ? citationTexts.length : Math.ceil(citationTexts.length / citationBlocks);

  const blocks: types.KnownBlock[] = answerPieces.map((p, i) => ({ type: 'section', text: md(i === 0 ? header + p : p) }));
  blocks.push(...sections);
  if (citationTexts.length > 0) {
    blocks.push({ type: 'divider' });
    for (let i = 0; i < citationTexts.length; i += perBlock) {
      blocks.push({ type: 'context', elements: citationTexts.slice(i, i + perBlock).map(md) });
    }
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

/**
 * "[1] <url|Title> · Publisher · 2026-02-05 · ¶11": the part of a citation
 * that is never dropped. Curated sources fit at the first size; a reply
 * citing many sources with long titles or addresses takes the first size
 * whose references fit in `room`, down to short titles without links (a
 * message over Slack's total would lose its blocks altogether).
 */
function citationReferences(citations: readonly Citation[], room: number): string[] {
  let references: string[] = [];
  for (const size of REFERENCE_SIZES) {
    references = citations.map((c, i) => citationReference(c, i, size));
    if (sum(references.map((r) => r.length + 3)) <= room) break;
  }
  return references;
}

function citationReference(c: Citation, index: number, size: ReferenceSize): string {
  const title = cutText(c.sourceTitle, size.title);
  return [`*[${index + 1}]* ${mrkdwnLink(size.href > 0 ? c.url : undefined, title, size.href)}`, escapeWithin(c.publisher, size.publisher), escapeWithin(c.published, 20), escapeWithin(c.locator, size.locator)].join(' · ');
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
