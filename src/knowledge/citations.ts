import { distinctBy } from '../core/distinct.ts';
import type { Citation, Source } from './model.ts';
import type { Paragraph } from './sources/paragraphs.ts';

/** A citation of words in a paragraph of a source: the one place a Citation is built. */
export function citationFor(source: Source, paragraph: Paragraph, quote: string): Citation {
  return {
    sourceId: source.id,
    sourceTitle: source.title,
    publisher: source.publisher,
    published: source.published,
    ...(source.url ? { url: source.url } : {}),
    paragraphId: paragraph.id,
    locator: `¶${paragraph.number}`,
    quote,
  };
}

/** What makes two citations the same: the same words of the same paragraph. */
export function citationKey(c: Citation): string {
  return `${c.sourceId}#${c.paragraphId}#${c.quote}`;
}

/** The same quote of the same paragraph once, in first-seen order. */
export function uniqueCitations(list: readonly Citation[]): Citation[] {
  return distinctBy(list, citationKey);
}
