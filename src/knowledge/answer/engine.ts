import type { KnowledgeBase } from '../model.ts';
import { FactIndex } from '../retrieval/index.ts';
import { NameTable } from './read.ts';

/** What answering needs from a knowledge base, built once per load. */
export interface Engine {
  readonly kb: KnowledgeBase;
  readonly index: FactIndex;
  readonly names: NameTable;
}

export function createEngine(kb: KnowledgeBase): Engine {
  return { kb, index: new FactIndex(kb), names: new NameTable(kb) };
}
