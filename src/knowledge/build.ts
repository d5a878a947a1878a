import { createHash } from 'node:crypto';
import { addDuration, parseDuration, parseRelativeDay, type Duration } from './durations.ts';
import { parseIsoDate, type IsoDate } from '../core/dates.ts';
import type { CitationInput, DevelopmentInput, EntryInput, GlossaryInput, WhenInput } from './curated/schema.ts';
import type { CuratedFiles } from './curated/load.ts';
import { foldText, squashSpace } from './text/normalize.ts';
import { locateQuote, sentencesAround } from './sources/quotes.ts';
import { datesIn } from './text/dates-in-text.ts';
import type { Source } from './sources/load.ts';
import type { Citation, Claim, DatedEvent, Deadline, Development, Entry, Figure, KnowledgeBase } from './model.ts';
import type { Problem } from './problems.ts';
import { citationFor, uniqueCitations } from './citations.ts';

type Cite = CitationInput | CitationInput[];

/**
 * Resolves curated entries against the sources: every citation must point at
 * a paragraph that exists and quote words that stand in it; every date and
 * deadline must compute from the source's words. Returns all problems found.
 */
export function buildKnowledgeBase(sources: readonly Source[], curated: CuratedFiles, options: { failedSources?: readonly string[] } = {}): { kb?: KnowledgeBase; problems: Problem[] } {
  const problems: Problem[] = [];
  const sourceById = new Map(sources.map((s) => [s.id, s]));
  // A source whose metadata failed is reported once, there; citing it is not a second mistake.
  const failedSources = new Set(options.failedSources ?? []);
  // Entries whose date could not be resolved because a citation failed: deadlines counting from them are not reported again.
  const unresolvedWhen = new Set<string>();

  const resolveCite = (cite: Cite, file: string, field: string, defaultSource: string | undefined): Citation[] => {
    const list = Array.isArray(cite) ? cite : [cite];
    const out: Citation[] = [];
    list.forEach((c, i) => {
      const at = Array.isArray(cite) ? `${field}[${i}]` : field;
      const sourceId = c.source ?? defaultSource;
      if (!sourceId) {
        problems.push({ file, field: `${at}.source`, reason: 'names no source (set "source" on the citation or at the top of the file)' });
        return;
      }
      const source = sourceById.get(sourceId);
      if (!source && failedSources.has(sourceId)) return;
      if (!source) {
        problems.push({ file, field: `${at}.source`, reason: `unknown source "${sourceId}" (known: ${[...sourceById.keys()].join(', ') || 'none'})` });
        return;
      }
      const paragraph = source.paragraphs.find((p) => p.id === c.paragraph);
      if (!paragraph) {
        problems.push({ file, field: `${at}.paragraph`, reason: `source "${sourceId}" has no paragraph ${c.paragraph} (it has p1 to p${source.paragraphs.length})` });
        return;
      }
      const span = locateQuote(paragraph.text, c.quote);
      if (!span) {
        const elsewhere = source.paragraphs.find((p) => locateQuote(p.text, c.quote));
        problems.push({
          file,
          field: `${at}.quote`,
          reason: `does not stand verbatim in ${sourceId} ${c.paragraph}${elsewhere ? ` (it is in ${elsewhere.id})` : ''}: "${c.quote.slice(0, 80)}"`,
        });
        return;
      }
      out.push(citationFor(source, paragraph, sentencesAround(paragraph, span)));
    });
    return uniqueCitations(out);
  };

  const entries: Entry[] = [];
  const seenIds = new Map<string, string>();
  const failedIds = new Set(curated.failedIds ?? []);
  const aliasOwner = new Map<string, string>();
  // Dates first, so that deadlines may count from an entry defined in any file.
  const whenById = new Map<string, DatedEvent>();
  const whenConflictsById = new Map<string, DatedEvent[]>();
  const pending: { file: string; input: EntryInput }[] = [];

  for (const { file, entry: input } of curated.entries) {
    const other = seenIds.get(input.id);
    if (other) {
      problems.push({ file, field: 'id', reason: `"${input.id}" is already the id of the entry in ${other}` });
      continue;
    }
    seenIds.set(input.id, file);
    for (const [i, name] of [input.name, ...input.aliases].entries()) {
      const key = squashSpace(foldText(name));
      const owner = aliasOwner.get(key);
      if (owner && owner !== input.id) {
        problems.push({ file, field: i === 0 ? 'name' : `aliases[${i - 1}]`, reason: `"${name}" already names the entry "${owner}"; a name must lead to one entry` });
      } else aliasOwner.set(key, input.id);
    }
    if (input.when) {
      const list = Array.isArray(input.when) ? input.when : [input.when];
      const dated: DatedEvent[] = [];
      list.forEach((w, i) => {
        const field = Array.isArray(input.when) ? `when[${i}]` : 'when';
        const when = resolveWhen(w, resolveCite(w.cite, file, `${field}.cite`, input.source), sourceById);
        if (typeof when === 'string') problems.push({ file, field, reason: when });
        else if (when) dated.push(when);
      });
      // Newest source first: it is the primary date; the others stay, shown beside it, when they differ.
      dated.sort((a, b) => newestFirst(a.citations, b.citations));
      if (dated[0]) whenById.set(input.id, dated[0]);
      else unresolvedWhen.add(input.id);
      if (new Set(dated.map((d) => d.date)).size > 1) whenConflictsById.set(input.id, dated);
    }
    pending.push({ file, input });
  }

  for (const { file, input } of pending) {
    const cite = (c: Cite, field: string) => resolveCite(c, file, field, input.source);
    const claim = (c: { text: string; cite: Cite }, field: string): Claim => ({ text: squashSpace(c.text), citations: cite(c.cite, `${field}.cite`) });

    const deadlines: Deadline[] = [];
    input.deadlines.forEach((d, i) => {
      const field = `deadlines[${i}]`;
      const citations = cite(d.cite, `${field}.cite`);
      const duration: Duration | undefined = parseDuration(d.phrase);
      if (!duration) {
        problems.push({ file, field: `${field}.phrase`, reason: `"${d.phrase}" gives no period this bot can count (write it as the source does, e.g. "within the next 30 days", "a 60-day window", "within 6 months")` });
        return;
      }
      if (citations.length > 0 && !citations.some((c) => locateQuote(c.quote, d.phrase))) {
        problems.push({ file, field: `${field}.phrase`, reason: `"${d.phrase}" does not stand in the quoted sentence(s); quote the words the period comes from` });
        return;
      }
      const anchorEntry = pending.find((p) => p.input.id === d.counted_from);
      const anchor = whenById.get(d.counted_from);
      if (!anchorEntry) {
        if (!failedIds.has(d.counted_from)) problems.push({ file, field: `${field}.counted_from`, reason: `no entry has the id "${d.counted_from}"` });
        return;
      }
      if (!anchor && unresolvedWhen.has(d.counted_from)) return;
      if (!anchor) {
        problems.push({ file, field: `${field}.counted_from`, reason: `the entry "${d.counted_from}" has no computable "when" to count from` });
        return;
      }
      const estimated = Boolean(d.assumption) || anchor.precision === 'estimated';
      const date = addDuration(anchor.date, duration);
      const precision = estimated ? 'estimated' : 'exact';
      deadlines.push({
        id: d.id,
        entryId: input.id,
        entryName: input.name,
        label: d.label,
        phrase: d.phrase,
        duration,
        countedFrom: { entryId: anchorEntry.input.id, name: anchorEntry.input.name, disputed: whenConflictsById.has(d.counted_from), ...anchor },
        date,
        precision,
        computed: { date, precision },
        ...(d.assumption ? { assumption: d.assumption } : {}),
        citations,
      });
    });

    // A figure id may repeat only to record another source's value for it (a disagreement); ids are otherwise unique.
    const figureSources = new Map<string, Set<string>>();
    input.figures.forEach((f, i) => {
      const source = (Array.isArray(f.cite) ? f.cite[0]?.source : f.cite.source) ?? input.source ?? '';
      const seen = figureSources.get(f.id) ?? new Set<string>();
      if (seen.has(source)) problems.push({ file, field: `figures[${i}].id`, reason: `"${f.id}" is used twice for the same source; a repeated id must cite another source (a disagreement)` });
      seen.add(source);
      figureSources.set(f.id, seen);
    });
    const deadlineIds = new Set<string>();
    input.deadlines.forEach((d, i) => {
      if (deadlineIds.has(d.id)) problems.push({ file, field: `deadlines[${i}].id`, reason: `"${d.id}" is used twice in this entry` });
      deadlineIds.add(d.id);
    });
    input.related.forEach((id, i) => {
      if (!seenIds.has(id) && !failedIds.has(id)) problems.push({ file, field: `related[${i}]`, reason: `no entry has the id "${id}"` });
    });

    const developments = resolveDevelopments(input, file, deadlines, {
      cite,
      sourceById,
      entryName: (id) => pending.find((p) => p.input.id === id)?.input.name,
      failedIds,
      problems,
    });
    const current = deadlines.map((d) => withDevelopment(d, developments));

    const when = whenById.get(input.id);
    const whenConflicts = whenConflictsById.get(input.id);
    const allFigures: Figure[] = input.figures.map((f, i) => ({
      id: f.id,
      entryId: input.id,
      label: f.label,
      value: f.value,
      unit: f.unit,
      approximate: f.approximate,
      text: f.text,
      citations: cite(f.cite, `figures[${i}].cite`),
    }));
    entries.push({
      id: input.id,
      name: input.name,
      aliases: input.aliases,
      kind: input.kind,
      file,
      // Without its developments: a development is announced on its own, not as a change of the entry.
    hash: hashOf({ ...input, developments: undefined }),
      summary: claim(input.summary, 'summary'),
      ...(when ? { when } : {}),
      ...(whenConflicts ? { whenConflicts } : {}),
      ...(input.announced_by ? { announcedBy: claim(input.announced_by, 'announced_by') } : {}),
      parties: input.parties.map((p, i) => ({ name: p.name, ...(p.lead ? { lead: p.lead } : {}), citations: cite(p.cite, `parties[${i}].cite`) })),
      ...(input.status ? { status: { stage: input.status.stage, ...claim(input.status, 'status') } } : {}),
      instruments: input.instruments.map((c, i) => claim(c, `instruments[${i}]`)),
      figures: groupConflicts(allFigures),
      deadlines: current,
      facts: input.facts.map((c, i) => claim(c, `facts[${i}]`)),
      related: input.related,
      developments,
    });
  }

  // Files that did not validate still have their citations checked: a schema error must not hide a misquote.
  for (const loose of curated.looseCitations ?? []) resolveCite(loose.citation, loose.file, loose.field, loose.defaultSource);

  checkGlossary(curated.glossary, problems);
  if (problems.length > 0) return { problems };
  if (sources.length === 0) return { problems: failedSources.size > 0 ? [] : [{ file: 'seeds', field: '', reason: 'holds no source document' }] };

  const asOf = sources.map((s) => s.published).sort().at(-1)!;
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const kb: KnowledgeBase = {
    sources,
    entries,
    deadlines: entries.flatMap((e) => e.deadlines).sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id)),
    glossary: curated.glossary.names,
    keywords: curated.glossary.keywords,
    asOf,
    version: hashOf({ sources: sources.map((s) => [s.id, s.title, s.published, s.text]), entries: entries.map((e) => [e.hash, e.developments.map((d) => d.hash)]), glossary: curated.glossary }),
    entry: (id) => entryById.get(id),
    source: (id) => sourceById.get(id),
  };
  return { kb, problems };
}

