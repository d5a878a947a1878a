/**
 * Cutting a long text into pieces a platform accepts (Slack sections,
 * Discord embed descriptions and fields), at the places a reader would pause
 * and never where a cut would change what the text shows.
 *
 * - A piece ends at its latest paragraph break in its second half, else its
 *   latest line break there, else sentence, else word break; failing those,
 *   at any break at all; failing that, a hard cut. Filling pieces at least
 *   half keeps a reply within a platform's count of blocks or messages.
 * - A fenced code block (``` … ```) is never cut while the piece can end
 *   before it. One too long for any piece is closed at the cut and reopened,
 *   with its language, in the next, so both halves still render as code.
 * - Atomic spans are never cut: the adapter passes its link and escape
 *   syntax (an `&amp;` cut in two shows as rubbish; a link cut in two points
 *   nowhere), and citation markers like `[3]` always count. A marker also
 *   stays with the words before it: a quote and its source are read together.
 * - A hard cut never splits a surrogate pair, and avoids separating a
 *   character from its combining marks or an emoji from its joiners.
 *
 * Only what no piece can hold is cut regardless: an atomic span longer than a
 * piece, a fence whose markers alone fill one.
 *
 * Whitespace at a cut outside code is dropped, since that is where pieces
 * join; code keeps every character. Lengths are UTF-16 code units, which is
 * how Slack and Discord count (and never less than what a reader sees).
 */

export interface SplitOptions {
  /** The most characters a piece may hold; at least 2, so that any character fits. */
  readonly limit: number;
  /**
   * Spans never to cut, as the platform spells them: links, entities,
   * escapes. Each is scanned globally; keep them linear (no nested
   * quantifiers), since untrusted text runs through them.
   */
  readonly atomic?: readonly RegExp[];
  /**
   * The most characters all pieces together may hold. Past it the text is
   * cut, at the same kind of boundary, and the last piece ends with `ellipsis`.
   */
  readonly total?: number;
  /** What marks a text cut short; default "…". */
  readonly ellipsis?: string;
}

/** The pieces of `text`, each at most `limit` long; `[text]` when it fits. */
export function splitText(text: string, options: SplitOptions): string[] {
  const { limit } = options;
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError(`splitText: limit must be an integer of at least 2, not ${limit}`);
  const total = options.total ?? Number.POSITIVE_INFINITY;
  const atomic = options.atomic ?? [];
  const ellipsis = options.ellipsis ?? '…';
  if (text.length <= Math.min(limit, total)) return [text];

  const out: string[] = [];
  let used = 0;
  for (const piece of pieces(text, limit, atomic)) {
    if (used + piece.length <= total) {
      out.push(piece);
      used += piece.length;
      continue;
    }
    const room = Math.min(limit, total - used);
    if (room >= ellipsis.length + 2) {
      out.push(endWithEllipsis(piece, room, atomic, ellipsis));
    } else if (out.length > 0) {
      // No room for even a word of this piece: the previous one carries the mark instead.
      const previous = out.pop()!;
      const space = Math.min(limit, total - (used - previous.length));
      out.push(previous.length + ellipsis.length <= space && !previous.endsWith(FENCE) ? previous + ellipsis : endWithEllipsis(previous, space, atomic, ellipsis));
    } else if (ellipsis.length <= room) {
      out.push(ellipsis);
    }
    break;
  }
  return out.filter((p) => p.length > 0);
}

/** `text` whole if it fits in `max`, else its first piece at a good boundary, marked with an ellipsis. */
export function cutText(text: string, max: number, options: Pick<SplitOptions, 'atomic' | 'ellipsis'> = {}): string {
  if (text.length <= max) return text;
  return endWithEllipsis(text, max, options.atomic ?? [], options.ellipsis ?? '…');
}

