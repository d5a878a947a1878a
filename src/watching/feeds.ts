import { parseFeed } from '@rowanmanning/feed-parser';
import { z } from 'zod';
import { isoDate, parseIsoDate, type IsoDate } from '../core/dates.ts';
import type { ContentCheck, Fetched } from './fetch.ts';

/**
 * What a watched feed offers, whatever its format: RSS and Atom (read by
 * @rowanmanning/feed-parser, which is lenient with the feeds found in the
 * wild and throws on what is no feed at all) and Federal Register document
 * searches (its public JSON API, `documents.json?conditions[term]=…`). A
 * Federal Register search is recognised by its JSON — the `documents.json`
 * path or a JSON body — never by its host, so a mirror or a stand-in works.
 */

export interface OfferedItem {
  /** guid / Atom id / document number, else the URL. */
  readonly key: string;
  /** The RSS/Atom link, or the Federal Register `html_url`. */
  readonly url: string;
  readonly title: string;
  readonly published?: IsoDate;
  /** Description or abstract, as plain text. */
  readonly summary: string;
  readonly publisher?: string;
}

export interface ReadFeed {
  readonly format: 'rss' | 'atom' | 'federal-register';
  readonly title?: string;
  readonly items: readonly OfferedItem[];
  /** Items left out because they have no link or no title to show a curator. */
  readonly skipped: number;
}

/** The feed's body is not one this watcher reads. */
export class FeedFormatError extends Error {
  override name = 'FeedFormatError';
}

const XML_TYPES = /\b(xml|rss|atom)\b/;
const JSON_TYPES = /\bjson\b/;

/** A feed is XML or JSON; an HTML page (with whatever scripts it carries) or anything else is refused before it is parsed. */
export const feedContent: ContentCheck = (contentType, body) => {
  const head = body.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  const looksXmlFeed = /^<\?xml|^<(rss|feed|rdf:RDF)\b/i.test(head);
  if (XML_TYPES.test(contentType) || JSON_TYPES.test(contentType)) return undefined;
  if ((contentType === '' || contentType.startsWith('text/plain')) && (looksXmlFeed || head.startsWith('{'))) return undefined;
  if (contentType.startsWith('text/html') || contentType.startsWith('application/xhtml')) {
    return looksXmlFeed ? undefined : 'is an HTML page, not a feed (expected RSS, Atom or a Federal Register documents.json search)';
  }
  return `is ${contentType || 'of no stated type'}, not a feed (expected RSS, Atom or a Federal Register documents.json search)`;
};

export function readFeed(fetched: Fetched, asked: string): ReadFeed {
  const text = fetched.body.toString('utf8').replace(/^\uFEFF/, '');
  const federal = /\/documents\.json$/i.test(safePath(asked)) || /\/documents\.json$/i.test(safePath(fetched.url)) || JSON_TYPES.test(fetched.contentType) || text.trimStart().startsWith('{');
  return federal ? readFederalRegister(text) : readXmlFeed(text);
}

function readXmlFeed(text: string): ReadFeed {
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(text);
  } catch (error) {
    throw new FeedFormatError(`is not an RSS or Atom feed (${error instanceof Error ? error.message : String(error)})`);
  }
  const publisher = clean(feed.title ?? '') || undefined;
  let skipped = 0;
  const items: OfferedItem[] = [];
  for (const item of feed.items) {
    const url = item.url ?? undefined;
    const title = clean(item.title ?? '');
    if (!url || !/^https?:\/\//i.test(url) || !title) {
      skipped++;
      continue;
    }
    const when = item.published ?? item.updated;
    items.push({
      key: item.id || url,
      url,
      title,
      ...(when && !Number.isNaN(when.getTime()) ? { published: isoDate(when) } : {}),
      summary: clean(item.description ?? item.content ?? ''),
      ...(publisher ? { publisher } : {}),
    });
  }
  return { format: feed.meta.type === 'atom' ? 'atom' : 'rss', ...(publisher ? { title: publisher } : {}), items, skipped };
}

/** The parts of a Federal Register search result this watcher uses; the API sends more. */
const FederalRegisterDocument = z.object({
  title: z.string().min(1),
  html_url: z.url({ protocol: /^https?$/ }),
  document_number: z.string().min(1).optional(),
  publication_date: z.string().optional(),
  abstract: z.string().nullish(),
  type: z.string().nullish(),
  agencies: z.array(z.object({ name: z.string().nullish(), raw_name: z.string().nullish() })).nullish(),
});
const FederalRegisterSearch = z.object({ results: z.array(z.unknown()).optional() });

function readFederalRegister(text: string): ReadFeed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FeedFormatError(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const search = FederalRegisterSearch.safeParse(json);
  if (!search.success || json === null || Array.isArray(json)) throw new FeedFormatError('is JSON but not a Federal Register search (expected an object with "results")');
  let skipped = 0;
  const items: OfferedItem[] = [];
  for (const raw of search.data.results ?? []) {
    const doc = FederalRegisterDocument.safeParse(raw);
    if (!doc.success) {
      skipped++;
      continue;
    }
    const d = doc.data;
    const agencies = (d.agencies ?? []).map((a) => a.name ?? a.raw_name).filter((n): n is string => Boolean(n));
    const published = d.publication_date ? parseIsoDate(d.publication_date) : undefined;
    items.push({
      key: d.document_number ? `federal-register:${d.document_number}` : d.html_url,
      url: d.html_url,
      title: clean(d.title),
      ...(published ? { published } : {}),
      summary: clean(d.abstract ?? ''),
      publisher: agencies.length > 0 ? `Federal Register (${agencies.join('; ')})` : 'Federal Register',
    });
  }
  return { format: 'federal-register', title: 'Federal Register', items, skipped };
}

/** Text for a curator and for matching: tags dropped, entities as feed-parser left them, one line. */
function clean(text: string): string {
  return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