/** Kinds that bear on one deadline only, so an entry with several must say which. */
const ONE_DEADLINE_KINDS: ReadonlySet<Development['kind']> = new Set(['extended', 'met', 'missed']);

interface DevelopmentContext {
  readonly cite: (c: Cite, field: string) => Citation[];
  readonly sourceById: ReadonlyMap<string, Source>;
  readonly entryName: (id: string) => string | undefined;
  readonly failedIds: ReadonlySet<string>;
  readonly problems: Problem[];
}

/**
 * An entry's developments, checked like every claim: the citation stands
 * verbatim; the day it happened is stated in the quote (or given relative to
 * the source's publication) and is not after that publication; the source is
 * not older than the entry's own (a development records what happened after
 * the sources); the deadline, the new date and the superseding entry exist.
 * Oldest first.
 */
function resolveDevelopments(input: EntryInput, file: string, deadlines: readonly Deadline[], ctx: DevelopmentContext): Development[] {
  const { problems } = ctx;
  const own = ownSource(input, ctx.sourceById);
  const out: Development[] = [];
  const seen = new Map<string, number>();
  input.developments.forEach((d: DevelopmentInput, i) => {
    const field = `developments[${i}]`;
    const citations = ctx.cite(d.cite, `${field}.cite`);
    if (citations.length === 0) return; // the citation's problem is reported
    const fail = (at: string, reason: string) => problems.push({ file, field: at ? `${field}.${at}` : field, reason });
    const older = citations.find((c) => own && c.published < own.published);
    if (older && own) {
      fail('cite', `cites ${older.sourceId} (published ${older.published}), older than the entry's own source ${own.id} (${own.published}); a development records what happened after the sources, so cite a source published on or after ${own.published}`);
      return;
    }
    const when = resolveWhen(d.on !== undefined ? { on: d.on, cite: d.cite } : { phrase: d.phrase!, cite: d.cite }, citations, ctx.sourceById as Map<string, Source>);
    if (when === undefined) return;
    if (typeof when === 'string') return fail(d.on !== undefined ? 'on' : 'phrase', when);
    const published = citations.map((c) => c.published).sort().at(-1)!;
    if (when.date > published) return fail(d.on !== undefined ? 'on' : 'phrase', `${when.date} is after the cited source's publication (${published}); a source cannot report what had not happened yet`);
    if (d.to !== undefined && !citations.some((c) => datesIn(c.quote).some((m) => m.date === d.to))) return fail('to', `the quoted sentence(s) do not state ${d.to}; quote the words that give the new date`);
    let deadlineIds: string[] = [];
    if (d.deadline !== undefined) {
      if (!deadlines.some((x) => x.id === d.deadline)) {
        return fail('deadline', `this entry has no deadline "${d.deadline}"${deadlines.length > 0 ? ` (it has ${deadlines.map((x) => x.id).join(', ')})` : ' (it has none)'}`);
      }
      deadlineIds = [d.deadline];
    } else if (d.kind !== 'announced' && d.kind !== 'other') {
      if (ONE_DEADLINE_KINDS.has(d.kind) && deadlines.length === 0) return fail('kind', `"${d.kind}" is about a deadline, and this entry has none; use concluded, signed, withdrawn, announced or other`);
      if (ONE_DEADLINE_KINDS.has(d.kind) && deadlines.length > 1) return fail('deadline', `is missing: this entry has several deadlines (${deadlines.map((x) => x.id).join(', ')}); say which one was ${d.kind}`);
      deadlineIds = deadlines.map((x) => x.id);
    }
    let by: Development['by'];
    if (d.by !== undefined) {
      const name = ctx.entryName(d.by);
      if (d.by === input.id) return fail('by', 'an entry cannot supersede itself');
      if (!name) {
        if (!ctx.failedIds.has(d.by)) fail('by', `no entry has the id "${d.by}"`);
        return;
      }
      by = { entryId: d.by, name };
    }
    const id = `${input.id}:${d.kind}:${when.date}`;
    const twice = seen.get(id);
    if (twice !== undefined) return fail('', `repeats developments[${twice}] (${d.kind} on ${when.date}); one development of a kind a day`);
    seen.set(id, i);
    out.push({
      id,
      entryId: input.id,
      entryName: input.name,
      kind: d.kind,
      date: when.date,
      precision: when.precision,
      text: squashSpace(d.text),
      deadlineIds,
      ...(d.to !== undefined ? { to: parseIsoDate(d.to)! } : {}),
      ...(by ? { by } : {}),
      citations,
      hash: hashOf(d),
    });
  });
  // Oldest first; on one day, in the order written.
  return out.map((d, i) => [d, i] as const).sort(([a, i], [b, j]) => a.date.localeCompare(b.date) || i - j).map(([d]) => d);
}

