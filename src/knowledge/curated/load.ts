import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { fieldPath, type Problem } from '../problems.ts';
import { EntrySchema, GlossarySchema, type EntryInput, type GlossaryInput } from './schema.ts';

export interface CuratedFiles {
  readonly glossary: GlossaryInput;
  /** Entries with the file each came from (relative to the knowledge root). */
  readonly entries: readonly { file: string; entry: EntryInput }[];
  /** Ids of entries whose files failed: references to them are not reported a second time. */
  readonly failedIds?: readonly string[];
}

/**
 * Reads `glossary.yaml` and `entries/*.yaml` under `dir`. Problems are
 * collected with file, field and line, not thrown.
 */
export async function loadCurated(dir: string, root: string): Promise<{ curated: CuratedFiles; problems: Problem[] }> {
  const problems: Problem[] = [];
  const glossaryFile = path.join(dir, 'glossary.yaml');
  const glossary = (await readYaml(glossaryFile, root, GlossarySchema, problems)) ?? { names: [] };
  const entries: { file: string; entry: EntryInput }[] = [];
  const entriesDir = path.join(dir, 'entries');
  let names: string[] = [];
  try {
    names = (await readdir(entriesDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (error) {
    problems.push({ file: path.relative(root, entriesDir), field: '', reason: `cannot read the entries folder (${(error as Error).message})` });
  }
  const failedIds: string[] = [];
  for (const name of names) {
    const file = path.join(entriesDir, name);
    const entry = await readYaml(file, root, EntrySchema, problems, (raw) => {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'string') failedIds.push(id);
    });
    if (entry) entries.push({ file: path.relative(root, file), entry });
  }
  return { curated: { glossary, entries, failedIds }, problems };
}

async function readYaml<S extends z.ZodType>(
  file: string,
  root: string,
  schema: S,
  problems: Problem[],
  onInvalid?: (raw: unknown) => void,
): Promise<z.infer<S> | undefined> {
  const shown = path.relative(root, file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    problems.push({ file: shown, field: '', reason: `cannot be read (${(error as Error).message})` });
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({ file: shown, field: '', reason: `is not valid YAML: ${error.message.split('\n')[0]}`, line: lineCounter.linePos(error.pos[0]).line });
    }
    return undefined;
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    problems.push({ file: shown, field: '', reason: 'is empty' });
    return undefined;
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  onInvalid?.(data);
  for (const issue of parsed.error.issues) {
    // An unknown key is usually a typo: name the key itself, on its own line.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys) {
      const at = key === undefined ? issue.path : [...issue.path, key];
      const line = lineOf(doc, lineCounter, at);
      const reason = key === undefined ? issue.message : 'is not a field here (misspelt?)';
      problems.push({ file: shown, field: fieldPath(at), reason, ...(line ? { line } : {}) });
    }
  }
  return undefined;
}

/** The line of the deepest node on `path` that exists (a missing field points at its parent). */
function lineOf(doc: Document, counter: LineCounter, issuePath: readonly PropertyKey[]): number | undefined {
  for (let depth = issuePath.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(issuePath.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
