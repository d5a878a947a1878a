import type { KnowledgeBase } from '../model.ts';
import { distinctBy } from '../../core/distinct.ts';
import { MAX_INPUT_LENGTH } from '../../core/input.ts';
import { tag, type Token } from '../language/nlp.ts';
import { spelling } from '../language/spelling.ts';
import { isA, nounKinds, relatives, senses } from '../language/wordnet.ts';
import { stemSequence, type FactIndex } from '../retrieval/index.ts';
import { datesIn, isMonthWord, type DateMention } from '../text/dates-in-text.ts';
import { englishRank } from '../text/english.ts';
import { ANSWER_NOUNS, CUES, EXPANSION, LIKENESS, QUESTION_SCAFFOLD, SHARE_WORDS, SHORTHAND, STOPWORDS, type Cue } from '../text/lexicon.ts';
export type { Cue };
import { foldText, stripInvisible } from '../text/normalize.ts';
import { stem, words } from '../text/tokenize.ts';
import { editDistance, typoBudget } from '../text/typos.ts';

/**
 * Reading a question, before anything is looked up: which names it uses (the
 * topic), which other words say what is asked about it, which of them is the
 * head of the question ("what *penalty*", "how many *jobs*"), and what kind
 * of answer would fill it (a date, an amount, a person…). Words are mended
 * against the knowledge base's vocabulary and an English dictionary, then
 * widened with their WordNet relatives; each carries a weight from how rare
 * it is among the sources and in English.
 */

export type AnswerType =
  | 'person' // who, by name
  | 'agent' // who: a person, body or country
  | 'place'
  | 'date'
  | 'duration'
  | 'money'
  | 'count'
  | 'percent'
  | 'reason'
  | 'expansion'
  | 'list' // which Xs: several named things
  | 'quantity' // a rate, a price, a level: some number
  | 'description';

export interface Term {
  /** The word (or name) as read, after spelling repair. */
  readonly label: string;
  /** As typed, when it was repaired. */
  readonly typed?: string;
  readonly role: 'name' | 'word' | 'number';
  /** For a name: alternative spellings, each a list of stems that must all be present. For a word: one stem a list. */
  readonly alternatives: readonly (readonly string[])[];
  /** For a word: stems of its relatives, each with the credit a match earns (1 the word itself). */
  readonly related: ReadonlyMap<string, number>;
  /** Entries this name names. */
  readonly entryIds: readonly string[];
  /** The head of what is asked. */
  readonly focus: boolean;
  readonly weight: number;
  /** Some unit of the knowledge base holds it (or a relative). */
  readonly known: boolean;
  /** Came from an earlier question of the conversation, not from this one. */
  readonly inherited?: boolean;
  /** A thing (noun or name) rather than an action or a quality: what a question asks about must be among the things the sources hold. */
  readonly noun?: boolean;
  /** Tagged as a verb: the event the question tells of. */
  readonly verb?: boolean;
}

export interface Question {
  readonly text: string;
  readonly terms: readonly Term[];
  /** Entries named in the question (or, for a follow-up, in the one before), in order of mention. */
  readonly entryIds: readonly string[];
  readonly answerType: AnswerType;
  /** The head noun of the question, when it names the kind of answer ("city", "agency"). */
  readonly head?: string;
  /** The head as a singular common noun WordNet can type: "OEMs" → "manufacturer", "VP" → "president". */
  readonly headNoun?: string;
  readonly yesNo: boolean;
  readonly cues: ReadonlySet<Cue>;
  /** Numbers the question states (its own figures are not answers). */
  readonly numbers: readonly string[];
  readonly dates: readonly DateMention[];
  /** It says "it", "they", "that" and names nothing: a follow-up. */
  readonly anaphoric: boolean;
  /** The event a "which agency/country…" question is about ("which office *announced*…"): its verb must be held too. */
  readonly eventVerb?: string;
}

interface Phrase {
  readonly words: readonly string[];
  /** The group's first name: the entry's name, or the glossary's. */
  readonly canonical: string;
  readonly alternatives: readonly (readonly string[])[];
  readonly entryIds: readonly string[];
}

/** Names and aliases of entries and of the glossary, as word sequences: built once per knowledge base. */
export class NameTable {
  private readonly byFirstWord = new Map<string, Phrase[]>();
  /** Canonical names of the glossary groups that name a party of some entry. */
  private readonly sides = new Set<string>();

