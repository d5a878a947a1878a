import type { DeadlineView } from '../../core/reply.ts';
import { daysBetween, type IsoDate } from '../dates.ts';
import { counting, deadlineView, developmentPhrase, reportedBy } from '../deadlines.ts';
import { formatDuration } from '../durations.ts';
import { uniqueCitations } from '../citations.ts';
import type { Citation, Deadline, Figure } from '../model.ts';
import type { Fact } from '../retrieval/facts.ts';
import type { Question } from './read.ts';
import { bothDates, capitalise, endSentence, formatValue, listOf, lowerFirst, trimNumber } from './format.ts';

/** A composed answer before the caller adds notes: what to say and what it rests on. */
export interface Composition {
  readonly text: string;
  readonly citations: readonly Citation[];
  readonly deadlines: readonly DeadlineView[];
  /** Depends on today's date (so it needs the sources' as-of note). */
  readonly timely: boolean;
  /** What a follow-up may refer to, when it is not the question's own topic ("those" after every deadline). */
  readonly topic?: readonly string[];
}

/**
 * One fact, said as a direct answer to the question. Answers lead with the
 * entry's name ("Project Vault: …") unless `named` is false (a second fact of
 * the same entry, which needs no second introduction).
 */
export function composeFact(fact: Fact, q: Question, today: IsoDate, named = true): Composition {
  const entry = fact.entry;
  const name = entry?.name ?? '';
  const lead = (text: string) => (named && name ? `${name}: ${text}` : capitalise(text));
  const plain = (text: string): Composition => ({ text, citations: fact.citations, deadlines: [], timely: false });
  switch (fact.kind) {
    case 'summary': {
      // What happened since the sources leads, when a development is recorded; the sources' description follows.
      const latest = entry?.developments.at(-1);
      if (!latest) return plain(lead(endSentence(fact.text)));
      const now = `${developmentPhrase(latest)} (${reportedBy(latest)}): ${endSentence(latest.text)}`;
      return { text: lead(`${now} As the first sources put it: ${endSentence(fact.text)}`), citations: uniqueCitations([...latest.citations, ...fact.citations]), deadlines: [], timely: true };
    }
    case 'when': {
      if (entry!.whenConflicts) return plain(lead(`the sources disagree on the date. ${disagreement(entry!.whenConflicts.map((w) => ({ value: `${bothDates(w.date)}${w.precision === 'estimated' ? ' (estimated)' : ''}`, citations: w.citations })))}`));
      const when = entry!.when!;
      const verb = entry!.kind === 'meeting' ? 'held' : 'announced';
      const estimate = when.precision === 'estimated' ? 'in the week starting' : 'on';
      return plain(lead(`${verb} ${estimate} ${bothDates(when.date)} (the source dates it as ${when.reading}).`));
    }
    case 'party': {
      const party = fact.party!;
      return plain(lead(party.lead ? `the ${party.name} side is led by ${party.lead}.` : `${party.name} is a party.`));
    }
    case 'parties':
      return plain(lead(`the parties are ${listOf(entry!.parties.map((p) => (p.lead ? `${p.name} (led by ${p.lead})` : p.name)))}.`));
    case 'figure': {
      const figure = fact.figure!;
      if (figure.conflicts) return plain(lead(`the sources disagree on the ${figure.label}. ${disagreement(figure.conflicts.map((f) => ({ value: f.text, citations: f.citations })))}`));
      return plain(lead(figureSentence(figure)));
    }
    case 'deadline':
      return composeDeadline(fact.deadline!, q, today);
    case 'instruments':
      return plain(lead(entry!.instruments.map((i, n) => `(${n + 1}) ${endSentence(i.text)}`).join(' ')));
    case 'development': {
      const dev = fact.development!;
      return { ...plain(lead(`${developmentPhrase(dev)} (${reportedBy(dev)}): ${endSentence(dev.text)}`)), timely: true };
    }
    case 'status': {
      // From the latest development when one is recorded: the entry as it stands now.
      if (fact.development) return { ...plain(lead(endSentence(fact.text))), timely: true };
      // Otherwise it is the sources' word at the time ("a 60-day window is open"): said as theirs, with its date,
      // so that where its deadlines stand today (added after it) never reads as a contradiction.
      const said = fact.citations.map((c) => c.published).sort().at(-1);
      return { ...plain(lead(said ? `as the sources put it on ${said}: ${endSentence(fact.text)}` : endSentence(fact.text))), timely: said !== undefined };
    }
    case 'announced':
    case 'instrument':
    case 'fact':
      return plain(lead(endSentence(fact.text)));
    case 'source':
    case 'sentence':
      return plain(endSentence(fact.text));
  }
}

