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
  const [{ sources, problems: sourceProblems }, { curated, problems: curatedProblems }] = await Promise.all([
    loadSources(paths.seeds, paths.root),
    loadCurated(paths.curated, paths.root),
  ]);
  const built = buildKnowledgeBase(sources, curated);
  const problems = [...sourceProblems, ...curatedProblems, ...built.problems];
  return problems.length > 0 ? { problems } : built;
}

/** The whole knowledge base or a `KnowledgeBaseError` naming every problem: never part of one. */
export async function loadKnowledgeBase(paths: KnowledgePaths): Promise<KnowledgeBase> {
  const { kb, problems } = await checkKnowledgeBase(paths);
  if (!kb || problems.length > 0) throw new KnowledgeBaseError(problems);
  return kb;
}