const FENCE = '```';
/** Citation markers, escaped for markdown or not, alone or in a run: "[3]", "[1][2]", "\[4\]". */
const MARKER = /(?:\\?\[\d{1,4}\\?\])+/g;
/** A fence's language as Discord reads it: name characters right after the backticks, ending the line. */
const FENCE_LANGUAGE = /[A-Za-z0-9_+\-.#]{1,32}\n/y;
/** Code points that belong to the character before them (or, for a joiner, after). */
const CLINGING = /[\p{M}\u200D\uFE00-\uFE0F\u{E0020}-\u{E007F}\u{1F3FB}-\u{1F3FF}]/gu;
const SENTENCE_END = new Set(['.', '!', '?', '…', '。', '！', '？']);
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»', '*', '_']);

/** Boundary kinds, weakest first. */
const WORD = 1;
const SENTENCE = 2;
const LINE = 3;
const PARAGRAPH = 4;
const PREFERENCE = [PARAGRAPH, LINE, SENTENCE, WORD] as const;

/** Why a cut at a position is bad: it splits an atomic span, a surrogate pair, a character from its marks. */
const ATOMIC = 1;
const PAIR = 2;
const CLING = 4;

interface Fence {
  readonly start: number;
  /** After the opening backticks and the language line, if any. */
  readonly contentStart: number;
  /** Where the closing backticks begin. */
  readonly contentEnd: number;
  readonly end: number;
  /** What reopens it in the next piece. */
  readonly opener: string;
}

/** What `pieces` needs to know about every position (a cut at p falls between text[p-1] and text[p]). */
interface Analysis {
  readonly text: string;
  readonly flags: Uint8Array;
  readonly level: Uint8Array;
  /** The fence strictly containing the position, or -1. */
  readonly fenceOf: Int32Array;
  readonly fences: readonly Fence[];
}

function* pieces(text: string, limit: number, atomic: readonly RegExp[]): Generator<string> {
  const a = analyse(text, atomic);
  const n = text.length;
  let pos = 0;
  // Set while the piece starts inside a code block cut at the end of the previous one.
  let reopen = '';
  while (pos < n) {
    const room = limit - reopen.length;
    if (n - pos <= room) {
      yield reopen + text.slice(pos);
      return;
    }
    const clean = cleanCut(a, pos, room);
    if (clean !== undefined) {
      const piece = reopen + text.slice(pos, clean).trimEnd();
      if (piece.length > 0) yield piece;
      pos = skipSpace(text, clean);
      reopen = '';
      continue;
    }
    const inFence = fenceCut(a, pos, limit, reopen);
    if (inFence) {
      yield inFence.piece;
      pos = inFence.at;
      reopen = inFence.reopen;
      continue;
    }
    // Nothing respects every rule (an atomic span or fence markers longer than a piece): keep only characters whole.
    const at = latest(pos, Math.min(n, pos + room), (p) => (a.flags[p]! & PAIR) === 0) ?? pos + room;
    yield reopen + text.slice(pos, at);
    pos = at;
    reopen = '';
  }
}

/** The best cut outside code in (pos, pos + room], or undefined when there is none. */
function cleanCut(a: Analysis, pos: number, room: number): number | undefined {
  const end = Math.min(a.text.length, pos + room);
  const best = [0, 0, 0, 0, 0];
  let hard: number | undefined;
  let loose: number | undefined;
  for (let p = end; p > pos; p -= 1) {
    if (a.fenceOf[p] !== -1) continue;
    const flags = a.flags[p]!;
    if (flags & (ATOMIC | PAIR)) continue;
    loose ??= p;
    if (flags & CLING) continue;
    hard ??= p;
    const level = a.level[p]!;
    if (level > 0 && best[level] === 0) best[level] = p;
  }
  const half = pos + Math.ceil(room / 2);
  for (const level of PREFERENCE) if (best[level]! >= half) return best[level];
  const any = Math.max(...best);
  return any > pos ? any : (hard ?? loose);
}

/**
 * A cut inside the code block the piece starts in (at its opening, or
 * reopened): the piece is closed with a fence and the next reopens it.
 * Undefined when the piece does not start in a block or the limit cannot
 * hold the markers.
 */
function fenceCut(a: Analysis, pos: number, limit: number, reopen: string): { piece: string; at: number; reopen: string } | undefined {
  const f = a.fences[a.fenceOf[pos + 1] ?? -1];
  if (!f || (f.start !== pos && !reopen)) return undefined;
  const opener = f.opener.length <= limit / 4 ? f.opener : `${FENCE}\n`;
  // The markers of both pieces, and at least one character of code.
  if (opener.length + FENCE.length + 2 > limit) return undefined;
  const text = a.text;
  const lo = Math.max(pos + 1, f.start === pos ? f.contentStart + 1 : pos + 1);
  const fits = (p: number) => reopen.length + (p - pos) + closer(text, p).length <= limit;
  const hi = Math.min(f.contentEnd - 1, pos + limit - reopen.length - FENCE.length);
  const half = pos + Math.ceil((limit - reopen.length) / 2);
  const at =
    latest(Math.max(lo - 1, half - 1), hi, (p) => text[p - 1] === '\n' && fits(p) && (a.flags[p]! & (ATOMIC | PAIR)) === 0) ??
    latest(lo - 1, hi, (p) => fits(p) && a.flags[p] === 0) ??
    latest(lo - 1, hi, (p) => fits(p) && (a.flags[p]! & (ATOMIC | PAIR)) === 0) ??
    latest(lo - 1, hi, (p) => fits(p) && (a.flags[p]! & PAIR) === 0);
  if (at === undefined) return undefined;
  return { piece: reopen + text.slice(pos, at) + closer(text, at), at, reopen: opener };
}

function closer(text: string, at: number): string {
  return text[at - 1] === '\n' ? FENCE : `\n${FENCE}`;
}

/** The largest p in (after, upTo] passing `ok`. */
function latest(after: number, upTo: number, ok: (p: number) => boolean): number | undefined {
  for (let p = upTo; p > after; p -= 1) if (ok(p)) return p;
  return undefined;
}

function endWithEllipsis(text: string, max: number, atomic: readonly RegExp[], ellipsis: string): string {
  const first = (limit: number) => (limit < 2 ? '' : text.length <= limit ? text : (pieces(text, limit, atomic).next().value ?? ''));
  const room = max - ellipsis.length;
  let head = first(room);
  // After a closing fence the mark goes on its own line: "```…" would read as the start of another block.
  if (head.endsWith(FENCE) && head.length + 1 > room) head = first(room - 1);
  if (!head) return ellipsis.length <= max ? ellipsis : '';
  return `${head}${head.endsWith(FENCE) ? '\n' : ''}${ellipsis}`;
}

function analyse(text: string, atomic: readonly RegExp[]): Analysis {
  const n = text.length;
  const flags = new Uint8Array(n + 1);
  const level = new Uint8Array(n + 1);
  const fenceOf = new Int32Array(n + 1).fill(-1);
  const markerStarts = new Uint8Array(n + 1);
  const markerFrom = new Int32Array(n + 1).fill(-1);

  const spans = (pattern: RegExp, each: (start: number, end: number) => void) => {
    const global = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '') + 'g');
    for (let m = global.exec(text); m; m = global.exec(text)) {
      if (m[0].length === 0) {
        global.lastIndex += 1;
        continue;
      }
      each(m.index, m.index + m[0].length);
    }
  };
  const protect = (start: number, end: number) => {
    for (let p = start + 1; p < end; p += 1) flags[p]! |= ATOMIC;
  };
  for (const pattern of atomic) spans(pattern, protect);
  spans(MARKER, (start, end) => {
    protect(start, end);
    markerStarts[start] = 1;
    markerFrom[end] = start;
  });
  spans(CLINGING, (start, end) => {
    flags[start]! |= CLING;
    if (text[start] === '\u200D') flags[end]! |= CLING;
  });
  for (let p = 1; p < n; p += 1) if (isHigh(text.charCodeAt(p - 1)) && isLow(text.charCodeAt(p))) flags[p]! |= PAIR;

  const fences = findFences(text, protect);
  fences.forEach((f, i) => fenceOf.fill(i, f.start + 1, f.end));

  // Boundaries: after a newline (a blank line before it makes a paragraph), after other whitespace (a sentence if punctuation ends what precedes).
  const nextSolid = new Int32Array(n + 1);
  nextSolid[n] = n;
  for (let p = n - 1; p >= 0; p -= 1) nextSolid[p] = isSpace(text.charCodeAt(p)) ? nextSolid[p + 1]! : p;
  let lineBlank = false;
  let afterNewline = false;
  for (let i = 0; i < n; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      level[i + 1] = lineBlank && afterNewline ? PARAGRAPH : LINE;
      lineBlank = true;
      afterNewline = true;
    } else if (isSpace(c)) {
      // A marker after the break belongs to the words before it.
      level[i + 1] = markerStarts[nextSolid[i + 1]!] ? 0 : endsSentence(text, i, markerFrom) ? SENTENCE : WORD;
    } else {
      lineBlank = false;
    }
  }
  return { text, flags, level, fenceOf, fences };
}

