import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { readTextFile } from '../../core/files.ts';
import { fieldPath, parseFieldPath, type Problem } from '../problems.ts';
import { CitationSchema, EntrySchema, GlossarySchema, type CitationInput, type EntryInput, type GlossaryInput } from './schema.ts';

export interface CuratedFiles {
  readonly glossary: GlossaryInput;
  /** Entries with the file each came from (relative to the knowledge root). */
  readonly entries: readonly { file: string; entry: EntryInput }[];
  /** Ids of entries whose files failed: references to them are not reported a second time. */
  readonly failedIds?: readonly string[];
  /**
   * Citations in files that did not validate: still checked against the
   * sources, so that one mistake in a file does not hide another.
   */
  readonly looseCitations?: readonly LooseCitation[];
  /** The line a field of a curated file is on, for problems found after loading. */
  readonly lineOf?: (file: string, field: string) => number | undefined;
}

/** A citation-shaped value found in a file that failed validation, with where it stands. */
export interface LooseCitation {
  readonly file: string;
  /** Its field, e.g. `parties[0].cite` or `summary.cite[1]`. */
  readonly field: string;
  readonly citation: CitationInput;
  readonly defaultSource?: string;
}

/**
 * Reads `glossary.yaml` and `entries/*.yaml` under `dir`. Problems are
 * collected with file, field and line, not thrown.
 */
export async function loadCurated(dir: string, root: string): Promise<{ curated: CuratedFiles; problems: Problem[] }> {
  const problems: Problem[] = [];
  const locators = new Map<string, (path: readonly PropertyKey[]) => number | undefined>();
  const looseCitations: LooseCitation[] = [];
  const read = <S extends z.ZodType>(file: string, schema: S, onInvalid?: (raw: unknown, shown: string) => void) => readYaml(file, root, schema, problems, locators, onInvalid);
  const glossaryFile = path.join(dir, 'glossary.yaml');
  const glossary = (await read(glossaryFile, GlossarySchema)) ?? { keywords: [], names: [] };
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
    const entry = await read(file, EntrySchema, (raw, shown) => {
      const { id, source } = (raw ?? {}) as { id?: unknown; source?: unknown };
      if (typeof id === 'string') failedIds.push(id);
      looseCitations.push(...citationsIn(raw, shown, typeof source === 'string' ? source : undefined));
    });
    if (entry) entries.push({ file: path.relative(root, file), entry });
  }
  const lineOf = (file: string, field: string) => locators.get(file)?.(parseFieldPath(field));
  return { curated: { glossary, entries, failedIds, looseCitations, lineOf }, problems };
}

/** Every value under `cite` that is a well-formed citation, wherever it stands in the file. */
function citationsIn(raw: unknown, file: string, defaultSource: string | undefined): LooseCitation[] {
  const found: LooseCitation[] = [];
  const visit = (value: unknown, at: (string | number)[]) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, [...at, i]));
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key !== 'cite') {
        visit(child, [...at, key]);
        continue;
      }
      const list = Array.isArray(child) ? child.map((c, i) => [c, [...at, key, i]] as const) : [[child, [...at, key]] as const];
      for (const [candidate, where] of list) {
        const citation = CitationSchema.safeParse(candidate);
        if (citation.success) found.push({ file, field: fieldPath(where), citation: citation.data, ...(defaultSource ? { defaultSource } : {}) });
      }
    }
  };
  visit(raw, []);
  return found;
}

async function readYaml<S extends z.ZodType>(
  file: string,
  root: string,
  schema: S,
  problems: Problem[],
  locators: Map<string, (path: readonly PropertyKey[]) => number | undefined>,
  onInvalid?: (raw: unknown, shown: string) => void,
): Promise<z.infer<S> | undefined> {
  const shown = path.relative(root, file);
  let text: string;
  try {
    text = await readTextFile(file);
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
  locators.set(shown, (at) => lineOf(doc, lineCounter, at));
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    problems.push({ file: shown, field: '', reason: 'is empty' });
    return undefined;
  }
  const parsed = schema.safeParse(data, { error: missingField });
  if (parsed.success) return parsed.data;
  onInvalid?.(data, shown);
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

/**
 * zod says "Invalid input: expected string, received undefined" for a field
 * left out; an analyst needs to hear that it is missing. (Fields with their
 * own message, such as a citation, say what a valid value looks like.)
 */
function missingField(issue: { code?: string; input?: unknown }): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'is missing; this field is required' : undefined;
}

/** The line of the deepest node on `path` that exists (a missing field points at its parent). */
function lineOf(doc: Document, counter: LineCounter, issuePath: readonly PropertyKey[]): number | undefined {
  for (let depth = issuePath.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(issuePath.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
