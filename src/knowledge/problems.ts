import { OperatorError } from '../core/errors.ts';

/**
 * What is wrong with a knowledge file, said so that an analyst can fix it:
 * which file, which field, why, and the line when we know it.
 */
export interface Problem {
  readonly file: string;
  /** Dotted path to the field, e.g. `deadlines[0].counted_from`; empty for the whole file. */
  readonly field: string;
  readonly reason: string;
  readonly line?: number;
}

export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  return p.field ? `${where}: ${p.field}: ${p.reason}` : `${where}: ${p.reason}`;
}

/** The knowledge base did not load; the bot refuses to run on part of it. */
export class KnowledgeBaseError extends OperatorError {
  readonly code = 'KNOWLEDGE_INVALID';
  constructor(readonly problems: readonly Problem[]) {
    super(
      `The knowledge base is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'KnowledgeBaseError';
  }
}

/** `['deadlines', 0, 'phrase']` → `deadlines[0].phrase`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** `deadlines[0].phrase` → `['deadlines', 0, 'phrase']`: back to a path, to find the field's line. */
export function parseFieldPath(field: string): (string | number)[] {
  const path: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) path.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return path;
}
