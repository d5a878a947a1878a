import type { DeadlineView } from '../../../core/reply.ts';
import { citationKey } from '../../citations.ts';
import { longDate } from '../../dates.ts';
import type { Citation } from '../../model.ts';
import { datesIn, isMonthWord } from '../../text/dates-in-text.ts';
import { QUESTION_SCAFFOLD, STOPWORDS } from '../../text/lexicon.ts';
import { locateQuote } from '../../sources/quotes.ts';
import { foldText } from '../../text/normalize.ts';
import { stem, words } from '../../text/tokenize.ts';
import { REFUSAL, SYSTEM_PROMPT, type Passage, type Prompt } from './prompt.ts';

/**
 * Checks the model's answer sentence by sentence before anyone sees it. A
 * sentence stays only if it cites at least one passage, cites no passage that
 * was not given, every number, amount, percentage and date in it appears in
 * a passage it cites (or among the computed deadlines the core supplied), and
 * most of its words come from the passages it cites, and it does not repeat
 * the instructions (five words in a row of the system prompt that the cited
 * passages do not also contain).
 */

export type RemovalReason = 'uncited' | 'unknown-passage' | 'unsupported-number' | 'unsupported-words' | 'echoes-instructions' | 'too-long' | 'misquoted';

export interface KeptSentence {
  /** The sentence without its citation markers. */
  readonly text: string;
  /** Passage numbers it cites, in the order it cites them. */
  readonly passages: readonly number[];
}

export interface Verification {
  readonly kept: readonly KeptSentence[];
  readonly removed: readonly { readonly text: string; readonly reason: RemovalReason }[];
  /** The model said REFUSAL (and nothing else survived). */
  readonly refused: boolean;
}

/** At most this many sentences are shown; the prompt asks for one to three. */
export const MAX_SENTENCES = 5;
/** Least share of a sentence's content words that must occur in the passages it cites. */
export const MIN_WORD_SUPPORT = 0.5;

const MARKER = /\[\s*\^?\d{1,3}(?:\s*(?:,|;|-|–|—|and)\s*\^?\d{1,3})*\s*\]/g;
const MARKER_AT_END = new RegExp(`${MARKER.source}\\s*$`);
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'no', 'nos', 'vs', 'etc', 'inc', 'ltd', 'co', 'corp', 'jr', 'sr', 'approx', 'dept', 'gov', 'govt', 'art', 'sec', 'para', 'e.g', 'i.e', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);
const REFUSAL_PATTERN = /not[\s_-]*in[\s_-]*(?:the[\s_-]*)?passages/i;
/** Words a faithful paraphrase adds that no passage needs to contain. */
const FRAMING = new Set(['passage', 'passages', 'according', 'source', 'sources', 'state', 'states', 'stated', 'note', 'notes', 'noted', 'describe', 'describes', 'described', 'also', 'report', 'reports', 'reported', 'indicate', 'indicates', 'indicated']);

/** Splits model output into sentences with the passage numbers each cites. */
export function splitSentences(text: string): { text: string; markers: number[] }[] {
  const pieces: { raw: string }[] = [];
  for (const line of text.split(/\n+/)) {
    let start = 0;
    const boundary = new RegExp(`[.!?]+["'”’)]*((?:\\s*${MARKER.source})*)(?=\\s|$)`, 'g');
    for (const m of line.matchAll(boundary)) {
      const end = m.index + m[0].length;
      const before = line.slice(start, m.index);
      // "... [2]. next" and "... . [2] next" both end a sentence, whatever follows.
      const hasMarkers = (m[1] ?? '').trim().length > 0 || MARKER_AT_END.test(before);
      const next = line.slice(end).trimStart().charAt(0);
      if (!hasMarkers && (isAbbreviation(before) || /[a-z]/.test(next))) continue;
      pieces.push({ raw: line.slice(start, end) });
      start = end;
    }
    if (line.slice(start).trim()) pieces.push({ raw: line.slice(start) });
  }
  const out: { text: string; markers: number[] }[] = [];
  for (const { raw } of pieces) {
    const markers = [...raw.matchAll(MARKER)].flatMap((m) => expandMarker(m[0]));
    const body = tidy(raw.replace(MARKER, ' '));
    if (!/[\p{L}\p{N}]/u.test(body)) {
      // A line of markers alone belongs to the sentence before it.
      const last = out.at(-1);
      if (last) last.markers.push(...markers);
      continue;
    }
    out.push({ text: body, markers });
  }
  return out;
}