/** The source an entry stands on: its file's `source`, or else its summary's. */
function ownSource(input: EntryInput, sources: ReadonlyMap<string, Source>): Source | undefined {
  const summaryCite = Array.isArray(input.summary.cite) ? input.summary.cite[0] : input.summary.cite;
  const id = input.source ?? summaryCite?.source;
  return id ? sources.get(id) : undefined;
}

/** A deadline as its latest development leaves it: moved to the new date of an extension, or settled. */
function withDevelopment(d: Deadline, developments: readonly Development[]): Deadline {
  const latest = developments.filter((x) => x.deadlineIds.includes(d.id)).at(-1);
  if (!latest) return d;
  if (latest.kind === 'extended' && latest.to) return { ...d, date: latest.to, precision: 'exact', development: latest };
  return { ...d, development: latest };
}

function resolveWhen(when: WhenInput, citations: Citation[], sources: Map<string, Source>): DatedEvent | string | undefined {
  if (citations.length === 0) return undefined; // the citation problem is already reported
  if ('on' in when) {
    const stated = citations.some((c) => datesIn(c.quote).some((m) => m.date === when.on));
    if (!stated) return `the quoted sentence(s) do not state ${when.on}; quote the words that give the date`;
    return { date: parseIsoDate(when.on)!, precision: 'exact', reading: 'stated in the source', phrase: when.on, citations };
  }
  const first = citations[0]!;
  const published = sources.get(first.sourceId)?.published;
  if (!published) return undefined;
  const relative = parseRelativeDay(when.phrase, published);
  if (!relative) return `"${when.phrase}" gives no date this bot can compute (use words like "yesterday", "this week", or give "on: YYYY-MM-DD")`;
  if (!citations.some((c) => locateQuote(c.quote, when.phrase))) return `"${when.phrase}" does not stand in the quoted sentence(s)`;
  return { date: relative.date, precision: relative.precision, reading: `${relative.reading} (${published})`, phrase: when.phrase, citations };
}

