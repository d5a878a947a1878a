import type { Citation, Deadline, Development, Entry, Figure, KnowledgeBase, Party } from '../model.ts';
import { citationFor } from '../citations.ts';
import { bothDates, capitalise } from '../answer/format.ts';
import { developmentPhrase, reportedBy } from '../deadlines.ts';
import { formatDuration } from '../durations.ts';

/**
 * The units retrieval ranks: every curated field of every entry, and every
 * sentence of every source (so a document nobody has curated yet still
 * answers). A fact knows how to be said and which sentences it rests on.
 */
export type FactKind =
  | 'summary'
  | 'when'
  | 'announced'
  | 'party'
  | 'parties'
  | 'status'
  | 'instrument'
  | 'instruments'
  | 'figure'
  | 'deadline'
  | 'development'
  | 'fact'
  | 'source'
  | 'sentence';

export interface Fact {
  readonly id: string;
  readonly kind: FactKind;
  readonly entry?: Entry;
  /** What the fact says, as a plain sentence or phrase. */
  readonly text: string;
  /** Names it goes by: the entry's name and aliases, its parties. */
  readonly names: string;
  /** Surrounding text that may hold words of the question (the paragraph of a sentence). */
  readonly context: string;
  readonly citations: readonly Citation[];
  readonly figure?: Figure;
  readonly deadline?: Deadline;
  readonly party?: Party;
  /** A development; on a status fact, the latest one it now comes from. */
  readonly development?: Development;
  /** For a source sentence: its source and paragraph ("SOURCE#p7"), the unit retrieval finds it by. */
  readonly paragraphKey?: string;
}

export function factsOf(kb: KnowledgeBase): Fact[] {
  const facts: Fact[] = [];
  for (const entry of kb.entries) {
    const names = [entry.name, ...entry.aliases, ...entry.parties.map((p) => p.name)].join(' ; ');
    const quotes = (citations: readonly Citation[]) => citations.map((c) => c.quote).join(' ');
    const add = (kind: FactKind, key: string, text: string, citations: readonly Citation[], extra: Partial<Fact> = {}) =>
      facts.push({ id: `${entry.id}#${key}`, kind, entry, text, names, context: quotes(citations), citations, ...extra });

    add('summary', 'summary', entry.summary.text, entry.summary.citations);
    if (entry.when) {
      const dates = entry.whenConflicts ?? [entry.when];
      // (The reading — "the day before publication" — says how the date was counted, not what happened: a question
      // about publishing something is not about it.)
      add('when', 'when', `${entry.name}: ${dates.map((w) => `${w.reading.replace(/\bpublication\b/g, 'the article')}, ${w.date}`).join('; ')}`, dates.flatMap((w) => w.citations));
    }
    if (entry.announcedBy) add('announced', 'announced', entry.announcedBy.text, entry.announcedBy.citations);
    entry.parties.forEach((party, i) =>
      add('party', `party-${i}`, party.lead ? `${party.name}: led by ${party.lead}` : party.name, party.citations, { party }),
    );
    if (entry.parties.length > 1) {
      add('parties', 'parties', `Parties: ${entry.parties.map((p) => p.name).join(', ')}`, entry.parties.flatMap((p) => p.citations));
    }
    // The status as it stands now: the latest development when one is recorded, else the sources' own.
    const latest = entry.developments.at(-1);
    if (latest) add('status', 'status', `${capitalise(developmentPhrase(latest))} (${reportedBy(latest)}): ${latest.text}`, latest.citations, { development: latest });
    else if (entry.status) add('status', 'status', entry.status.text, entry.status.citations);
    entry.developments.forEach((development) =>
      add('development', `development-${development.kind}-${development.date}`, `${capitalise(developmentPhrase(development))}: ${development.text}`, development.citations, { development }),
    );
    entry.instruments.forEach((c, i) => add('instrument', `instrument-${i}`, c.text, c.citations));
    if (entry.instruments.length > 1) {
      // All of them at once, for "what does it include / which tools" questions.
      add('instruments', 'instruments', entry.instruments.map((c) => c.text).join(' '), entry.instruments.flatMap((c) => c.citations));
    }
    entry.figures.forEach((figure) => {
      const versions = figure.conflicts ?? [figure];
      add('figure', `figure-${figure.id}`, `${figure.label}: ${versions.map((f) => f.text).join(' / ')}`, versions.flatMap((f) => f.citations), { figure });
    });
    entry.deadlines.forEach((deadline) =>
      add(
        'deadline',
        `deadline-${deadline.id}`,
        `${deadline.label}: ${deadline.phrase} (${formatDuration(deadline.duration)}) counted from the ${deadline.countedFrom.name}, ${deadline.countedFrom.date}; due ${deadline.date}`,
        deadline.citations,
        { deadline },
      ),
    );
    entry.facts.forEach((c, i) => add('fact', `fact-${i}`, c.text, c.citations));
  }
  for (const source of kb.sources) {
    const first = source.paragraphs[0];
    if (first) {
      // Who published what, and when: metadata, cited to the document's opening (its title).
      facts.push({
        id: `${source.id}#source`,
        kind: 'source',
        text: `"${source.title}" was published by ${source.publisher} on ${bothDates(source.published)}${source.url ? ` at ${source.url}` : ''}.`,
        names: `${source.publisher} ; source document`,
        context: first.text,
        citations: [citationFor(source, first, first.sentences[0]?.text ?? first.text)],
      });
    }
    for (const paragraph of source.paragraphs) {
      if (paragraph.heading) continue;
      paragraph.sentences.forEach((sentence, i) => {
        const citation = citationFor(source, paragraph, sentence.text);
        facts.push({
          id: `${source.id}#${paragraph.id}.${i + 1}`,
          kind: 'sentence',
          text: sentence.text,
          names: headingBefore(source.paragraphs, paragraph.number) ?? '',
          context: paragraph.text,
          citations: [citation],
          paragraphKey: `${source.id}#${paragraph.id}`,
        });
      });
    }
  }
  return facts;
}

/** The section heading a paragraph sits under: it names the topic its sentences leave implicit. */
function headingBefore(paragraphs: KnowledgeBase['sources'][number]['paragraphs'], number: number): string | undefined {
  for (let i = number - 2; i >= 0; i--) {
    const p = paragraphs[i]!;
    if (p.heading && !/^\p{L}+ \d{1,2}, \d{4}$/u.test(p.text)) return p.text;
  }
  return undefined;
}
