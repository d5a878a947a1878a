import type { IsoDate } from './dates.ts';

/** Where a sentence of an answer comes from: a source paragraph, quoted verbatim. Every reply carries these, whatever the platform. */
export interface Citation {
  readonly sourceId: string;
  readonly sourceTitle: string;
  readonly publisher: string;
  readonly published: IsoDate;
  readonly url?: string;
  readonly paragraphId: string;
  /** For people: "¶16". */
  readonly locator: string;
  /** The quoted sentence(s), exactly as the source has them. */
  readonly quote: string;
}

/** One source an answer cites, listed once, with the paragraphs cited against it. */
export interface CitedSource {
  readonly sourceId: string;
  readonly sourceTitle: string;
  readonly publisher: string;
  readonly published: IsoDate;
  readonly url?: string;
  readonly cited: readonly CitedParagraph[];
}

export interface CitedParagraph {
  /** The citation's number in the reply ([1] is the reply's first citation), which an answer's own markers use. */
  readonly number: number;
  readonly paragraphId: string;
  readonly locator: string;
  readonly quote: string;
}

/**
 * A reply's citations grouped by source, for renderers that list each source
 * once (title, date, address) and the cited paragraphs under it. Sources come
 * in the order they are first cited, paragraphs in citation order; every
 * citation keeps its number, so "[2]" in an answer still finds its quote.
 */
export function citationsBySource(citations: readonly Citation[]): CitedSource[] {
  const groups = new Map<string, { source: Omit<CitedSource, 'cited'>; cited: CitedParagraph[] }>();
  citations.forEach((c, i) => {
    // Two sources may share an id only if the knowledge base is broken; the title keeps them apart all the same.
    const key = `${c.sourceId}\u0000${c.sourceTitle}\u0000${c.url ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { source: { sourceId: c.sourceId, sourceTitle: c.sourceTitle, publisher: c.publisher, published: c.published, ...(c.url ? { url: c.url } : {}) }, cited: [] };
      groups.set(key, group);
    }
    group.cited.push({ number: i + 1, paragraphId: c.paragraphId, locator: c.locator, quote: c.quote });
  });
  return [...groups.values()].map((g) => ({ ...g.source, cited: g.cited }));
}