/** "Publisher A (2026-03-10) gives X; Publisher B (2026-02-05) gives Y." — newest source first, as the versions come. */
export function disagreement(versions: readonly { value: string; citations: readonly Citation[] }[]): string {
  return `${versions
    .map((v) => {
      const c = v.citations[0];
      return c ? `${c.publisher} (${c.published}, ${c.locator}) gives ${v.value}` : v.value;
    })
    .join('; ')}.`;
}

function figureSentence(figure: Figure): string {
  return `the ${figure.label} is ${figure.text}.`;
}

function composeDeadline(d: Deadline, q: Question, today: IsoDate): Composition {
  const view = deadlineView(d, today);
  const estimated = d.precision === 'estimated' ? ' (estimated)' : '';
  const firstEstimated = d.computed.precision === 'estimated' ? ' (estimated)' : '';
  const counted = `${formatDuration(d.duration)} ("${d.phrase}") from the ${d.countedFrom.name} (${d.countedFrom.date})`;
  // Where it stands today comes first; the period and how it was counted follow.
  const detail =
    q.answerType === 'duration'
      ? `The period is ${formatDuration(d.duration)} ("${d.phrase}"), counted from the ${d.countedFrom.name} (${d.countedFrom.date}): ${d.development ? `it was first due on ${bothDates(d.computed.date)}${firstEstimated}` : `it ends on ${bothDates(d.date)}${estimated}`}.`
      : d.development
        ? `It was first due on ${bothDates(d.computed.date)}${firstEstimated}, counted as ${counted}.`
        : `It is counted as ${counted}.`;
  return { text: `${statusSentence(d, view, today, `${bothDates(d.date)}${estimated}`)} ${detail}`, citations: [...view.citations, ...d.countedFrom.citations], deadlines: [view], timely: true };
}

/**
 * Where a deadline stands today, in the words that open an answer about it:
 * what its latest development says (and, after an extension, where the new
 * date stands), or else where its date stands. Never both ways.
 */
function statusSentence(d: Deadline, view: DeadlineView, today: IsoDate, date: string): string {
  const s = view.status;
  const dev = d.development;
  const label = lowerFirst(d.label);
  const happened = dev ? `${capitalise(label)}: ${developmentPhrase(dev)} (${reportedBy(dev)}): ${endSentence(dev.text)}` : '';
  if (s.state === 'settled') return happened;
  const where = s.state === 'passed' ? `passed ${s.days} day${s.days === 1 ? '' : 's'} ago` : s.state === 'today' ? 'is due today' : `is ${s.days} day${s.days === 1 ? '' : 's'} away`;
  // Only a date nothing is recorded about leaves open whether it was met.
  if (dev) return `${happened} As of today (${today}), the new date, ${date}, ${where}.`;
  return `As of today (${today}), the ${label}, due ${date}, ${where}${s.state === 'passed' ? '; the sources do not record whether it was met' : ''}.`;
}

