import path from 'node:path';
import { buildKnowledgeBase } from './build.ts';
import { loadCurated } from './curated/load.ts';
import { loadSources } from './sources/load.ts';
import { KnowledgeBaseError, type Problem } from './problems.ts';
import type { KnowledgeBase } from './model.ts';

/** Where the knowledge lives: `seeds/` (sources) and `curated/` (entries, glossary) under one root. */
export interface KnowledgePaths {
  readonly root: string;
  readonly seeds: string;
  readonly curated: string;
}

export function knowledgePaths(root: string): KnowledgePaths {
  return { root, seeds: path.join(root, 'seeds'), curated: path.join(root, 'curated') };
}

/** Every problem of every file, without throwing: for `kb validate`. */
export async function checkKnowledgeBase(paths: KnowledgePaths): Promise<{ kb?: KnowledgeBase; problems: Problem[] }> {
  const [{ sources, problems: sourceProblems, failedIds: failedSources }, { curated, problems: curatedProblems }] = await Promise.all([
    loadSources(paths.seeds, paths.root),
    loadCurated(paths.curated, paths.root),
  ]);
  const built = buildKnowledgeBase(sources, curated, { failedSources });
  // Problems found while resolving entries know their field; the curated file knows the field's line.
  const located = built.problems.map((p): Problem => {
    const line = p.line ?? (p.field ? curated.lineOf?.(p.file, p.field) : undefined);
    return line ? { ...p, line } : p;
  });
  const problems = [...sourceProblems, ...curatedProblems, ...located];
  return problems.length > 0 ? { problems } : built;
}

/** The whole knowledge base or a `KnowledgeBaseError` naming every problem: never part of one. */
export async function loadKnowledgeBase(paths: KnowledgePaths): Promise<KnowledgeBase> {
  const { kb, problems } = await checkKnowledgeBase(paths);
  if (!kb || problems.length > 0) throw new KnowledgeBaseError(problems);
  return kb;
}
