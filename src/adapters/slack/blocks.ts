import type { types } from '@slack/bolt';
import type { DeadlineView, Reply, ReplyField } from '../../core/reply.ts';
import type { Citation } from '../../knowledge/model.ts';
import { escapeMrkdwn, escapeWithin, mrkdwnLink } from './escape.ts';

/**
 * A `Reply` as a Block Kit message: the answer, its fields and deadlines,
 * then every citation as a context block, then the notes. Rendering is the
 * adapter's whole job, so this file decides layout and limits and nothing
 * else.
 *
 * Long replies shrink rather than fail. Citations are never dropped and their
 * source references (title, link, date, paragraph) never cut: quotes shrink
 * first, then fields and deadlines are cut or left out (saying how many), and
 * when blocks run short several citations share one context block.
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
/** Any single field or deadline shown at all gets at least this much room. */
const ITEM_FLOOR = 80;
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

  const main = mainText(reply);
  budget -= main.length;

  // Every reference whole, and every quote at its floor, before anything optional.
  const references = reply.citations.map((c, i) => citationReference(c, i));
  budget -= sum(references.map((r) => r.length + 3));
  const count = reply.citations.length;
  const floor = count === 0 ? 0 : Math.max(MIN_QUOTE, Math.min(QUOTE_FLOOR, Math.floor(budget / count)));
  budget -= sum(reply.citations.map((c) => escapeWithin(c.quote, floor).length));

  // Notes are short remarks (how old the sources are); they and the small print come next.
  const notes = reply.notes.map((n) => escapeWithin(n, 500));
  budget -= sum(notes.map((n) => n.length)) + SMALL_PRINT;

  // Fields and deadlines take what is left, in the reply's order.
  const items: Item[] = [];
  let omitted = 0;
  const add = (text: (room: number) => string, wide: boolean, cap: number) => {
    const room = Math.min(cap, budget);
    if (room < ITEM_FLOOR) {
      omitted += 1;
      return;
    }
    const t = text(room);
    budget -= t.length;
    items.push({ text: t, wide });
  };
  for (const f of reply.fields) add((room) => fieldText(f, room), !f.inline, f.inline ? LIMITS.fieldText : LIMITS.sectionText);
  for (const d of reply.deadlines) add((room) => deadlineText(d, room), false, LIMITS.fieldText);

  // Whatever remains lets quotes grow back towards their full length.
  const quoteRoom = count === 0 ? 0 : Math.min(QUOTE_MAX, floor + Math.floor(Math.max(0, budget) / count));
  const citationTexts = reply.citations.map((c, i) => `${references[i]}\n“${escapeWithin(c.quote, quoteRoom)}”`);

  // Blocks: the fixed ones, then content sections, then citations (packed if need be).
  const buttons = actionButtons(options);
  const fixed = 1 + (citationTexts.length > 0 ? 1 : 0) + 1 /* notes or "not shown" */ + (buttons.length > 0 ? 1 : 0);
  const available = LIMITS.blocks - fixed;
  let sections = contentSections(items);
  const minimalCitationBlocks = Math.ceil(citationTexts.length / LIMITS.contextElements);
  if (sections.length + minimalCitationBlocks > available) {
    const keep = Math.max(0, available - minimalCitationBlocks);
    omitted += sum(sections.slice(keep).map((s) => s.count));
    sections = sections.slice(0, keep);
  }
  const citationBlocks = Math.min(citationTexts.length, available - sections.length);
  const perBlock = citationBlocks === 0 ? 0 : Math.ceil(citationTexts.length / citationBlocks);

  const blocks: types.KnownBlock[] = [{ type: 'section', text: md(main) }];
  for (const s of sections) blocks.push(s.block);
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
  readonly text: string;
  /** A wide item gets a section of its own; narrow ones sit side by side as fields. */
  readonly wide: boolean;
}

interface ContentSection {
  readonly block: types.SectionBlock;
  readonly count: number;
}

function contentSections(items: readonly Item[]): ContentSection[] {
  const sections: ContentSection[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) sections.push({ block: { type: 'section', fields: run.map(md) }, count: run.length });
    run = [];
  };
  for (const item of items) {
    if (item.wide) {
      flush();
      sections.push({ block: { type: 'section', text: md(item.text) }, count: 1 });
    } else {
      run.push(item.text);
      if (run.length === LIMITS.sectionFields) flush();
    }
  }
  flush();
  return sections;
}

function mainText(reply: Reply): string {
  const title = reply.title ? `*${escapeWithin(reply.title, 150)}*\n` : '';
  return title + escapeWithin(reply.text.trim() || '…', LIMITS.sectionText - title.length);
}

function fieldText(f: ReplyField, room: number): string {
  const name = `*${escapeWithin(f.name, 150)}*\n`;
  return name + escapeWithin(f.value, room - name.length);
}

function deadlineText(d: DeadlineView, room: number): string {
  const head = `*${escapeWithin(d.label, 200)}*\n${escapeMrkdwn(d.date)}${d.precision === 'estimated' ? ' (estimated)' : ''}: *${escapeMrkdwn(d.status.text)}*\n`;
  return head + escapeWithin(`${d.entryName}. ${d.computation}`, room - head.length);
}

/** "[1] <url|Title> · Publisher · 2026-02-05 · ¶11": the part of a citation that is never cut. */
function citationReference(c: Citation, index: number): string {
  return [`*[${index + 1}]* ${mrkdwnLink(c.url, shorten(c.sourceTitle, 200))}`, escapeWithin(c.publisher, 100), escapeMrkdwn(c.published), escapeWithin(c.locator, 40)].join(' · ');
}

/** Notes share one context block: at most ten elements, the last taking any overflow. */
function packNotes(notes: readonly string[]): string[] {
  if (notes.length <= LIMITS.contextElements) return [...notes];
  const head = notes.slice(0, LIMITS.contextElements - 1);
  const rest = notes.slice(LIMITS.contextElements - 1).join('\n');
  return [...head, rest.length > LIMITS.sectionText ? `${rest.slice(0, LIMITS.sectionText - 1)}…` : rest];
}

/** Title and answer as notification text, escaped like everything else. */
function fallbackText(reply: Reply): string {
  const plain = [reply.title, reply.text.trim()].filter(Boolean).join(': ');
  const sources = reply.citations.length > 0 ? ` (${reply.citations.length} source${reply.citations.length === 1 ? '' : 's'} quoted)` : '';
  return escapeWithin(plain || '…', LIMITS.fallbackText - sources.length) + sources;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