/**
 * Backtick fences paired in order, as Slack and Discord pair them (anywhere
 * in a line, not only at its start). An unpaired one is literal text; its
 * backticks are only kept together.
 */
function findFences(text: string, protect: (start: number, end: number) => void): Fence[] {
  const fences: Fence[] = [];
  let open = -1;
  for (let at = text.indexOf(FENCE); at !== -1; at = text.indexOf(FENCE, at + FENCE.length)) {
    if (open === -1) {
      open = at;
      continue;
    }
    FENCE_LANGUAGE.lastIndex = open + FENCE.length;
    const language = FENCE_LANGUAGE.exec(text)?.[0];
    const afterTicks = open + FENCE.length;
    const contentStart = language ? afterTicks + language.length : text[afterTicks] === '\n' ? afterTicks + 1 : afterTicks;
    fences.push({ start: open, contentStart: Math.min(contentStart, at), contentEnd: at, end: at + FENCE.length, opener: `${FENCE}${language ?? '\n'}` });
    open = -1;
  }
  if (open !== -1) protect(open, open + FENCE.length);
  return fences;
}

/** Whether the whitespace at `i` follows the end of a sentence (past closing quotes and citation markers). */
function endsSentence(text: string, i: number, markerFrom: Int32Array): boolean {
  let j = i - 1;
  while (j >= 0 && markerFrom[j + 1]! >= 0) {
    j = markerFrom[j + 1]! - 1;
    while (j >= 0 && text[j] === ' ') j -= 1;
  }
  while (j >= 0 && CLOSERS.has(text[j]!)) j -= 1;
  return j >= 0 && SENTENCE_END.has(text[j]!);
}

function skipSpace(text: string, p: number): number {
  while (p < text.length && isSpace(text.charCodeAt(p))) p += 1;
  return p;
}

/** JavaScript's `\s`, by code unit. */
function isSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
