import type { KnowledgeBase } from './model.ts';

/**
 * A knowledge base as plain data, to send to another thread: everything but
 * the two look-up functions, which `fromKnowledgeData` builds again. The
 * receiving side answers from exactly the base the sender validated, instead
 * of reading the files again (they may have changed, or not validate, since).
 */
export type KnowledgeData = Omit<KnowledgeBase, 'entry' | 'source'>;

export function knowledgeData(kb: KnowledgeBase): KnowledgeData {
  const { sources, entries, deadlines, glossary, keywords, asOf, version } = kb;
  return { sources, entries, deadlines, glossary, keywords, asOf, version };
}

export function fromKnowledgeData(data: KnowledgeData): KnowledgeBase {
  const entryById = new Map(data.entries.map((e) => [e.id, e]));
  const sourceById = new Map(data.sources.map((s) => [s.id, s]));
  return { ...data, entry: (id) => entryById.get(id), source: (id) => sourceById.get(id) };
}
