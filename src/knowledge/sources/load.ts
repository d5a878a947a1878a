import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseIsoDate, type IsoDate } from '../../core/dates.ts';
import { readTextFile } from '../../core/files.ts';
import { SourceMetaSchema } from '../curated/schema.ts';
import { fieldPath, type Problem } from '../problems.ts';
import { splitParagraphs, type Paragraph } from './paragraphs.ts';

/** A source document, kept verbatim, with its metadata. */
export interface Source {
  readonly id: string;
  readonly title: string;
  readonly publisher: string;
  readonly published: IsoDate;
  readonly url?: string;
  readonly notes?: string;
  /** Path of the text file, relative to the knowledge root. */
  readonly file: string;
  readonly text: string;
  readonly paragraphs: readonly Paragraph[];
}

const META_SUFFIX = '.meta.json';

/**
 * Reads every `*.meta.json` in `dir` and the document it names. Problems are
 * collected, not thrown, so that one run reports all of them.
 */
export async function loadSources(dir: string, root: string): Promise<{ sources: Source[]; problems: Problem[]; failedIds: string[] }> {
  const problems: Problem[] = [];
  const sources: Source[] = [];
  // Sources whose metadata failed: citations of them are not reported a second time as "unknown source".
  const failedIds: string[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    return { sources, failedIds, problems: [{ file: rel(root, dir), field: '', reason: `cannot read the sources folder (${(error as Error).message})` }] };
  }
  const described = new Set<string>();
  for (const name of names.filter((n) => n.endsWith(META_SUFFIX))) {
    const metaFile = path.join(dir, name);
    const shown = rel(root, metaFile);
    const fallbackId = name.slice(0, -META_SUFFIX.length);
    let raw: unknown;
    let metaText: string;
    try {
      // Saved with a byte-order mark by some editors: still the same JSON.
      metaText = await readTextFile(metaFile);
      raw = JSON.parse(metaText);
    } catch (error) {
      failedIds.push(fallbackId);
      problems.push({ file: shown, field: '', reason: `is not valid JSON (${(error as Error).message})` });
      continue;
    }
    const parsed = SourceMetaSchema.safeParse(raw);
    if (!parsed.success) {
      const { id, file } = (raw ?? {}) as { id?: unknown; file?: unknown };
      failedIds.push(typeof id === 'string' ? id : fallbackId);
      if (typeof file === 'string') described.add(file); // its text is described, badly: one problem, not two
      for (const issue of parsed.error.issues) {
        const line = jsonKeyLine(metaText, issue.path[0]);
        problems.push({ file: shown, field: fieldPath(issue.path), reason: issue.message, ...(line ? { line } : {}) });
      }
      continue;
    }
    const meta = parsed.data;
    described.add(meta.file);
    if (meta.original) described.add(meta.original);
    const textFile = path.join(dir, meta.file);
    let text: string;
    try {
      text = await readTextFile(textFile);
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      problems.push({ file: shown, field: 'file', reason: missing ? `names "${meta.file}", which does not exist next to it` : `names "${meta.file}", which cannot be read (${(error as Error).message})` });
      continue;
    }
    const id = meta.id ?? fallbackId;
    if (!z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).safeParse(id).success) {
      problems.push({ file: shown, field: 'id', reason: `the file name "${id}" is not a usable id; give the source an "id" like "publisher-2026-02-05"` });
      continue;
    }
    if (sources.some((s) => s.id === id)) {
      problems.push({ file: shown, field: 'id', reason: `"${id}" is already the id of another source` });
      continue;
    }
    const paragraphs = splitParagraphs(text);
    if (paragraphs.length === 0) {
      problems.push({ file: rel(root, textFile), field: '', reason: 'is empty' });
      continue;
    }
    sources.push({
      id,
      title: meta.title,
      publisher: meta.publisher,
      published: parseIsoDate(meta.published)!,
      ...(meta.url ? { url: meta.url } : {}),
      ...(meta.notes ? { notes: meta.notes } : {}),
      file: rel(root, textFile),
      text,
      paragraphs,
    });
  }
  for (const name of names) {
    if (!name.endsWith(META_SUFFIX) && !name.startsWith('.') && !described.has(name)) {
      problems.push({ file: rel(root, path.join(dir, name)), field: '', reason: `has no metadata: add ${name.replace(/\.[^.]+$/, '')}${META_SUFFIX} with its title, publisher, published date and address` });
    }
  }
  return { sources, problems, failedIds };
}

/** The line a top-level key of a metadata file is on (they are flat objects, one key a line). */
function jsonKeyLine(text: string, key: PropertyKey | undefined): number | undefined {
  if (typeof key !== 'string') return undefined;
  const at = text.indexOf(`"${key}"`);
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

function rel(root: string, file: string): string {
  return path.relative(root, file) || file;
}
