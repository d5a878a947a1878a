import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../core/clock.ts';
import type { IsoDate } from '../core/dates.ts';
import { OperatorError, UserError } from '../core/errors.ts';
import { checkKnowledgeBase, type KnowledgePaths } from '../knowledge/load.ts';
import { formatProblem } from '../knowledge/problems.ts';
import { addDocument, type AddedSource } from '../knowledge/sources/add.ts';
import type { InboxItem, Store } from '../store/store.ts';
import { FetchError, type ContentCheck, type Fetcher } from './fetch.ts';
import { pdfText, PdfTextError } from './pdf-text.ts';

/**
 * `kb -- accept ID`: the inbox item's page becomes a source, as `kb -- add`
 * would make it from a file (HTML reduced to its text by html-to-text, the
 * original kept beside it; a PDF's text layer read by pdf.js), with the feed's title, publisher and date unless
 * the curator gives others. The knowledge base must still validate with it,
 * or nothing is kept; then the item is marked accepted with the source's id.
 */

export interface AcceptRequest {
  readonly id: string;
  readonly title?: string;
  readonly publisher?: string;
  readonly published?: IsoDate;
}

export interface AcceptDependencies {
  readonly store: Store;
  readonly fetcher: Fetcher;
  readonly paths: KnowledgePaths;
  readonly clock: Clock;
}

/** A page is HTML, plain text or a PDF (its text layer); anything else is refused with what it is. */
export const pageContent: ContentCheck = (contentType) => {
  if (/^(text\/html|application\/xhtml\+xml|text\/plain|text\/markdown|application\/pdf)\b/.test(contentType)) return undefined;
  return `is ${contentType || 'of no stated type'}, not a page (HTML, text or PDF) to keep as a source`;
};

export async function findItem(store: Store, id: string): Promise<InboxItem> {
  const item = (await store.inbox()).find((i) => i.id === id.trim().toLowerCase());
  if (!item) throw new UserError('BAD_ARGUMENT', `No inbox item "${id}".`, 'See `npm run kb -- inbox` for the ids of waiting items.');
  return item;
}

export async function acceptItem(request: AcceptRequest, deps: AcceptDependencies): Promise<{ item: InboxItem; added: AddedSource }> {
  const item = await findItem(deps.store, request.id);
  if (item.state === 'accepted') throw new UserError('BAD_ARGUMENT', `Inbox item ${item.id} was accepted already, as the source ${item.settled?.source ?? '(unknown)'}.`);
  // A knowledge base that is already invalid would be blamed on the new source: say so first.
  const before = await checkKnowledgeBase(deps.paths);
  if (before.problems.length > 0) throw new OperatorError(`The knowledge base does not validate even before adding inbox item ${item.id}; fix it first (npm run kb -- validate). Nothing was added.`);
  const published = request.published ?? item.published;
  if (!published) throw new UserError('BAD_ARGUMENT', `The feed gives no date for inbox item ${item.id}.`, 'Give the day it was published: --published YYYY-MM-DD.');
  let page;
  try {
    page = await deps.fetcher.fetch(item.url, pageContent);
  } catch (error) {
    if (error instanceof FetchError) throw new OperatorError(`Cannot fetch inbox item ${item.id} (${item.url}): it ${error.reason}. Nothing was added.`);
    throw error;
  }
  const html = /^(text\/html|application\/xhtml\+xml)/.test(page.contentType);
  const pdf = page.contentType.startsWith('application/pdf');
  let raw: string;
  try {
    raw = pdf ? await pdfText(page.body) : page.body.toString('utf8');
  } catch (error) {
    if (error instanceof PdfTextError) throw new OperatorError(`Inbox item ${item.id} (${item.url}) ${error.message}. Nothing was added.`);
    throw error;
  }
  const added = await addDocument(
    {
      raw,
      format: html ? 'html' : 'text',
      extension: '.html',
      name: item.url,
      title: request.title ?? item.title,
      publisher: request.publisher ?? item.publisher ?? new URL(item.url).hostname,
      published,
      url: item.url,
    },
    deps.paths.seeds,
  );
  const { problems } = await checkKnowledgeBase(deps.paths);
  if (problems.length > 0) {
    // All or nothing: a source the knowledge base cannot load is taken back.
    await Promise.all(added.files.map((f) => rm(path.join(deps.paths.seeds, f), { force: true })));
    throw new OperatorError(`Inbox item ${item.id} was not added: with it the knowledge base does not validate:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
  const settled = await deps.store.settleInboxItem(item.id, 'accepted', deps.clock.now(), added.id);
  return { item: settled ?? item, added };
}

/** `kb -- dismiss ID`: the item is set aside for good. An accepted one is refused: dismissing would not remove its source. */
export async function dismissItem(store: Store, id: string, clock: Clock): Promise<InboxItem> {
  const item = await findItem(store, id);
  if (item.state === 'accepted') throw new UserError('BAD_ARGUMENT', `Inbox item ${item.id} was accepted as the source ${item.settled?.source ?? '(unknown)'}; dismissing it would not remove that source.`);
  return (await store.settleInboxItem(item.id, 'dismissed', clock.now())) ?? item;
}