/** One line of a list of deadlines: where it stands, then how its date was counted. */
function deadlineLine(d: Deadline, view: DeadlineView, today: IsoDate): string {
  const estimated = view.precision === 'estimated' ? ' (estimated)' : '';
  const first = d.development ? `First due ${d.computed.date}${d.computed.precision === 'estimated' ? ' (estimated)' : ''}: ` : 'Counted as ';
  return `${statusSentence(d, view, today, `${bothDates(d.date)}${estimated}`)} ${first}${counting(d)}.`;
}

/** Every deadline, soonest first, each with where it stands today, its date and how it was computed. */
export function composeDeadlines(deadlines: readonly Deadline[], today: IsoDate): Composition {
  const views = deadlines.map((d) => deadlineView(d, today));
  const lines = deadlines.map((d, i) => deadlineLine(d, views[i]!, today));
  return {
    text: `${deadlines.length} deadline${deadlines.length === 1 ? '' : 's'}: ${lines.join(' ')}`,
    citations: uniqueCitations(deadlines.flatMap((d, i) => [...views[i]!.citations, ...d.countedFrom.citations])),
    deadlines: views,
    timely: true,
    topic: [...new Set(deadlines.map((d) => d.entryId))],
  };
}

/**
 * The deadlines of an entry with where they stand today: added to any answer
 * about its status, so that "still open?" is never answered without them.
 */
export function withDeadlineStatus(c: Composition, deadlines: readonly Deadline[], today: IsoDate): Composition {
  const missing = deadlines.filter((d) => !c.deadlines.some((v) => v.id === d.id));
  if (missing.length === 0) return c;
  const views = missing.map((d) => deadlineView(d, today));
  const sentences = missing.map((d, i) => statusSentence(d, views[i]!, today, `${views[i]!.date}${views[i]!.precision === 'estimated' ? ' (estimated)' : ''}`));
  return {
    text: `${c.text} ${sentences.join(' ')}`,
    citations: uniqueCitations([...c.citations, ...views.flatMap((v) => v.citations)]),
    deadlines: [...c.deadlines, ...views],
    timely: true,
  };
}

/** "Which comes first" (or last): the earliest (latest) of the deadlines the question names, with the others after it. */
export function composeComparison(deadlines: readonly Deadline[], today: IsoDate, order: 'first' | 'last'): Composition {
  const sorted = [...deadlines].sort((a, b) => a.date.localeCompare(b.date));
  if (order === 'last') sorted.reverse();
  const [lead, ...others] = sorted as [Deadline, ...Deadline[]];
  const est = (d: Deadline) => (d.precision === 'estimated' ? ', estimated' : '');
  const rest = others
    .map((d) => `the ${lowerFirst(d.label)} (${d.date}${est(d)}), ${Math.abs(daysBetween(lead.date, d.date))} days ${order === 'first' ? 'later' : 'earlier'}`)
    .join('; ');
  const anchors = [...new Set(sorted.map((d) => `the ${d.countedFrom.name} (${d.countedFrom.date})`))].join(' and ');
  const text =
    `The ${lowerFirst(lead.label)} comes ${order}: ${bothDates(lead.date)}${lead.precision === 'estimated' ? ' (estimated)' : ''}, ` +
    `${order === 'first' ? 'before' : 'after'} ${rest}. ${sorted.length === 2 ? 'Both are' : 'All are'} counted from ${anchors}.`;
  return {
    text,
    citations: uniqueCitations(sorted.flatMap((d) => [...d.citations, ...d.countedFrom.citations])),
    deadlines: [...deadlines].sort((a, b) => a.date.localeCompare(b.date)).map((d) => deadlineView(d, today)),
    timely: true,
  };
}

