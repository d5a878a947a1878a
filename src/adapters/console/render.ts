import wrapAnsi from 'wrap-ansi';
import { citationsBySource } from '../../core/citation.ts';
import type { DeadlineView, Reply } from '../../core/reply.ts';
import { sanitizeForTerminal } from './sanitize.ts';
import { paint, type Style } from './style.ts';

/**
 * A reply for a terminal: the answer, its fields and deadlines, then each
 * source once (title; publisher, date and address) with the numbered quotes
 * cited from it, then the notes.
 *
 * With `colour`, headings, statuses, sources and notes are styled; with
 * `width`, every line is wrapped to it at word boundaries (a word longer than
 * the line, such as an address, is left whole rather than cut), continuation
 * lines indented under the text they continue. Without either, plain text as
 * a pipe or a file wants it.
 *
 * Every piece of text from the reply passes `sanitizeForTerminal` in `span`,
 * the one place a line is made of it; only the styles added after that carry
 * escape codes.
 */
export interface ConsoleRenderOptions {
  /** Wrap to this many columns (a terminal's width); no wrapping when absent. */
  readonly width?: number;
  /** Style with ANSI colours. */
  readonly colour?: boolean;
}

/** Text and the styles it is shown in. */
export interface Span {
  readonly text: string;
  readonly style?: readonly Style[];
}

/**
 * A line of output: `indent` spaces, then `marker` (a bullet, a citation
 * number), then the text; lines it wraps into start under the text, past the
 * marker.
 */
interface Line {
  readonly indent?: number;
  readonly marker?: Span;
  readonly spans: readonly Span[];
}

const BLANK: Line = { spans: [] };
/** Narrower than this, wrapping would make more noise than it removes. */
const MIN_WIDTH = 20;

const TEXT_STYLE: Record<Reply['kind'], readonly Style[] | undefined> = {
  answer: undefined,
  info: undefined,
  declined: ['yellow'],
  'user-error': ['yellow'],
  'internal-error': ['red'],
};

const STATUS_STYLE: Record<DeadlineView['status']['state'], readonly Style[]> = { upcoming: ['green'], today: ['yellow', 'bold'], passed: ['dim'], settled: ['green'] };

export function renderForConsole(r: Reply, options: ConsoleRenderOptions = {}): string {
  const lines: Line[] = [];
  const text = (t: string, style?: readonly Style[], indent?: number) => lines.push({ spans: [{ text: t, ...(style ? { style } : {}) }], ...(indent ? { indent } : {}) });

  if (r.title) {
    const title = clean(r.title);
    text(title, ['bold']);
    if (!options.colour) text('-'.repeat(Math.min(title.length, 72, options.width ?? 72)));
  }
  text(r.text, TEXT_STYLE[r.kind]);
  for (const f of r.fields) lines.push(BLANK, { spans: [{ text: `${f.name}:`, style: ['bold'] }] }, { indent: 2, spans: [{ text: f.value }] });
  if (r.deadlines.length > 0) {
    lines.push(BLANK);
    for (const d of r.deadlines) {
      lines.push(
        {
          marker: { text: '• ' },
          spans: [{ text: d.label, style: ['bold'] }, { text: `: ${d.date}${d.precision === 'estimated' ? ' (estimated)' : ''}, ` }, { text: d.status.text, style: STATUS_STYLE[d.status.state] }],
        },
        { indent: 2, spans: [{ text: `${d.entryName}. ${d.computation}.`, style: ['dim'] }] },
      );
    }
  }
  if (r.citations.length > 0) {
    lines.push(BLANK, { spans: [{ text: 'Sources:', style: ['bold'] }] });
    for (const s of citationsBySource(r.citations)) {
      text(s.sourceTitle, ['cyan']);
      text(`${s.publisher}, ${s.published}`, ['dim'], 2);
      if (s.url) text(s.url, ['blue', 'underline'], 2);
      for (const c of s.cited) {
        lines.push({ indent: 2, marker: { text: `[${c.number}] `, style: ['cyan'] }, spans: [{ text: `${c.locator} `, style: ['dim'] }, { text: `“${c.quote}”` }] });
      }
    }
  }
  if (r.notes.length > 0) {
    lines.push(BLANK);
    for (const n of r.notes) text(n, ['dim']);
  }
  return lines.map((l) => layout(l, options)).join('\n');
}

/** A line of the console's own (a greeting), sanitised, styled and wrapped as replies are. */
export function renderLine(spans: readonly Span[], options: ConsoleRenderOptions = {}): string {
  return layout({ spans }, options);
}

/** A line as the terminal shows it: painted, then wrapped under its marker. */
function layout(line: Line, options: ConsoleRenderOptions): string {
  const indent = ' '.repeat(line.indent ?? 0);
  const marker = line.marker ? span(line.marker, options) : '';
  const hang = indent + ' '.repeat(line.marker ? clean(line.marker.text).length : 0);
  const body = line.spans.map((s) => span(s, options)).join('');
  const room = options.width === undefined ? undefined : options.width - hang.length;
  const rows = room !== undefined && room >= MIN_WIDTH ? wrapAnsi(body, room, { hard: false, trim: true, wordWrap: true }).split('\n') : body.split('\n');
  return rows.map((row, i) => (i === 0 ? indent + marker + row : row ? hang + row : row)).join('\n');
}

/** A span's text made safe for a terminal, then styled (when colour is on). */
function span(s: Span, options: ConsoleRenderOptions): string {
  const safe = clean(s.text);
  return options.colour ? paint(safe, s.style) : safe;
}

function clean(text: string): string {
  return sanitizeForTerminal(text);
}
