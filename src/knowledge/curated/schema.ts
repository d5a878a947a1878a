import { z } from 'zod';
import { parseIsoDate } from '../../core/dates.ts';

/**
 * The curated layer's file format, as analysts write it (YAML, one entry a
 * file). Every claim carries a citation into a source paragraph; names and
 * aliases are vocabulary, not claims, and need none.
 */

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, like "us-eu-mou"');

const isoDate = z.string().refine((s) => parseIsoDate(s) !== undefined, 'must be a real date written YYYY-MM-DD');

export const CitationSchema = z.strictObject({
  /** Source id; defaults to the file's `source`. */
  source: slug.optional(),
  paragraph: z.string().regex(/^p[1-9]\d*$/, 'must be a paragraph id like "p7" (see `npm run kb -- show SOURCE`)'),
  /** Words that stand verbatim in that paragraph (typographic quotes and dashes may be typed plainly). */
  quote: z.string().trim().min(3, 'must quote at least a few words of the paragraph'),
});

const CITE_EXAMPLE = 'cite: { paragraph: p7, quote: a few words that stand in p7 } (see `npm run kb -- show SOURCE` for paragraph ids)';

/** One citation or several. Every claim needs one: say so, and what one looks like, rather than zod's "Invalid input". */
const cite = z.union([CitationSchema, z.array(CitationSchema).min(1, `needs at least one citation, e.g. ${CITE_EXAMPLE}`)], {
  error: (issue) => {
    if (issue.input === undefined) return `is missing: every claim cites the paragraph it rests on, e.g. ${CITE_EXAMPLE}`;
    // A union only says that no branch fitted; say what is wrong with the citation that was meant.
    const meant = Array.isArray(issue.input) ? issue.input : [issue.input];
    for (const [i, one] of meant.entries()) {
      const checked = CitationSchema.safeParse(one);
      if (!checked.success) return `${Array.isArray(issue.input) ? `[${i}] ` : ''}is not a citation (${checked.error.issues.map(citationIssue).join('; ')}), e.g. ${CITE_EXAMPLE}`;
    }
    return `must be a citation or a list of them, e.g. ${CITE_EXAMPLE}`;
  },
});

function citationIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `${issue.keys.map((k) => `"${k}"`).join(', ')} is not a citation field`;
  const field = issue.path.join('.');
  if (issue.code === 'invalid_type' && field === '') return 'it must be a mapping with paragraph and quote';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${field} is missing`;
  return `${field} ${issue.message}`;
}

export const ClaimSchema = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty'),
  cite,
});

export const PartySchema = z.strictObject({
  name: z.string().trim().min(1),
  /** Who leads for this party, when the source says. */
  lead: z.string().trim().min(1).optional(),
  cite,
});

export const FIGURE_UNITS = ['USD', 'percent', 'count'] as const;

export const FigureSchema = z.strictObject({
  id: slug,
  /** What is measured: "direct loan from the U.S. Export-Import Bank". */
  label: z.string().trim().min(1),
  value: z.number().finite(),
  unit: z.enum(FIGURE_UNITS),
  /** The source hedges ("approximately", "roughly"). */
  approximate: z.boolean().default(false),
  /** The figure as the source words it: "$10 billion". */
  text: z.string().trim().min(1),
  cite,
});

/** When something happened: a date the source states, or one it gives relative to its publication. */
export const WhenSchema = z.union([
  z.strictObject({ on: isoDate, cite }),
  z.strictObject({
    /** The source's words, e.g. "Yesterday's ministerial meeting". */
    phrase: z.string().trim().min(1),
    cite,
  }),
]);

export const DeadlineSchema = z.strictObject({
  id: slug,
  label: z.string().trim().min(1),
  /** The source's words that set the period: "Within the next 30 days". */
  phrase: z.string().trim().min(1),
  /** Id of the entry whose date the period counts from (its `when`). */
  counted_from: slug,
  /** Why it counts from there, when the source does not say: makes the date an estimate. */
  assumption: z.string().trim().min(1).optional(),
  cite,
});

export const STAGES = ['held', 'announced', 'planned', 'negotiating', 'signed', 'envisioned', 'under-investigation', 'ongoing', 'background'] as const;

export const StatusSchema = z.strictObject({
  stage: z.enum(STAGES),
  text: z.string().trim().min(1),
  cite,
});

/**
 * What can happen to an agreement after its sources: each kind and what it
 * does to the entry's deadlines (see docs/curating.md).
 */
export const DEVELOPMENT_KINDS = ['concluded', 'signed', 'extended', 'met', 'missed', 'superseded', 'withdrawn', 'announced', 'other'] as const;

/**
 * A dated development recorded after the entry's sources: what happened, when
 * (a date the quoted sentence states, or words relative to its publication,
 * as for `when`), and a verbatim citation in a newer source.
 */
export const DevelopmentSchema = z
  .strictObject({
    kind: z.enum(DEVELOPMENT_KINDS, { error: `must be one of ${DEVELOPMENT_KINDS.join(', ')}` }),
    /** The day it happened, as the quoted sentence states it. */
    on: isoDate.optional(),
    /** Or the source's words for it, relative to its publication: "today", "yesterday". */
    phrase: z.string().trim().min(1).optional(),
    /** What happened, in a short sentence. */
    text: z.string().trim().min(1),
    /** The deadline of this entry it bears on (needed when the entry has several and the kind is extended, met or missed). */
    deadline: slug.optional(),
    /** extended: the new date, as the quoted sentence states it. */
    to: isoDate.optional(),
    /** superseded: the id of the entry that replaces this one. */
    by: slug.optional(),
    cite,
  })
  .superRefine((d, ctx) => {
    if ((d.on === undefined) === (d.phrase === undefined)) ctx.addIssue({ code: 'custom', path: ['on'], message: 'give the day it happened: either on: YYYY-MM-DD (stated in the quote) or phrase: the source\'s words, e.g. "today"' });
    if (d.kind === 'extended' && d.to === undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: 'is missing: an extension gives the new date (to: YYYY-MM-DD, stated in the quote)' });
    if (d.kind !== 'extended' && d.to !== undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: `belongs to an extension only, not to "${d.kind}"` });
    if (d.kind === 'superseded' && d.by === undefined) ctx.addIssue({ code: 'custom', path: ['by'], message: 'is missing: say which entry supersedes it (by: ENTRY-ID)' });
    if (d.kind !== 'superseded' && d.by !== undefined) ctx.addIssue({ code: 'custom', path: ['by'], message: `belongs to "superseded" only, not to "${d.kind}"` });
    if ((d.kind === 'announced' || d.kind === 'other') && d.deadline !== undefined) ctx.addIssue({ code: 'custom', path: ['deadline'], message: `an "${d.kind}" development does not change a deadline; remove it, or use extended, met, missed…` });
  });

export const KINDS = [
  'meeting',
  'action-plan',
  'partnership',
  'memorandum',
  'trade-initiative',
  'envisioned-agreement',
  'framework-arrangement',
  'pledge',
  'initiative',
  'investigation',
  'framework',
  'deals',
  'forum',
  'background',
] as const;

export const EntrySchema = z.strictObject({
  /** Default source of this file's citations. */
  source: slug.optional(),
  id: slug,
  name: z.string().trim().min(1),
  aliases: z.array(z.string().trim().min(1)).default([]),
  kind: z.enum(KINDS),
  summary: ClaimSchema,
  /** One date, or several when sources disagree (each with its own citation): all are kept and shown. */
  when: z.union([WhenSchema, z.array(WhenSchema).min(1)]).optional(),
  announced_by: ClaimSchema.optional(),
  parties: z.array(PartySchema).default([]),
  status: StatusSchema.optional(),
  instruments: z.array(ClaimSchema).default([]),
  figures: z.array(FigureSchema).default([]),
  deadlines: z.array(DeadlineSchema).default([]),
  facts: z.array(ClaimSchema).default([]),
  related: z.array(slug).default([]),
  /** What happened after the sources, oldest first or in any order: each dated and cited to a newer source. */
  developments: z.array(DevelopmentSchema).default([]),
});

/** Names people use for parties and agencies: vocabulary for understanding questions, not claims. */
export const GlossarySchema = z.strictObject({
  /** Words that make a watched feed's item worth a curator's look, besides entries' names, aliases and parties. */
  keywords: z.array(z.string().trim().min(2, 'a keyword needs at least two characters')).default([]),
  names: z.array(
    z.strictObject({
      name: z.string().trim().min(1),
      aliases: z.array(z.string().trim().min(1)).min(1, 'a glossary name needs at least one alias'),
    }),
  ),
});

export const SourceMetaSchema = z.strictObject({
  /** Stable id used in citations; defaults to the file name without extension. */
  id: slug.optional(),
  file: z.string().min(1),
  title: z.string().trim().min(1),
  publisher: z.string().trim().min(1),
  published: isoDate,
  url: z.url({ protocol: /^https?$/ }).optional(),
  notes: z.string().optional(),
  /** The file as it arrived (e.g. HTML), kept beside the text the bot quotes. */
  original: z.string().min(1).optional(),
});

export type CitationInput = z.infer<typeof CitationSchema>;
export type EntryInput = z.infer<typeof EntrySchema>;
export type WhenInput = z.infer<typeof WhenSchema>;
export type GlossaryInput = z.infer<typeof GlossarySchema>;
export type SourceMeta = z.infer<typeof SourceMetaSchema>;
export type Kind = (typeof KINDS)[number];
export type Stage = (typeof STAGES)[number];
export type DevelopmentKind = (typeof DEVELOPMENT_KINDS)[number];
export type DevelopmentInput = z.infer<typeof DevelopmentSchema>;
export type FigureUnit = (typeof FIGURE_UNITS)[number];
