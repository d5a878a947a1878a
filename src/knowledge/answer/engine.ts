import type { KnowledgeBase } from '../model.ts';
import os from 'node:os';
import path from 'node:path';
import { FactIndex, type IndexOptions } from '../retrieval/index.ts';
import { NameTable } from './read.ts';

/** What answering needs from a knowledge base, built once per load. */
export interface Engine {
  readonly kb: KnowledgeBase;
  readonly index: FactIndex;
  readonly names: NameTable;
}

/** Where index snapshots are kept between runs (per knowledge-base version); tests and tools may pass none. */
export const DEFAULT_INDEX_CACHE = path.join(os.tmpdir(), 'policybot-index');

export function createEngine(kb: KnowledgeBase, options: IndexOptions = {}): Engine {
  return { kb, index: new FactIndex(kb, options), names: new NameTable(kb) };
}

/** The same, built in slices that give the event loop back: for a reload while the bot answers. */
export async function createEngineAsync(kb: KnowledgeBase, options: IndexOptions = {}): Promise<Engine> {
  return { kb, index: await FactIndex.build(kb, options), names: new NameTable(kb) };
}