/** Orders claims by their newest citation's publication date, newest first. */
function newestFirst(a: readonly Citation[], b: readonly Citation[]): number {
  const newest = (list: readonly Citation[]) => list.map((c) => c.published).sort().at(-1) ?? '';
  return newest(b).localeCompare(newest(a));
}

/** One figure per id: the newest source's value, with the others (if they differ) as its conflicts. */
function groupConflicts(figures: readonly Figure[]): Figure[] {
  const byId = new Map<string, Figure[]>();
  for (const f of figures) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  return [...byId.values()].map((group) => {
    const sorted = [...group].sort((a, b) => newestFirst(a.citations, b.citations));
    const primary = sorted[0]!;
    const differ = new Set(sorted.map((f) => f.value)).size > 1;
    return differ ? { ...primary, conflicts: sorted } : primary;
  });
}

function checkGlossary(glossary: GlossaryInput, problems: Problem[]): void {
  const seen = new Map<string, string>();
  glossary.names.forEach((n, i) => {
    for (const [j, alias] of [n.name, ...n.aliases].entries()) {
      const key = squashSpace(foldText(alias));
      const owner = seen.get(key);
      if (owner && owner !== n.name) {
        problems.push({ file: 'curated/glossary.yaml', field: j === 0 ? `names[${i}].name` : `names[${i}].aliases[${j - 1}]`, reason: `"${alias}" already belongs to "${owner}"` });
      } else seen.set(key, n.name);
    }
  });
}


function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

export type { IsoDate };