/** "How many days between": two dated things (deadlines, or a deadline and the event it counts from). */
export function composeInterval(
  a: { label: string; date: IsoDate; citations: readonly Citation[] },
  b: { label: string; date: IsoDate; citations: readonly Citation[] },
  views: readonly DeadlineView[],
  unit: 'day' | 'week' | 'month' = 'day',
): Composition {
  const [early, late] = a.date <= b.date ? [a, b] : [b, a];
  const days = daysBetween(early.date, late.date);
  // Asked in weeks or months, the days come first (they are exact) and the asked unit after, rounded.
  const size = unit === 'week' ? 7 : unit === 'month' ? 365.25 / 12 : 1;
  const rounded = Math.round(days / size);
  const inUnit = unit === 'day' ? '' : ` (about ${rounded} ${unit}${rounded === 1 ? '' : 's'})`;
  return {
    text: `${days} days${inUnit}: from ${named(early.label)} (${early.date}) to ${named(late.label)} (${late.date}).`,
    citations: uniqueCitations([...early.citations, ...late.citations]),
    deadlines: views,
    timely: true,
  };
}

/** "the conclusion of the memorandum", "today", "the Critical Minerals Ministerial". */
function named(label: string): string {
  if (label === 'today') return label;
  // A name ("Critical Minerals Ministerial") keeps its capitals; a label ("Conclusion of …") reads on in lower case.
  return /^[A-Z][\w-]*\s+[A-Z]/.test(label) ? `the ${label}` : `the ${lowerFirst(label)}`;
}

/** "How many times larger": the ratio of two figures of one unit. */
export function composeRatio(figures: readonly [Figure, Figure]): Composition {
  const [a, b] = [...figures].sort((x, y) => y.value - x.value) as [Figure, Figure];
  const ratio = Math.round((a.value / b.value) * 10) / 10;
  const approx = a.approximate || b.approximate ? 'about ' : '';
  return {
    text: `The ${a.label} (${a.text}) is ${approx}${ratio} times the ${b.label} (${b.text}).`,
    citations: uniqueCitations([...a.citations, ...b.citations]),
    deadlines: [],
    timely: false,
  };
}

/** "How much in total": figures of one unit added up, each named. */
export function composeSum(figures: readonly Figure[], name: string): Composition {
  const unit = figures[0]!.unit;
  const total = figures.reduce((sum, f) => sum + f.value, 0);
  const approx = figures.some((f) => f.approximate) ? 'roughly ' : '';
  const parts = figures.map((f) => `${f.text} (${f.label})`).join(' plus ');
  return {
    text: `${name}: in total ${approx}${formatValue(total, unit)}, that is ${parts}.`,
    citations: uniqueCitations(figures.flatMap((f) => f.citations)),
    deadlines: [],
    timely: false,
  };
}

/** "By how much does A exceed B": the difference of two figures of one unit, larger first. */
export function composeDifference(figures: readonly [Figure, Figure]): Composition {
  const [a, b] = [...figures].sort((x, y) => y.value - x.value) as [Figure, Figure];
  const diff = a.value - b.value;
  const amount = a.unit === 'percent' ? `${trimNumber(diff)} percentage points` : formatValue(diff, a.unit);
  const approx = a.approximate || b.approximate ? 'about ' : '';
  return {
    text: `The ${a.label} (${a.text}) exceeds the ${b.label} (${b.text}) by ${approx}${amount}.`,
    citations: uniqueCitations([...a.citations, ...b.citations]),
    deadlines: [],
    timely: false,
  };
}

/** "What share of the funding is the loan": one figure as a share of its entry's figures of that unit added up. */
export function composeShareOfTotal(part: Figure, all: readonly Figure[], name: string): Composition {
  const total = all.reduce((sum, f) => sum + f.value, 0);
  const share = Math.round((part.value / total) * 1000) / 10;
  const approx = all.some((f) => f.approximate) ? 'about ' : '';
  const parts = all.map((f) => `${f.text} (${f.label})`).join(' plus ');
  return {
    text: `${capitalise(approx)}${trimNumber(share)} percent: the ${part.label} (${part.text}) of ${name}'s ${approx}${formatValue(total, part.unit)} in total, that is ${parts}.`,
    citations: uniqueCitations(all.flatMap((f) => f.citations)),
    deadlines: [],
    timely: false,
  };
}