/** Verifies sanitised model output against the prompt it answered. */
export function verifyAnswer(output: string, prompt: Prompt): Verification {
  const given = new Map(prompt.passages.map((p) => [p.number, p]));
  const globalClaims = claimsOf(prompt.supplied.join('\n'));
  const globalStems = stemsOf(prompt.supplied.join('\n'));
  const kept: KeptSentence[] = [];
  const removed: { text: string; reason: RemovalReason }[] = [];
  let refusal = false;
  for (const s of splitSentences(output)) {
    if (REFUSAL_PATTERN.test(s.text) || s.text.includes(REFUSAL)) {
      refusal = true;
      continue;
    }
    const cited = [...new Set(s.markers)];
    const reason = check(s.text, cited, given, globalClaims, globalStems);
    if (reason) removed.push({ text: s.text, reason });
    else if (kept.length >= MAX_SENTENCES) removed.push({ text: s.text, reason: 'too-long' });
    else kept.push({ text: s.text, passages: cited });
  }
  return { kept, removed, refused: refusal && kept.length === 0 };
}

function check(text: string, cited: readonly number[], given: ReadonlyMap<number, Passage>, globalClaims: Claims, globalStems: ReadonlySet<string>): RemovalReason | undefined {
  if (cited.length === 0) return 'uncited';
  const passages = cited.map((n) => given.get(n));
  if (passages.some((p) => p === undefined)) return 'unknown-passage';
  const evidenceText = (passages as Passage[]).map((p) => `${p.header}\n${p.body}`).join('\n');
  const body = text.replace(/\b(?:https?|ftp|wss?):\/\/\S+/gi, ' ');
  // Words the model puts in quotation marks must be the sources' own.
  for (const quoted of body.matchAll(/["“]([^"“”]{12,})["”]/g)) if (!locateQuote(evidenceText, quoted[1]!)) return 'misquoted';
  const evidenceShingles = shingles(evidenceText);
  if ([...shingles(body)].some((s) => INSTRUCTION_SHINGLES.has(s) && !evidenceShingles.has(s))) return 'echoes-instructions';
  const allowed = mergeClaims(claimsOf(evidenceText), globalClaims);
  if (!claimsSupported(claimsOf(body), allowed)) return 'unsupported-number';
  const content = contentStems(body);
  // "See [1]." says nothing the passage could support.
  if (content.length === 0 && !hasClaims(claimsOf(body))) return 'unsupported-words';
  if (content.length > 0) {
    const support = new Set([...stemsOf(evidenceText), ...globalStems]);
    const supported = content.filter((s) => support.has(s)).length;
    if (supported / content.length < MIN_WORD_SUPPORT) return 'unsupported-words';
  }
  return undefined;
}

// ---- numbers, amounts, percentages and dates ----

interface NumberClaim {
  readonly value: number;
  readonly percent: boolean;
}

export interface Claims {
  readonly dates: readonly string[];
  readonly monthDays: readonly string[];
  readonly numbers: readonly NumberClaim[];
  /** Numbers as written before scaling ("10" of "$10 billion"): a sentence may repeat them bare. */
  readonly raw: readonly number[];
}

const SCALE: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, mn: 1e6, m: 1e6, billion: 1e9, bn: 1e9, b: 1e9, trillion: 1e12, tn: 1e12 };
const NUMBER = /(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s?-?(trillion|billion|million|thousand)\b|(tn|bn|mn|m|b|k)\b)?(?:\s?-?(%|percent\b|per cent\b|percentage points?\b))?/g;
const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const WORD_NUMBER = new RegExp(`\\b(?:(${TEENS.join('|')})|(${TENS.join('|')})(?:[- ](${UNITS.join('|')}))?|(${UNITS.join('|')})(?=[- ](?:days?|weeks?|months?|years?|percent|per cent|billion|million|trillion|thousand|countries|nations|parties)\\b))\\b`, 'g');

/** The numbers, amounts, percentages and dates a text states. */
export function claimsOf(text: string): Claims {
  let folded = foldText(text);
  const dates: string[] = [];
  const monthDays: string[] = [];
  const raw: number[] = [];
  for (const d of datesIn(text)) {
    if (d.date) {
      dates.push(d.date);
      raw.push(Number(d.date.slice(0, 4)));
    } else monthDays.push(d.monthDay);
    folded = folded.split(d.text).join(' ');
  }
  const numbers: NumberClaim[] = [];
  for (const m of folded.matchAll(NUMBER)) {
    const base = Number(`${m[1]!.replace(/,/g, '')}${m[2] ? `.${m[2]}` : ''}`);
    const scale = SCALE[m[3] ?? m[4] ?? ''] ?? 1;
    numbers.push({ value: base * scale, percent: m[5] !== undefined });
    raw.push(base);
  }
  for (const m of folded.matchAll(WORD_NUMBER)) {
    const value = m[1] ? 10 + TEENS.indexOf(m[1]) : m[2] ? 20 + 10 * TENS.indexOf(m[2]) + (m[3] ? UNITS.indexOf(m[3]) + 1 : 0) : UNITS.indexOf(m[4]!) + 1;
    numbers.push({ value, percent: false });
    raw.push(value);
  }
  return { dates, monthDays, numbers, raw };
}

function hasClaims(c: Claims): boolean {
  return c.dates.length + c.monthDays.length + c.numbers.length > 0;
}

function mergeClaims(a: Claims, b: Claims): Claims {
  return { dates: [...a.dates, ...b.dates], monthDays: [...a.monthDays, ...b.monthDays], numbers: [...a.numbers, ...b.numbers], raw: [...a.raw, ...b.raw] };
}

function claimsSupported(claims: Claims, allowed: Claims): boolean {
  const same = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  const allowedMonthDays = new Set([...allowed.monthDays, ...allowed.dates.map((d) => d.slice(5))]);
  return (
    claims.dates.every((d) => allowed.dates.includes(d)) &&
    claims.monthDays.every((md) => allowedMonthDays.has(md)) &&
    claims.numbers.every((n) =>
      n.percent
        ? allowed.numbers.some((a) => a.percent && same(a.value, n.value))
        : allowed.numbers.some((a) => same(a.value, n.value)) || allowed.raw.some((r) => same(r, n.value)),
    )
  );
}

// ---- word support ----

function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => w.length >= 3 && !/^\d/.test(w) && !STOPWORDS.has(w) && !QUESTION_SCAFFOLD.has(w) && !FRAMING.has(w) && !isMonthWord(w) && !isNumberWord(w))
    .map(stem);
}

