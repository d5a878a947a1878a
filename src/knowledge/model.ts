import type { Citation } from '../core/citation.ts';
import type { IsoDate, Precision } from '../core/dates.ts';
import type { Duration } from './durations.ts';
import type { DevelopmentKind, FigureUnit, Kind, Stage } from './curated/schema.ts';
import type { Source } from './sources/load.ts';

/**
 * The knowledge base as the rest of the bot sees it: curated entries whose
 * every claim is resolved to verbatim sentences of a source, and deadlines
 * computed from the sources' own words. Immutable: a reload builds a new one.
 */


export interface Claim {
  readonly text: string;
  readonly citations: readonly Citation[];
}

export interface DatedEvent {
  readonly date: IsoDate;
  readonly precision: Precision;
  /** How the date was read: "the day before publication (2026-02-05)". */
  readonly reading: string;
  readonly phrase: string;
  readonly citations: readonly Citation[];
}

export interface Party {
  readonly name: string;
  readonly lead?: string;
  readonly citations: readonly Citation[];
}

export interface Figure {
  readonly id: string;
  readonly entryId: string;
  readonly label: string;
  readonly value: number;
  readonly unit: FigureUnit;
  readonly approximate: boolean;
  readonly text: string;
  readonly citations: readonly Citation[];
  /** The same figure as other sources give it, when they disagree: newest source first. */
  readonly conflicts?: readonly Figure[];
}

/**
 * What happened after an entry's sources, cited to a newer source: the
 * latest one is the entry's status, and the latest that bears on a deadline
 * is that deadline's status.
 */
export interface Development {
  /** `ENTRY:KIND:DATE`: one development of a kind a day per entry, stable across edits of its wording. */
  readonly id: string;
  readonly entryId: string;
  readonly entryName: string;
  readonly kind: DevelopmentKind;
  /** The day it happened. */
  readonly date: IsoDate;
  readonly precision: Precision;
  readonly text: string;
  /** The deadlines of the entry it settles or moves (none for announced and other). */
  readonly deadlineIds: readonly string[];
  /** extended: the new date. */
  readonly to?: IsoDate;
  /** superseded: the entry that replaces this one. */
  readonly by?: { readonly entryId: string; readonly name: string };
  readonly citations: readonly Citation[];
  /** Content hash, to notice a development that was reworded or re-cited. */
  readonly hash: string;
}

export interface Deadline {
  readonly id: string;
  readonly entryId: string;
  readonly entryName: string;
  readonly label: string;
  /** The source's words that set the period. */
  readonly phrase: string;
  readonly duration: Duration;
  /** The entry the period counts from, with its date; `disputed` when sources disagree on that date (the newest source's is used). */
  readonly countedFrom: { readonly entryId: string; readonly name: string; readonly disputed: boolean } & DatedEvent;
  /** The date it is due now: the computed one, or the new date of the latest extension. */
  readonly date: IsoDate;
  readonly precision: Precision;
  /** The date computed from the source's phrase, before any extension. */
  readonly computed: { readonly date: IsoDate; readonly precision: Precision };
  /** The latest development that settles or moves it, when one is recorded. */
  readonly development?: Development;
  readonly assumption?: string;
  readonly citations: readonly Citation[];
}

export interface Entry {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly kind: Kind;
  /** The curated file it came from, for curators. */
  readonly file: string;
  /** Content hash of the curated entry, to notice what changed between loads. */
  readonly hash: string;
  readonly summary: Claim;
  /** The date from the newest source that gives one. */
  readonly when?: DatedEvent;
  /** Every date the sources give, newest source first, when they disagree (absent when they agree). */
  readonly whenConflicts?: readonly DatedEvent[];
  readonly announcedBy?: Claim;
  readonly parties: readonly Party[];
  readonly status?: Claim & { readonly stage: Stage };
  readonly instruments: readonly Claim[];
  readonly figures: readonly Figure[];
  readonly deadlines: readonly Deadline[];
  readonly facts: readonly Claim[];
  readonly related: readonly string[];
  /** What happened after the sources, oldest first; the last is the entry's current status. */
  readonly developments: readonly Development[];
}

export interface GlossaryName {
  readonly name: string;
  readonly aliases: readonly string[];
}

export interface KnowledgeBase {
  readonly sources: readonly Source[];
  readonly entries: readonly Entry[];
  /** Every deadline of every entry, soonest first. */
  readonly deadlines: readonly Deadline[];
  readonly glossary: readonly GlossaryName[];
  /** Curator-set words that make a watched feed's item worth a look (besides names, aliases and parties). */
  readonly keywords: readonly string[];
  /** The newest source's publication date: nothing later is known. */
  readonly asOf: IsoDate;
  /** Hash of everything loaded. */
  readonly version: string;
  entry(id: string): Entry | undefined;
  source(id: string): Source | undefined;
}

export type { Citation, Source };
