import { citationsBySource, type Citation } from './citation.ts';
import type { IsoDate, Precision } from './dates.ts';

/**
 * What every command and answer returns, whatever the platform: adapters
 * render it (Block Kit, embeds, plain text) and decide nothing else.
 * All text is plain, untrusted-safe text: adapters escape it for their markup.
 */
export interface Reply {
  readonly kind: 'answer' | 'declined' | 'info' | 'user-error' | 'internal-error';
  readonly title?: string;
  /** The answer itself, short and direct. */
  readonly text: string;
  readonly fields: readonly ReplyField[];
  readonly citations: readonly Citation[];
  readonly deadlines: readonly DeadlineView[];
  /** Quiet remarks under the answer: how old the sources are, a fallback note. */
  readonly notes: readonly string[];
  readonly attachments: readonly Attachment[];
  /** The question answered, for feedback and sharing. */
  readonly question?: string;
  /** Set on answers the asker can rate (👍/👎): pass it back to `Bot.handleFeedback`. */
  readonly feedbackId?: string;
  /** Buttons under it (an inbox item's Accept and Dismiss): a press passes the action's id to `Bot.handleAction`, whose reply replaces this one. */
  readonly actions?: readonly ReplyAction[];
}

export interface ReplyAction {
  /** Opaque to adapters, at most 80 characters: `name:argument`, routed by the name (`inbox:accept:3fa2b1c0`). */
  readonly id: string;
  readonly label: string;
  /** `primary` for the expected choice, `danger` for one that discards. */
  readonly style?: 'primary' | 'danger';
}

export interface ReplyField {
  readonly name: string;
  readonly value: string;
  /** Short enough to sit beside another field. */
  readonly inline?: boolean;
}

export interface DeadlineView {
  readonly id: string;
  readonly label: string;
  readonly entryId: string;
  readonly entryName: string;
  readonly date: IsoDate;
  readonly precision: Precision;
  /** "30 days after the Critical Minerals Ministerial (2026-02-04)". */
  readonly computation: string;
  readonly status: DeadlineStatus;
  readonly citations: readonly Citation[];
}

export interface DeadlineStatus {
  /** settled: a recorded development (concluded, met, missed, withdrawn…) decided it, whatever the date. */
  readonly state: 'upcoming' | 'today' | 'passed' | 'settled';
  /** Whole days between today and the date (never negative); for settled, since the development. */
  readonly days: number;
  /** "upcoming in 12 days", "due today", "passed 267 days ago", "concluded on 2026-03-20 (European Commission, 2026-03-21)". */
  readonly text: string;
}

export interface Attachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: string;
}

export function reply(parts: Partial<Reply> & Pick<Reply, 'kind' | 'text'>): Reply {
  return { fields: [], citations: [], deadlines: [], notes: [], attachments: [], ...parts };
}

/** Plain-text rendering shared by the console and by platform fallbacks (notification text). */
export function replyToPlainText(r: Reply, options: { citations?: boolean } = {}): string {
  const lines: string[] = [];
  if (r.title) lines.push(r.title);
  lines.push(r.text);
  for (const f of r.fields) lines.push(`${f.name}: ${f.value}`);
  for (const d of r.deadlines) lines.push(`- ${d.label}: ${d.date} (${d.precision}; ${d.status.text}). ${d.computation}.`);
  if (options.citations ?? true) {
    // Each source once, its cited paragraphs under it.
    for (const s of citationsBySource(r.citations)) {
      lines.push(`${s.sourceTitle} (${s.publisher}, ${s.published}${s.url ? `, ${s.url}` : ''})`);
      for (const c of s.cited) lines.push(`  [${c.number}] ${c.locator} "${c.quote}"`);
    }
  }
  for (const n of r.notes) lines.push(n);
  return lines.join('\n');
}