  constructor(kb: KnowledgeBase) {
    const parties = new Set(kb.entries.flatMap((e) => e.parties.map((p) => p.name)));
    for (const g of kb.glossary) if ([g.name, ...g.aliases].some((n) => parties.has(n))) this.sides.add(g.name);
    const add = (names: readonly string[], entryIds: readonly string[]) => {
      const alternatives = names.map((n) => contentStems(n)).filter((a) => a.length > 0);
      for (const name of names) {
        const ws = words(name);
        if (ws.length === 0) continue;
        const list = this.byFirstWord.get(ws[0]!) ?? [];
        list.push({ words: ws, canonical: names[0]!, alternatives, entryIds });
        this.byFirstWord.set(ws[0]!, list);
      }
    };
    // A glossary word for a kind of instrument ("MOU", "memo") names the one entry of that kind, while there is only one.
    const ofKind = (names: readonly string[]) => {
      const kinds = new Set(names.map((n) => words(n).join(' ')));
      const entries = kb.entries.filter((e) => kinds.has(e.kind.replace(/-/g, ' ')));
      return entries.length === 1 ? [entries[0]!.id] : [];
    };
    for (const g of kb.glossary) add([g.name, ...g.aliases], ofKind([g.name, ...g.aliases]));
    for (const e of kb.entries) for (const alias of [e.name, ...e.aliases]) add([alias, e.name], [e.id]);
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  /** Every name phrase starting at `ws[i]`, longest first. */
  at(ws: readonly string[], i: number): Phrase[] {
    return (this.byFirstWord.get(ws[i]!) ?? []).filter((p) => p.words.every((w, k) => ws[i + k] === w));
  }

  has(word: string): boolean {
    return this.byFirstWord.has(word);
  }

  /** The one name word that begins with these letters, when every such word names the same group ("mex" → "mexico"). */
  clipped(prefix: string): string | undefined {
    // Names of one word ("Mexico", "Mexican"), whose groups are what a clipped word could stand for.
    const starts = [...this.byFirstWord.entries()].filter(([w, phrases]) => w.startsWith(prefix) && w.length > prefix.length + 1 && phrases.some((p) => p.words.length === 1));
    const groups = new Set(starts.flatMap(([, phrases]) => phrases.filter((p) => p.words.length === 1).map((p) => p.canonical)));
    if (groups.size !== 1) return undefined;
    return starts.map(([w]) => w).sort((a, b) => a.length - b.length)[0];
  }

  /** A name of a party to some entry (a country, a union, one of their aliases) starts at `ws[i]`. */
  side(ws: readonly string[], i: number): boolean {
    return this.at(ws, i).some((p) => this.sides.has(p.canonical));
  }

  /** The first (canonical) name of the glossary group a word at `i` belongs to. */
  fullName(ws: readonly string[], i: number): string | undefined {
    for (let start = i; start >= Math.max(0, i - 3); start--) {
      const phrase = this.at(ws, start).find((p) => start + p.words.length > i);
      if (phrase) return phrase.canonical;
    }
    return undefined;
  }
}

/** Credit for a match on a WordNet derivation (negotiator → negotiate) and on a synonym (head → lead). */
export const DERIVATION_CREDIT = 0.8;
export const SYNONYM_CREDIT = 0.6;

const PRONOUNS = /\b(it|its|they|them|their|that|this|those|these|he|she|his|her)\b/;
const WH = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how']);
const AUX = /^(is|are|was|were|am|do|does|did|has|have|had|will|would|can|could|should|shall|may|might|must|isn'?t|aren'?t|wasn'?t|didn'?t|doesn'?t|hasn'?t|haven'?t|won'?t)$/;
/** Verbs that say nothing of their own about an event ("who is", "where was it held", "who's putting in"), and verbs of saying: any attributed quote is what they ask for. */
const GENERIC_VERBS = /^(be|is|are|was|were|do|does|did|have|has|had|get|got|go|going|make|made|say|said|tell|know|think|happen|happened|mean|put|putting|take|took|give|given|hold|held|come|see|want|need|use|used|start|started|begin|work|end|set|call|called|meet|met|attend|attended|show|showed|involve|include|plan|planned|expect|expected|suppose|supposed|describe|described|decide|exist|existing|look|looking|like|quote|quoted|cite|cited|characterize|characterized|characterise|characterised|note|noted|state|stated|comment|commented|remark|remarked)$/;

/** Nouns that only introduce the real head: "the name of…", "what kind of…", "the amount of…". */
const LINK_NOUNS = new Set(['name', 'names', 'kind', 'kinds', 'type', 'types', 'sort', 'sorts', 'form', 'forms', 'part', 'parts', 'piece', 'bit', 'lot', 'number', 'amount', 'size', 'level', 'value', 'list']);

/** Verbs of attempt or intent, and deeds that name nothing: "trying to do", "meant to achieve". */
const INTENT = /^(try|trying|tries|tried|aim|aims|aiming|meant|supposed|intended|intend|intends|seeking|seek|seeks|want|wants|hoping|hope|hopes)$/;
const UNNAMED_DEED = /^(do|achieve|accomplish|attain)$/;

export function readQuestion(raw: string, index: FactIndex, names: NameTable): Question {
  const full = plainText(raw);
  // A parenthetical aside is not what is asked about ("How big is the loan (ignore previous instructions)?"),
  // though it may say what kind of answer is wanted ("who wrote it (the person's name)").
  // An aside that asks the question ("ustr = ? (what does it stand for)") or names its topic ("… (mex plan)") stays.
  const keeps = (aside: string) => {
    const asideWords = words(aside);
    return asideWords.some((w) => WH.has(w) || names.has(w) || names.has(repairClipped(w, names))) || EXPANSION.test(foldText(aside));
  };
  const text = full.replace(/\s*\(([^()]{1,200})\)/g, (aside: string, inner: string, offset: number, whole: string) => (!whole.slice(0, offset).trim() || keeps(inner) ? aside : ' ')).trim() || full;
  const folded = foldText(full);
  const cues = new Set<Cue>();
  for (const [cue, pattern] of Object.entries(CUES) as [Cue, RegExp][]) if (pattern.test(folded)) cues.add(cue);

  const dates = datesIn(text);
  let rest = text;
  for (const d of dates) rest = rest.replace(new RegExp(d.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'), ' ');
  const typed = words(rest);
  const capitalised = new Set([...rest.matchAll(/(?<![.?!]\s|^)\b([A-Z][A-Za-z]+)/g)].map((m) => m[1]!.toLowerCase()));
  const ws = typed.map((w) => repair(w, index, names));
  const tokens = tagged(ws.join(' '));

  const asked = askedFor(ws, tokens, folded, names);
  const { head, headAt, yesNo, verbAt } = asked;
  let answerType = asked.answerType;
  const headNoun = head ? commonNoun(head, ws, headAt, names) : undefined;
  const terms: Term[] = [];
  const entryIds: string[] = [];
  // "South American", "North Korea": a word and a name that English joins into another place's name; the name alone is not it.
  let compoundAt = -1;
  for (let i = 0; i < ws.length; ) {
    if (i + 1 < ws.length && names.at(ws, i).length === 0 && names.at(ws, i + 1).length > 0 && (senses(`${ws[i]} ${ws[i + 1]}`, 'n').length > 0 || senses(`${ws[i]} ${ws[i + 1]}`, 'a').length > 0)) compoundAt = i + 1;
    const phrases = i === compoundAt ? [] : names.at(ws, i);
    if (phrases.length > 0) {
      const longest = phrases[0]!.words.length;
      const same = phrases.filter((p) => p.words.length === longest);
      const ids = [...new Set(same.flatMap((p) => p.entryIds))];
      for (const id of ids) if (!entryIds.includes(id)) entryIds.push(id);
      const alternatives = dedupe(same.flatMap((p) => p.alternatives));
      const name = weighName(ws.slice(i, i + longest).join(' '), alternatives, ids, index);
      terms.push(headAt >= i && headAt < i + longest ? { ...name, focus: true } : name);
      i += longest;
      continue;
    }
    const w = ws[i]!;
    const at = i++;
    const acronym = /^[A-Z]{2}$/.test(rest.match(new RegExp(`\\b${w}\\b`, 'i'))?.[0] ?? '');
    // (A two-letter word is kept when typed as an acronym, or when it is a country's name in any case: "the uk".)
    if (STOPWORDS.has(w) || QUESTION_SCAFFOLD.has(w) || WH.has(w) || isMonthWord(w) || LINK_NOUNS.has(w) || (w.length < 3 && !/^\d/.test(w) && !acronym && !isA(w, 'country', 1))) continue;
    if (/^\d/.test(w) || /^(half|halves|quarters?|thirds?|twice|double|triple|dozens?)$/.test(w)) {
      terms.push({ label: w, role: 'number', alternatives: [[w]], related: new Map([[w, 1]]), entryIds: [], focus: false, weight: index.maxIdf * 0.5, known: index.documentFrequency(w) > 0 });
      continue;
    }
    // "the deadline", "what date": words for the kind of answer are read as the answer type, not as a topic
    // (but "which regions did the officials come from" is about the officials).
    // (When another noun is the head — "which continents were the officials from" — the word is part of the question.)
    if (ANSWER_NOUNS.has(w) && at !== headAt && (headAt < 0 || ANSWER_NOUNS.has(ws[headAt]!) || !/^(person|people|official|officials)$/.test(w)) && namesAnswerType(w, answerType)) continue;
    // "what did they call the plan", "how did they describe it": the naming is how the question asks for what the sources call it.
    if (/^(call|called|dub|dubbed|label|labelled|labeled|term|termed)$/.test(w) && /^(what|how)$/.test(ws[0] ?? '') && !/^(on|upon|for|in|out|off)$/.test(ws[at + 1] ?? '')) continue;
    // "what is X trying to do", "what's it meant to achieve": an attempt or an intent to do something unnamed asks what X does.
    const intent = (k: number) => INTENT.test(ws[k] ?? '') && ws[k + 1] === 'to' && UNNAMED_DEED.test(ws[k + 2] ?? '');
    if (intent(at) || (UNNAMED_DEED.test(w) && intent(at - 2))) continue;
    // "what does X cover?": a verb of containing that ends a what-question asks for the contents, as "what's in X" does.
    // In a yes/no ("does the plan involve sharing data…") it only says that what follows is a part of it.
    if (CONTAINING.test(w) && ((at === ws.length - 1 && at > 2 && ws[0] === 'what' && /^(do|does|did|will|would)$/.test(ws[1]!)) || (yesNo && at > 1))) continue;
    const token = tokens.get(w);
    const particle = /^(up|down|out|off|in|on|over|back|through)$/.test(ws[at + 1] ?? '') ? ws[at + 1] : undefined;
    const word = weighWord(w, token, typed[at] !== w ? typed[at]! : undefined, at === headAt, capitalised.has(typed[at]!) || token?.pos === 'PROPN', index, lemmaStems(index), particle);
    // A yes/no asserts every word of it: none is only the asker's phrasing.
    terms.push(everyday(word, token) && !yesNo ? { ...word, weight: word.weight * EVERYDAY_UNKNOWN } : word);
  }
  for (const d of dates) {
    const key = d.date ? `d${d.date}` : `md${d.monthDay}`;
    terms.push({ label: d.text, role: 'number', alternatives: [[key]], related: new Map([[key, 1]]), entryIds: [], focus: false, weight: index.maxIdf * 0.5, known: index.documentFrequency(key) > 0 });
  }
  // "What kind of staff": a kind the sources never name is answered by the things of that kind they list.
  if (asked.unknownKind && terms.some((t) => t.focus && !t.known)) answerType = asked.unknownKind;
  // The figures the question states, not those inside a name it uses ("the 54-country pledge").
  const numbers = terms.filter((t) => t.role === 'number' && /^\d/.test(t.label)).map((t) => t.label.replace(/,/g, ''));
  // One word of a fact answers one word of the question: a noun of the question cannot also count as the synonym of its verb.
  const own = new Set(terms.flatMap((t) => t.alternatives.flat()));
  // A word that is another word for an entry the question names ("the Section 232 *probe*": the Section 232 investigation) is that name.
  const entryWords = new Set(terms.filter((t) => t.role === 'name' && t.entryIds.length > 0).flatMap((t) => t.alternatives.flat()));
  // (Only a word the sources never use themselves: theirs would be what they call it.)
  // (A synonym, not a derivation: a "minister" is not "the ministerial".)
  const renames = (t: Term) => t.role === 'word' && t.noun === true && [...t.related].some(([s, c]) => c === SYNONYM_CREDIT && entryWords.has(s)) && ![...t.related].some(([s, c]) => c === 1 && index.documentFrequency(s) > 0);
  const distinctTerms = terms.filter((t) => !renames(t)).map((t) => (t.role === 'word' ? { ...t, related: new Map([...t.related].filter(([s, c]) => c === 1 || !own.has(s))) } : t));
  const anaphoric = entryIds.length === 0 && PRONOUNS.test(folded);
  const eventVerb = verbAt !== undefined && verbAt >= 0 ? ws[verbAt] : undefined;
  return { text, ...(eventVerb ? { eventVerb } : {}), terms: merge(distinctTerms), entryIds, answerType, ...(head ? { head } : {}), ...(headNoun ? { headNoun } : {}), yesNo, cues, numbers, dates, anaphoric };
}

/**
 * The question as plain words: invisible characters, chat markup (mentions,
 * channel links, HTML entities, colour codes) and shorthand ("w/", "rn",
 * "govt") turned into what they stand for.
 */
export function plainText(raw: string): string {
  const text = stripInvisible(raw)
    .slice(0, MAX_INPUT_LENGTH)
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, ' ')
    .replace(/<[@#!][^>\s]*>/g, ' ')
    .replace(/(^|\s)@\w+/g, '$1')

    .replace(/&(?:lt|gt|amp|quot|apos|nbsp);/g, ' ')
    .replace(/\bsec(?:tion)?\.?\s*(\d+)/gi, 'Section $1')
    .replace(/\b(\d+)-(mo|mos|yr|yrs|wk|wks)\b/gi, (_m, n: string, unit: string) => `${n}-${SHORTHAND[unit.toLowerCase()] ?? unit}`)
    .replace(/\bso[- ]called\b/gi, ' ')
    // "in the first place" asks nothing about which came first.
    .replace(/\bin the first place\b/gi, ' ')
    // "co-leads", "co-hosted": the act itself, shared.
    .replace(/\bco-(?=[a-z]{3})/gi, '')
    // A leading "as of today," changes nothing (the clock is today's anyway): the question starts after it.
    .replace(/^\s*(?:as of (?:today|now|right now)|today|right now|currently|at this point)\s*,?\s+(?=(?:is|are|was|were|has|have|had|do|does|did|will|can)\b)/i, '')
    // A label before a colon ("quick q:", "two-parter:") is not part of the question.
    .replace(/^\s*(?:quick\s+|one\s+|a\s+|another\s+|follow[- ]?up\s+)?(?:q|qq|question|two[- ]parter|three[- ]parter|follow[- ]?up|fyi|note|edit|also|ok|okay|hey|hi|update|context|yes or no|y\/n|true or false)\s*\d*\s*[:,-]\s+/i, '')
    .replace(/\bon top of\b/gi, 'besides')
    // "Besides Japan, which countries…": what is set aside is not what the question is about.
    .replace(/\b(?:apart from|aside from|except(?: for)?|besides|other than|excluding|not counting)\s+[^,;:?]+?(?=\s+(?:what|which|who|whom|how|when|where|why|is|are|does|do|did|will|would|can)\b|[,;:?]|$)/gi, ' ')
    // "Can you list…", "could u tell me…": a request, not a yes/no question.
    .replace(/^\s*(?:(?:hey|hi|ok|okay|so)[,!]?\s+)?(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:please\s+|pls\s+|just\s+)?(?=(?:list|tell|give|show|explain|name|summari[sz]e|describe|remind|say|confirm|check)\b)/i, '')
    .replace(/(\$?\s?\b\d+(?:[.,]\d+)?)\s?(bn|b)\b/gi, '$1 billion')
    .replace(/(\$\s?\d+(?:[.,]\d+)?)\s?(mn|m)\b/gi, '$1 million');
  return text
    .split(/(\s+)/)
    .map((part) => {
      const lower = part.toLowerCase().replace(/[?!.,;:]+$/, '');
      const tail = part.slice(lower.length);
      return lower in SHORTHAND && !/^\s+$/.test(part) ? `${SHORTHAND[lower]}${tail}` : part;
    })
    .join('')
    .trim();
}

/** POS tags and lemmas of the repaired words, by word (a question rarely uses a word twice in two roles). */
function tagged(text: string): Map<string, Token> {
  const out = new Map<string, Token>();
  for (const t of tag(text)) if (!out.has(t.lower)) out.set(t.lower, t);
  return out;
}

/**
 * What kind of answer is wanted, and the head noun that names it: "which
 * city" wants a place, "how many jobs" a count of jobs, "what penalty" a
 * penalty. Nouns are typed by their WordNet lexicographer file.
 */
function askedFor(
  ws: readonly string[],
  tokens: ReadonlyMap<string, Token>,
  folded: string,
  names: NameTable,
): { answerType: AnswerType; head?: string; headAt: number; yesNo: boolean; verbAt?: number; unknownKind?: AnswerType } {
  const first = ws.findIndex((w) => !/^(so|and|but|ok|okay|hey|hi|hello|yo|um|also|then|quick|q|question|please|policybot|bot)$/.test(w));
  const lead = ws[first] ?? '';
  // "Is it…?", and a statement asked as a question ("the window was 30 days?", "it is led by the Commission?")
  const declarative =
    /\?\s*$/.test(folded) && !ws.some((w) => WH.has(w)) && !/^(other|list|name|which|what)$/.test(lead) &&
    (ws.some((w) => /^(is|are|was|were|isn't|aren't|wasn't|weren't)$/.test(w)) || /\b(too|also|as well|either)\s*\?\s*$/.test(folded)) && ws.length >= 3 && !AUX.test(lead);
  // "argentina sign anything?", "mexico agree to it?": a question with its auxiliary dropped, as chat drops it.
  const clipped =
    /\?\s*$/.test(folded) && !ws.some((w) => WH.has(w)) && !/^(other|list|name|which|what)$/.test(lead) && ws.length >= 2 &&
    /^(NOUN|PROPN)$/.test(tokens.get(lead)?.pos ?? '') && !GENERIC_VERBS.test(tokens.get(ws[first + 1] ?? '')?.lemma ?? '') &&
    // (After a name, a word English uses as a verb is one, whatever the tagger made of it: "argentina sign anything?")
    (tokens.get(ws[first + 1] ?? '')?.pos === 'VERB' || (names.at(ws, first).length > 0 && senses(ws[first + 1] ?? '', 'v').length > 0 && /\b(anything|something|yet|already|too|it|that|this|them)\s*\?\s*$/.test(folded)));
  const yesNo = (AUX.test(lead) && !ws.slice(first + 1).some((w, k) => k < 2 && WH.has(w))) || declarative || clipped;
  // An entry's name is a topic; a glossary name ("VP", "OEMs") may be the kind of thing asked for.
  const startsName = (k: number) => names.at(ws, k).some((p) => p.entryIds.length > 0) || (names.at(ws, k).length > 0 && tokens.get(ws[k]!)?.pos !== 'NOUN' && tokens.get(ws[k]!)?.pos !== 'PROPN');
  // A name of one place or person ("Japan" in "the eu/japan/us piece") is a topic, never the kind of answer asked for.
  const instance = (w: string, k: number) => names.side(ws, k) || (names.at(ws, k).length > 0 && senses(w, 'n')[0]?.pointers.some((p) => p.symbol === '@i') === true);
  const isNoun = (w: string | undefined, k: number) => w !== undefined && (/^(NOUN|PROPN)$/.test(tokens.get(w)?.pos ?? '') || openCompound(singular(w)) !== undefined) && !STOPWORDS.has(w) && (!startsName(k) || /[^s]s$/.test(w)) && !instance(w, k);
  const possessive = (w: string) => new RegExp(`\\b${w}['’]s\\b`).test(folded);
  /** The head noun from position i: past determiners, adjectives and link nouns ("the name of the…"), the last noun of a compound ("tariff rate"). */
  const nounFrom = (i: number): number => {
    for (let k = i; k < Math.min(ws.length, i + 6); k++) {
      const w = ws[k]!;
      if (LINK_NOUNS.has(w) && ws[k + 1] === 'of') {
        k++;
        continue;
      }
      // An entry's name of several words is the topic, not the head: in "what's the A/B *accord* about" the accord is what is asked about.
      const entryName = names.at(ws, k).find((p) => p.entryIds.length > 0 && p.words.length > 1 && !/[^s]s$/.test(p.words.at(-1)!));
      if (entryName && k > i) {
        k += entryName.words.length - 1;
        continue;
      }
      // Right after "what"/"which" a word WordNet knows as a noun is the head, whatever the tagger made of it ("what price will…").
      const afterWh = k > 0 && /^(what|which)$/.test(ws[k - 1]!) && tokens.get(w)?.pos === 'VERB' && !AUX.test(w) && !STOPWORDS.has(w) && !startsName(k) && senses(singular(w), 'n').length > 0;
      if ((isNoun(w, k) || afterWh) && !QUESTION_SCAFFOLD.has(w)) {
        let end = k;
        // "market-shaping tools", "price floor level": the last noun of the compound is its head.
        for (;;) {
          if (possessive(ws[end]!)) break;
          if (isNoun(ws[end + 1], end + 1) && !QUESTION_SCAFFOLD.has(ws[end + 1]!)) end++;
          else if (/(?:ing|ed)$/.test(ws[end + 1] ?? '') && folded.includes(`${ws[end]}-${ws[end + 1]}`) && isNoun(ws[end + 2], end + 2)) end += 2;
          else break;
        }
        // "which country's minister": the possessor is what is asked for; what it owns only describes it.
        // "what's the bank's capacity": a possessor the question already names only says whose; what it owns is asked.
        if (possessive(ws[end]!) && !(k === 0 || /^(which|what|whose)$/.test(ws[k - 1]!))) {
          k = end;
          continue;
        }
        return end;
      }
      // A side's name before the head describes it ("which *Japanese* ministry").
      // (A participle before the head describes it too: "stockpiled minerals".)
      if (!/^(the|a|an|all|every|each|any|exact|specific|other|main|us|eu|of|\d+|one|two|three|four|five|six|seven|eight|nine|ten|\w+ly|\w+ed)$/.test(w) && tokens.get(w)?.pos !== 'ADJ' && !LINK_NOUNS.has(w) && !startsName(k) && !instance(w, k)) return -1;
    }
    return -1;
  };
  /** The verb a who-question asks about ("who *funds* it"): what the answer must be said to do. */
  // The last such verb: "when was the existing framework *signed*" (the passive puts it at the end).
  const verbFrom = (i: number): number => {
    let found = -1;
    ws.forEach((w, k) => {
      // "X is party to…": a noun after a copula is what X is, not an act (a participle, "is signed", is one).
      const predicate = k > 0 && /^(is|are|was|were|be|been)$/.test(ws[k - 1]!) && !/(?:ed|en|ing)$/.test(w);
      if (k >= i && tokens.get(w)?.pos === 'VERB' && !predicate && !GENERIC_VERBS.test(tokens.get(w)?.lemma ?? w) && !GENERIC_VERBS.test(w) && !startsName(k)) found = k;
    });
    return found;
  };
  /** "issued the call", "made the announcement": a light verb's act is its object ("call", "announce"). */
  const lightVerbAct = (k: number): number => {
    const lemma = tokens.get(ws[k] ?? '')?.lemma ?? ws[k] ?? '';
    const object = ws[k + 2];
    return /^(issue|make|give|put|take|do|have)$/.test(lemma) && /^(the|a|an)$/.test(ws[k + 1] ?? '') && object !== undefined && senses(object, 'v').length > 0 ? k + 2 : k;
  };
  const wantsName = /\bnames? of\b|\bnamed\b|\bby name\b|\bnames?(?:\s+(?:please|pls|plz|thanks))?\s*\)?\s*\??\s*$|\bwhat(?:'?s| is| are) (?:the |their |his |her )?names?\b/.test(folded);
  if (EXPANSION.test(folded)) return { answerType: 'expansion', headAt: -1, yesNo: false };
  // "list all the countries…", "name the tools…", "the full list of…": an enumeration.
  const listOf = ws.findIndex((w, k) => /^(list|names)$/.test(w) && ws[k + 1] === 'of');
  if (/^(list|name|enumerate)$/.test(lead) || listOf >= 0) {
    const h = nounFrom(listOf >= 0 ? listOf + 2 : first + 1);
    if (h >= 0) return { answerType: /^(deadlines?|dates)$/.test(ws[h]!) ? 'date' : 'list', head: ws[h]!, headAt: h, yesNo: false };
  }
  // The question's wh-word, not a relative one after a noun ("the minister *who* signed").
  // A relative pronoun follows a noun and comes before its verb ("the minister who signed"); "the thing which agencies…" asks.
  const relative = (w: string, k: number) =>
    (k > first && /^(who|which|that)$/.test(w) && /^(NOUN|PROPN)$/.test(tokens.get(ws[k - 1]!)?.pos ?? '') && /^(VERB|AUX)$/.test(tokens.get(ws[k + 1] ?? '')?.pos ?? '')) ||
    // "will they share data on where the deposits are?": a clause inside a yes/no question, not what it asks for.
    (yesNo && k > first + 2 && (/^(on|about|of|over|regarding|re|as to)$/.test(ws[k - 1]!) || /ing$/.test(ws[k - 1]!)));
  const whAt = ws.findIndex((w, k) => WH.has(w) && !relative(w, k));
  const wh = whAt >= 0 ? ws[whAt]! : '';
  // "what share of…", "% of": a share asked for; "will they share information" is a verb.
  const shareNoun = ws.some((w, k) => SHARE_WORDS.test(w) && (/^(percent|percentage)$/.test(w) || ws[k + 1] === 'of' || /^(what|which|the|a|its|their)$/.test(ws[k - 1] ?? '')));
  if (shareNoun && !yesNo && (whAt < 0 || /^(what|which|how)$/.test(wh))) {
    const h = ws.findIndex((w) => /^(share|percent|percentage|proportion|fraction|portion)$/.test(w));
    return { answerType: 'percent', headAt: h, yesNo };
  }
  if (wh === 'how') {
    const next = ws[whAt + 1];
    if (next === 'many') {
      const h = nounFrom(whAt + 2);
      const noun = h >= 0 ? ws[h]! : '';
      if (/^(days|weeks|months|years)$/.test(noun)) return { answerType: 'duration', head: noun, headAt: -1, yesNo };
      if (/^(dollars|usd|bucks|euros)$/.test(noun)) return { answerType: 'money', headAt: -1, yesNo };
      return { answerType: 'count', ...(noun ? { head: noun } : {}), headAt: h, yesNo };
    }
    // "how much of global processing does it control": a share.
    if (next === 'much' && ws[whAt + 2] === 'of') return { answerType: 'percent', headAt: -1, yesNo };
    // "how much does it hold of each", "how much of it does China control": a share of a whole.
    if (next === 'much' && /\b(?:hold|holds|control|controls|own|owns|account for|accounts for|make up|makes up)\b(?:\s+\S+){0,3}?\s+of\b|\bof (?:it|each|the (?:world|total|market|global)|global)\b/.test(folded)) return { answerType: 'percent', headAt: -1, yesNo };
    if (next === 'much' || next === 'big' || next === 'large') {
      const h = nounFrom(whAt + 2);
      return { answerType: 'money', ...(h >= 0 ? { head: ws[h]! } : {}), headAt: h, yesNo };
    }
    if (next === 'long' || next === 'soon') return { answerType: next === 'long' ? 'duration' : 'date', headAt: -1, yesNo };
    // "how will the floors be *enforced*": the manner of that act.
    return { answerType: 'description', headAt: verbFrom(whAt + 1), yesNo };
  }
  // "when was it *signed*", "where will they *store* it": the event asked about must be the one the fact dates or places.
  if (wh === 'when') return { answerType: 'date', headAt: verbFrom(whAt + 1), yesNo };
  if (wh === 'where') return { answerType: 'place', headAt: verbFrom(whAt + 1), yesNo };
  if (wh === 'why') return { answerType: 'reason', headAt: -1, yesNo };
  if (wh === 'who' || wh === 'whom' || wh === 'whose') {
    // "who is the secretary…": the noun after says whether a person is wanted by name.
    // ("who's" loses its "'s" to the tokenizer: the text still has it.)
    const copula = /^(is|was|are|were|s)$/.test(ws[whAt + 1] ?? '') || /\bwho['’]s\s+(?!\w+ing\b)/.test(folded);
    // Only "who is the <noun>" names a kind of answer; in "who funds X" the word after "who" is the verb, whatever its tag.
    const h = copula ? nounFrom(whAt + 2) : -1;
    const noun = h >= 0 ? ws[h]! : undefined;
    // "who is the secretary…": a person-noun right after "who is (the)" wants a person by name.
    const after = ws.slice(whAt + 2, whAt + 4).find((w) => !/^(the|a|an|us|current)$/.test(w));
    // "who's the head of…", "who is the secretary…": a role, wanted by the person's name.
    // A title one person holds ("minister", "VP" → vice president) is wanted by name, with "of" or a possessive.
    const title = (w: string) => { const one = commonNoun(w, ws, ws.indexOf(w), names); return ['official', 'executive', 'head of state', 'politician', 'diplomat'].some((k) => isA(one, k, 3)); };
    const titled = copula && ws.slice(whAt + 2, whAt + 6).some((w) => title(w));
    const person = wantsName || titled || (copula && after !== undefined && nounKinds(singular(after), 5).has('noun.person') && /\bof\b/.test(folded));
    // "who funds it": the word after "who" is the verb, whatever the tagger thinks of "funds".
    const next = ws[whAt + 1];
    const light = next ? lightVerbAct(whAt + 1) : whAt + 1;
    const verb = light !== whAt + 1 ? light : !copula && next && !AUX.test(next) && !STOPWORDS.has(next) && !startsName(whAt + 1) && !GENERIC_VERBS.test(tokens.get(next)?.lemma ?? next) && !GENERIC_VERBS.test(next) ? whAt + 1 : verbFrom(whAt + 1);
    // "who from the Commission…", "the actual person": people, by name.
    // "who signed for them, like which minister": a person-noun asked with "which" wants a name too.
    const whichPerson = /\bwhich\s+([a-z]+)/.exec(folded)?.[1];
    const people = person || /^(from|at)$/.test(next ?? '') || /\b(person|individual|people|guy|woman|man)\b/.test(folded) || (whichPerson !== undefined && nounKinds(singular(whichPerson), 1).has('noun.person'));
    return { answerType: people ? 'person' : 'agent', ...(noun ? { head: noun } : {}), headAt: people ? -1 : verb, yesNo };
  }
  // "us-eu mou deadline?", "mexico window end date?": a fragment about a date asks when.
  if (whAt < 0 && !yesNo && /\b(deadline|due date|due|end date|date|when|timeline|timeframe)\b/.test(folded)) return { answerType: 'date', headAt: -1, yesNo };
  // "vault $$?", "project vault funding": a fragment about money asks how much.
  if (whAt < 0 && !yesNo && /\b(money|funding|funds|financing|cost|budget|dollars)\b|\$/.test(folded)) return { answerType: 'money', headAt: -1, yesNo };
  // "what were they asked to do", "what did X do": an act is asked for, not the noun in between.
  // ("what will <they> do with…": the act, whatever follows it.)
  if (wh === 'what' && !yesNo && (/\b(?:to do|do|doing|did)\s*\??\s*$/.test(folded) || /\bwhat (?:will|would|should|can|could|are|were) .*\b(?:do|doing)\b/.test(folded))) return { answerType: 'description', headAt: -1, yesNo };
  // "the dollar amount of…", "what's the price tag", "what's X trading at": an amount of money, whatever noun follows.
  if (!yesNo && /\b(?:dollar|usd)\s+(?:amount|value|figure|total|size|sum)\b|\bprice tag\b|\bhow much money\b|\btrading at\b|\b(?:share|stock) price\b/.test(folded)) return { answerType: 'money', headAt: -1, yesNo };
  if (wh === 'what' || wh === 'which' || (!yesNo && whAt < 0)) {
    // "what city", "which agency", "what is the penalty for…", "what's the name of the secretary…"
    let from = whAt + 1;
    if (/^(is|was|are|were|s|will|would)$/.test(ws[from] ?? '')) from++;
    // A fragment ("<name> figure of <thing>?") has its head after any names it starts with.
    let start = Math.max(0, from);
    if (whAt < 0) while (start < ws.length && (names.at(ws, start).length > 0 || /^\d/.test(ws[start]!))) start += Math.max(1, names.at(ws, start)[0]?.words.length ?? 1);
    const h = whAt >= 0 || ws.length <= 14 ? nounFrom(start) : -1;
    if (h >= 0) {
      const noun = ws[h]!;
      const one = commonNoun(noun, ws, h, names);
      // "person" itself WordNet files among its top nouns, not noun.person.
      const kinds = one === 'person' ? new Set(['noun.person']) : nounKinds(one, 1);
      // "What kind of restrictions": a description of them, not a list, whatever the number.
      const kindOf = ws.slice(start, h).some((w, k) => /^(kind|kinds|type|types|sort|sorts)$/.test(w) && ws[start + k + 1] === 'of');
      const plural = singular(noun) !== noun && whAt >= 0;
      const type: AnswerType = /^(date|day|dates|days|deadline|deadlines|month|year|time)$/.test(noun)
        ? 'date'
        : /^(length|duration)$/.test(noun)
          ? 'duration'
        : kinds.has('noun.time') && isA(one, 'time period', 3) && !plural
          ? 'duration'
        : kinds.has('noun.person')
          ? plural ? 'list' : whAt >= 0 && /^(which|what)$/.test(wh) ? 'person' : 'agent'
          : kinds.has('noun.location') && !plural
            ? 'place'
            : !plural && whAt >= 0 && (isA(one, 'organization', 3) || isA(one, 'social group', 3))
              ? 'agent'
              : kinds.has('noun.location')
            ? plural ? 'list' : 'place'
            : kinds.has('noun.quantity') || /^(quantity|amount)$/.test(one) || ['value', 'cost', 'charge', 'magnitude relation', 'degree'].some((a) => isA(one, a, 1))
              ? 'quantity'
              : plural
                ? 'list'
                : 'description';
      // "What parts of X": the parts, named one by one.
      if (whAt >= 0 && type === 'agent' && ws.slice(start, h).some((w, k) => w === 'parts' && ws[start + k + 1] === 'of')) return { answerType: 'list', head: noun, headAt: h, yesNo };
      // (A kind the sources never name keeps the type of its noun: "what kind of staff" is answered by the staff they list.)
      if (kindOf && whAt >= 0) return { answerType: 'description', head: noun, headAt: h, yesNo, unknownKind: type };
      // A fragment with no wh-word ("this side or that side?") is typed only by a word that names a kind of answer.
      if (whAt < 0 && wantsName && kinds.has('noun.person')) return { answerType: 'person', head: noun, headAt: h, yesNo };
      // "Which office announced…", "which country got…": the event the thing asked for took part in.
      const verbAt = whAt >= 0 && type === 'agent' ? verbFrom(h + 1) : -1;
      if (verbAt >= 0) return { answerType: type, head: noun, headAt: h, yesNo, verbAt };
      if (whAt < 0 && !ANSWER_NOUNS.has(noun) && type !== 'list' && type !== 'quantity') return { answerType: 'description', head: noun, headAt: h, yesNo };
      return { answerType: type, head: noun, headAt: h, yesNo };
    }
    if (wantsName) return { answerType: 'person', headAt: -1, yesNo };
  }
  return { answerType: 'description', headAt: -1, yesNo };
}

const CONTAINING = /^(?:cover|include|contain|entail|involve|comprise|encompass)s?$/;

/** Whether a word names the kind of answer the question wants ("date" for a date, "officials" for a person). */
function namesAnswerType(word: string, type: AnswerType): boolean {
  if (/^(date|dates|day|days|deadline|deadlines|time|month|year|when|timeframe|timeline|period|length|duration)$/.test(word)) return type === 'date' || type === 'duration' || type === 'description';
  if (/^(place|location|venue|where|city|country|countries)$/.test(word)) return type === 'place' || type === 'list' || type === 'count';
  if (/^(person|people|name|names|official|officials)$/.test(word)) return type === 'person' || type === 'agent' || type === 'list';
  if (/^(money|cash|dollar|dollars|usd)$/.test(word)) return type === 'money';
  return true;
}

/** "timeframe", "lawmaker": a closed compound no dictionary lists that WordNet writes as two words ("time frame"). */
function openCompound(word: string): string | undefined {
  if (word.length < 7 || nounKinds(word, 1).size > 0 || spelling().correct(word)) return undefined;
  for (let cut = 3; cut <= word.length - 3; cut++) {
    const open = `${word.slice(0, cut)} ${word.slice(cut)}`;
    if (nounKinds(open, 1).size > 0) return open;
  }
  return undefined;
}

/** A head that is a glossary name is typed by the last word of its full name ("OEMs" → "original equipment manufacturers" → "manufacturer"). */
function commonNoun(head: string, ws: readonly string[], at: number, names: NameTable): string {
  const one = singular(head);
  if (nounKinds(one, 1).size > 0) return one;
  const open = openCompound(one);
  if (open) return open;
  const full = names.fullName(ws, at);
  return full ? singular(words(full).at(-1) ?? one) : one;
}

/** Stems of the knowledge base's own words by their lemma ("lead" → "led", "leads"): irregular forms the stemmer keeps apart. */
const lemmaTables = new WeakMap<FactIndex, Map<string, Set<string>>>();
function lemmaStems(index: FactIndex): Map<string, Set<string>> {
  let table = lemmaTables.get(index);
  if (!table) {
    table = new Map();
    const vocabulary = [...index.vocabulary.keys()].filter((w) => /^[a-z]+$/.test(w));
    const tokens = tag(vocabulary.join(' , '));
    for (const t of tokens) {
      if (t.type !== 'word' || t.lemma === t.lower) continue;
      let set = table.get(t.lemma);
      if (!set) table.set(t.lemma, (set = new Set()));
      set.add(stem(t.lower));
    }
    lemmaTables.set(index, table);
  }
  return table;
}

function weighName(label: string, alternatives: readonly (readonly string[])[], entryIds: readonly string[], index: FactIndex): Term {
  const df = Math.max(0, ...alternatives.map((alt) => Math.min(...alt.map((s) => index.documentFrequency(s)))));
  return { label, role: 'name', alternatives, related: new Map(), entryIds, focus: false, weight: df > 0 ? index.idf(df) : index.maxIdf, known: df > 0 };
}

/**
 * A word of the question with its relatives (WordNet synonyms and
 * derivations whose stems the sources use) and its weight: rare among the
 * sources and specific in English weighs most; a word no source uses weighs
 * the most a word can, times its specificity ("lithium" sinks a question,
 * "started" does not).
 */
function weighWord(
  w: string,
  token: Token | undefined,
  typed: string | undefined,
  focus: boolean,
  capitalised: boolean,
  index: FactIndex,
  byLemma: ReadonlyMap<string, ReadonlySet<string>>,
  /** The particle after a verb ("beefing *up*"): the phrasal verb has relatives of its own. */
  particle?: string,
): Term {
  const related = new Map<string, number>();
  const give = (s: string, credit: number) => {
    if (index.documentFrequency(s) > 0 && (related.get(s) ?? 0) < credit) related.set(s, credit);
  };
  const own = stem(w);
  related.set(own, 1);
  const lemma = token?.lemma && /^[a-z]+$/.test(token.lemma) ? token.lemma : w;
  give(stem(lemma), 1);
  for (const s of byLemma.get(lemma) ?? []) give(s, 1);
  // Adverbs meet their adjectives ("primarily" and "primary"), which the stemmer keeps apart.
  if (w.length > 5 && w.endsWith('ly')) give(stem(w.slice(0, -2)), 1);
  const bases = new Set([w, lemma, singular(w)]);
  if (particle && senses(`${lemma} ${particle}`, 'v').length > 0) bases.add(`${lemma} ${particle}`);
  // A verb's relatives are verbs' ("chaired" is not a president); a noun's, nouns'.
  const pos = token?.pos === 'VERB' && focus ? 'v' : undefined;
  for (const base of bases) {
    const { synonyms, derivations } = relatives(base, 3, pos);
    for (const d of derivations) if (!d.includes(' ')) give(stem(d), DERIVATION_CREDIT);
    for (const s of synonyms) {
      if (s.includes(' ') || s === w) continue;
      give(stem(s), SYNONYM_CREDIT);
      // …and the sources' own forms of it ("lead" → "led").
      for (const form of byLemma.get(s) ?? []) give(form, SYNONYM_CREDIT);
    }
    // Words of likeness are one another's: "resembling" asks what the sources call "akin to" or "similar to".
    if (LIKENESS.has(base)) for (const l of LIKENESS) give(stem(l), SYNONYM_CREDIT);
    // A phrasal synonym ("call upon" for "ask") meets the sources through its verb, for less.
    for (const s of synonyms) {
      const [verb, particle, ...more] = s.split(' ');
      if (verb && particle && more.length === 0 && /^(up|upon|for|on|in|out|off|down|over|back|through)$/.test(particle)) give(stem(verb), SYNONYM_CREDIT * 0.8);
    }
  }
  const df = index.documentFrequency(own) || index.documentFrequency(stem(lemma));
  const known = [...related.keys()].some((s) => index.documentFrequency(s) > 0);
  const base = df > 0 ? index.idf(df) : known ? index.idf(Math.max(...[...related.keys()].map((s) => index.documentFrequency(s)))) : index.maxIdf;
  // A word no source uses lowers confidence without vetoing the rest, unless it is what is asked.
  // Names and things (nouns) the sources never use weigh fully: "gallium", "soybean".
  // An adverb the sources never use ("legally", "officially") shades a question; it is not what is asked.
  const unknown = known || focus || capitalised || token?.pos === 'NOUN' || token?.pos === 'PROPN' ? 1 : /ly$/.test(w) ? 0.1 : 0.5;
  const noun = token?.pos === 'NOUN' || token?.pos === 'PROPN';
  const verb = token?.pos === 'VERB';
  return { label: w, ...(typed ? { typed } : {}), role: 'word', alternatives: [[own]], related, entryIds: [], focus, weight: base * specificity(w, capitalised) * unknown, known, noun, ...(verb ? { verb } : {}) };
}

/** Words this common in English (SUBTLEX rank) are everyday words; one the sources never use weighs this share of its weight. */
const EVERYDAY_RANK = 15000;
const EVERYDAY_UNKNOWN = 0.15;
/** Things, places, people and money: a noun of these kinds the sources never use is what the question is about ("pizza", "salary"). */
const THING_KINDS = ['noun.location', 'noun.food', 'noun.substance', 'noun.plant', 'noun.animal', 'noun.person', 'noun.possession', 'noun.object', 'noun.body'];

/**
 * An everyday word the sources never use ("span", "chunk", "setup"), not the
 * head, not a verb (the event asked about) and not a thing: how the asker
 * put it rather than what is asked, so it lowers confidence without sinking
 * an answer the rest of the question finds.
 */
function everyday(t: Term, token: Token | undefined): boolean {
  // A word mended from what was typed ("btc" → "etc") is not known to be everyday.
  if (t.known || t.focus || t.typed !== undefined || t.role !== 'word' || token?.pos === 'VERB' || token?.pos === 'PROPN') return false;
  if ((englishRank(t.label) ?? Infinity) > EVERYDAY_RANK) return false;
  const kinds = nounKinds(singular(t.label), 1);
  return !THING_KINDS.some((k) => kinds.has(k));
}

/** How specific a word is in everyday English: common words say little about what is asked. */
function specificity(word: string, capitalised: boolean): number {
  const rank = englishRank(word);
  if (rank === undefined) return 1;
  if (capitalised && rank > 5000) return 1;
  if (rank <= 1500) return 0.2;
  if (rank <= 5000) return 0.4;
  if (rank <= 15000) return 0.7;
  if (rank <= 30000) return 0.85;
  return 1;
}

/**
 * Mends a word the knowledge base does not use: to a word it does use when
 * one is an edit or two away (names and domain words first), else to the
 * dictionary's suggestion when the word is not English at all.
 */
/** Repairs already made against an index: the same word costs one dictionary look-up, not one per question. */
const repairs = new WeakMap<FactIndex, Map<string, string>>();

function repair(word: string, index: FactIndex, names: NameTable): string {
  let cache = repairs.get(index);
  if (!cache) repairs.set(index, (cache = new Map()));
  const known = cache.get(word);
  if (known !== undefined) return known;
  const mended = repairUncached(word, index, names);
  if (cache.size >= 20_000) cache.delete(cache.keys().next().value!);
  cache.set(word, mended);
  return mended;
}

/** "mex", "arg": three letters that are no everyday word and begin the names of one glossary group only. */
function repairClipped(word: string, names: NameTable): string {
  if (word.length !== 3 || names.has(word) || englishRank(word) !== undefined) return word;
  return names.clipped(word) ?? word;
}

function repairUncached(word: string, index: FactIndex, names: NameTable): string {
  if (index.vocabulary.has(word) || names.has(word) || /\d/.test(word) || word.length < 3) return word;
  const clipped = repairClipped(word, names);
  if (clipped !== word) return clipped;
  if (STOPWORDS.has(word) || QUESTION_SCAFFOLD.has(word) || WH.has(word)) return word;
  // "wich", "whta", "wehre": a question word mistyped, when the dictionary does not know the word as typed.
  if (!spelling().correct(word)) {
    const wh = [...WH].find((w) => w.length >= 3 && editDistance(word, w, 1) <= 1);
    if (wh) return wh;
  }
  const english = englishRank(word) !== undefined || spelling().correct(word);
  const budget = typoBudget(word.length);
  if (budget > 0 && !(english && (englishRank(word) ?? Infinity) <= 60_000)) {
    let best: { word: string; distance: number; count: number } | undefined;
    for (const [candidate, count] of index.spellingNeighbours(word, budget)) {
      if (candidate.length < 4) continue;
      const d = editDistance(word, candidate, budget);
      if (d <= budget && (!best || d < best.distance || (d === best.distance && count > best.count))) best = { word: candidate, distance: d, count };
    }
    if (best && (!english || best.distance === 1)) return best.word;
  }
  // "crit", "govt", "admin": a clipped word (unknown, or rare in English) is the most used word of the sources it begins.
  if ((!english || (englishRank(word) ?? Infinity) > 10_000) && word.length >= 4) {
    let best: [string, number] | undefined;
    for (const [candidate, count] of index.spellingNeighbours(word, 0, true)) if (candidate.startsWith(word) && candidate.length > word.length + 2 && (!best || count > best[1])) best = [candidate, count];
    if (best) return best[0];
  }
  if (english) return word;
  // Of Hunspell's suggestions, the nearest; at the same distance, one that keeps the first letter (typos rarely hit it),
  // then the more common word ("visting" → visiting, not misting).
  const ranked = spelling()
    .suggest(word)
    .slice(0, 8)
    .map((s) => s.toLowerCase())
    .filter((s) => /^[a-z' -]+$/.test(s))
    .map((s) => ({ s, d: editDistance(word, s, 2), first: s[0] === word[0] ? 0 : 1, rank: englishRank(s) ?? Infinity }))
    .filter((c) => c.d <= 2)
    .sort((a, b) => a.d - b.d || a.first - b.first || a.rank - b.rank);
  return ranked[0]?.s ?? word;
}

export function singular(noun: string): string {
  if (/ies$/.test(noun)) return `${noun.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(noun)) return noun;
  // "boxes", "churches", "addresses" lose "es"; "cases", "purposes", "phases" only "s".
  if (/(sses|ches|shes|xes|zes)$/.test(noun)) return noun.slice(0, -2);
  return noun.replace(/s$/, '');
}

function contentStems(name: string): string[] {
  return stemSequence(name).trim().split(' ').filter(Boolean);
}

function dedupe(list: readonly (readonly string[])[]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const alt of list) {
    const key = alt.join(' ');
    if (alt.length > 0 && !seen.has(key)) {
      seen.add(key);
      out.push([...alt]);
    }
  }
  return out;
}

function merge(terms: Term[]): Term[] {
  return distinctBy(terms, (t) => `${t.role}:${t.alternatives.map((a) => a.join(' ')).join('|')}`);
}