function stemsOf(text: string): Set<string> {
  return new Set(words(text).map(stem));
}

function isNumberWord(w: string): boolean {
  return UNITS.includes(w) || TEENS.includes(w) || TENS.includes(w) || w === 'hundred';
}

// ---- display ----

export interface Rendered {
  readonly text: string;
  readonly citations: readonly Citation[];
  readonly deadlines: readonly DeadlineView[];
}

/**
 * The answer as shown: each kept sentence ends with markers renumbered to the
 * positions of `citations` (1-based, the order adapters list them in), and
 * the citations are the cited passages' own Citation objects, deduplicated.
 */
export function renderKept(kept: readonly KeptSentence[], prompt: Prompt, deadlines: readonly DeadlineView[]): Rendered {
  const byNumber = new Map(prompt.passages.map((p) => [p.number, p]));
  const citations: Citation[] = [];
  const position = new Map<string, number>();
  const sentences = kept.map((s) => {
    const indices: number[] = [];
    for (const n of s.passages) {
      for (const c of byNumber.get(n)?.citations ?? []) {
        const key = citationKey(c);
        let at = position.get(key);
        if (at === undefined) {
          at = citations.push(c);
          position.set(key, at);
        }
        if (!indices.includes(at)) indices.push(at);
      }
    }
    const markers = indices.map((i) => `[${i}]`).join('');
    const m = /^(.*?)([.!?]+["'”’)]*)?$/s.exec(s.text)!;
    return `${m[1]!.trimEnd()} ${markers}${m[2] ?? '.'}`;
  });
  const said = sentences.join(' ');
  const citedDeadlines = new Set(kept.flatMap((s) => s.passages.map((n) => byNumber.get(n)?.deadlineId).filter((id): id is string => id !== undefined)));
  const shown = deadlines.filter((d) => citedDeadlines.has(d.id) || said.includes(d.date) || said.includes(longDate(d.date)));
  // Where each deadline stands today is the core's to say, never the model's: "plan to conclude by March 6" must not read as still open.
  const status = shown.map((d) => `${d.label}: ${d.date}, ${d.status.text}.`);
  return { text: [said, ...status].join(' '), citations, deadlines: shown };
}

// ---- helpers ----

const SHINGLE = 5;
const INSTRUCTION_SHINGLES = shingles(SYSTEM_PROMPT);

/** Runs of five consecutive words, for spotting a repeated prompt. */
function shingles(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= w.length; i++) out.add(w.slice(i, i + SHINGLE).join(' '));
  return out;
}

function expandMarker(marker: string): number[] {
  const out: number[] = [];
  const inner = marker.slice(1, -1).replace(/\^/g, '');
  for (const part of inner.split(/\s*(?:,|;|and)\s*/)) {
    const range = /^(\d+)\s*[-–—]\s*(\d+)$/.exec(part.trim());
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to >= from && to - from <= 20) for (let n = from; n <= to; n++) out.push(n);
      else out.push(from, to);
    } else if (/^\d+$/.test(part.trim())) out.push(Number(part.trim()));
  }
  return out;
}

function isAbbreviation(before: string): boolean {
  const word = /([A-Za-z][A-Za-z.]*)$/.exec(before)?.[1];
  if (!word) return false;
  const lower = word.toLowerCase();
  // Single letters and dotted initials: "U.S", "E.U", "J".
  return /^(?:[a-z]\.)*[a-z]$/.test(lower) || ABBREVIATIONS.has(lower);
}

function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\s+([.,;:!?])/g, '$1').trim();
}
