import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { convert } from 'html-to-text';
import { parseIsoDate } from '../../core/dates.ts';
import { SourceMetaSchema, type SourceMeta } from '../curated/schema.ts';
import { OperatorError, UserError } from '../../core/errors.ts';
import { fileErrorReason, readTextFile } from '../../core/files.ts';
import { splitParagraphs, type Paragraph } from './paragraphs.ts';
import { loadSources } from './load.ts';

export type SourceFormat = 'text' | 'markdown' | 'html';

export interface AddSourceRequest {
  readonly file: string;
  readonly title?: string;
  readonly publisher?: string;
  readonly published?: string;
  readonly url?: string;
}

export interface AddedSource {
  readonly id: string;
  readonly textFile: string;
  readonly metaFile: string;
  /** Every file written, relative to the seeds folder: what taking it back removes. */
  readonly files: readonly string[];
  readonly format: SourceFormat;
  readonly paragraphs: readonly Paragraph[];
}

export function formatOf(file: string): SourceFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  return 'text';
}

/**
 * Reduces HTML to its readable text with html-to-text (not regular
 * expressions: entities, scripts, nested lists and tables are its job),
 * one paragraph per block, without hard wrapping, so quotes stay on one line.
 */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'nav', format: 'skip' },
      { selector: 'header', format: 'skip' },
      { selector: 'footer', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable' },
      { selector: 'ul', options: { itemPrefix: '• ' } },
    ],
  }).trim();
}

/**
 * Adds a document to `seedsDir`: the text the bot quotes (`ID.txt`), its
 * metadata (`ID.meta.json`) and, for HTML, the original beside them. Refuses
 * a document already there (same text) and metadata that would not validate,
 * so a bad add never leaves a half-written source behind.
 */
export async function addSource(request: AddSourceRequest, seedsDir: string): Promise<AddedSource> {
  const raw = await readTextFile(request.file).catch((error: unknown) => {
    throw new OperatorError(`FILE: cannot read ${request.file}: ${fileErrorReason(error)}.`);
  });
  const { file, ...rest } = request;
  return addDocument({ ...rest, raw, format: formatOf(file), extension: path.extname(file).toLowerCase(), name: file }, seedsDir);
}

/** A document already in hand (a fetched page), with what `add` would read from its file. */
export interface AddDocumentRequest extends Omit<AddSourceRequest, 'file'> {
  readonly raw: string;
  readonly format: SourceFormat;
  /** The original's extension, for the copy kept beside the text (`.html`). */
  readonly extension: string;
  /** What to call it in messages: the file, or the address it came from. */
  readonly name: string;
}

/** Adds a document given as text; `addSource` with a file is this after reading it. */
export async function addDocument(request: AddDocumentRequest, seedsDir: string): Promise<AddedSource> {
  const { raw, format } = request;
  const text = (format === 'html' ? htmlToText(raw) : raw.replace(/\r\n?/g, '\n')).trim() + '\n';
  if (!text.trim()) throw new UserError('BAD_ARGUMENT', `${request.name} holds no text.`);

  const title = request.title ?? guessTitle(raw, text, format);
  const missing = [!title && '--title', !request.publisher && '--publisher', !request.published && '--published'].filter(Boolean);
  if (missing.length > 0) throw new UserError('BAD_ARGUMENT', `Missing ${missing.join(', ')}.`, 'Example: npm run kb -- add article.html --publisher "Reuters" --published 2026-03-10 --url https://…');
  if (!parseIsoDate(request.published!)) throw new UserError('BAD_ARGUMENT', `--published must be a real date written YYYY-MM-DD, not "${request.published}".`);

  const id = `${slugify(request.publisher!).slice(0, 24)}-${request.published}-${slugify(title!).slice(0, 40)}`.replace(/-+$/g, '');
  const existing = await loadSources(seedsDir, path.dirname(seedsDir));
  const digest = hash(text);
  const same = existing.sources.find((s) => hash(s.text) === digest);
  if (same) throw new UserError('BAD_ARGUMENT', `This document is already a source: ${same.id} (${same.file}).`);
  if (existing.sources.some((s) => s.id === id)) throw new UserError('BAD_ARGUMENT', `A source with the id ${id} already exists; give a different --title.`);

  const textFile = `${id}.txt`;
  const original = format === 'html' ? `${id}.orig${request.extension || '.html'}` : undefined;
  const meta: SourceMeta = {
    id,
    file: textFile,
    title: title!,
    publisher: request.publisher!,
    published: request.published!,
    ...(request.url ? { url: request.url } : {}),
    ...(original ? { original } : {}),
  };
  const checked = SourceMetaSchema.safeParse(meta);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new UserError('BAD_ARGUMENT', `--${String(issue.path[0])}: ${issue.message}.`);
  }
  // Text first, metadata last: a source only exists once its metadata does.
  await writeFile(path.join(seedsDir, textFile), text, { flag: 'wx' });
  if (original) await writeFile(path.join(seedsDir, original), raw, { flag: 'wx' });
  const metaFile = `${id}.meta.json`;
  await writeFile(path.join(seedsDir, metaFile), `${JSON.stringify(checked.data, null, 2)}\n`, { flag: 'wx' });
  return { id, textFile, metaFile, files: [textFile, ...(original ? [original] : []), metaFile], format, paragraphs: splitParagraphs(text) };
}

function guessTitle(raw: string, text: string, format: SourceFormat): string | undefined {
  if (format === 'html') {
    for (const selector of ['title', 'h1']) {
      const found = convert(raw, { wordwrap: false, baseElements: { selectors: [selector], returnDomByDefault: false }, selectors: [{ selector: 'h1', options: { uppercase: false } }] }).trim();
      if (found) return found.split('\n')[0]!.slice(0, 200);
    }
    return undefined;
  }
  const first = text.split('\n').find((l) => l.trim())?.trim();
  return first?.replace(/^#+\s*/, '').slice(0, 200) || undefined;
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function hash(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex');
}
