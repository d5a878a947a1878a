import MiniSearch from 'minisearch';
import type { KnowledgeBase } from '../src/knowledge/model.ts';

/**
 * The floor to beat: a plain MiniSearch BM25 (default options) over the same
 * paragraphs, answering with the top paragraph. It never declines unless
 * nothing matches at all.
 */
export interface BaselineAnswer {
  readonly answer: string;
  readonly abstained: boolean;
  readonly citations: { source: string; locator: string; quote: string }[];
}

export function createBaseline(kb: KnowledgeBase): (question: string) => BaselineAnswer {
  const search = new MiniSearch<{ id: string; text: string; source: string; locator: string }>({ fields: ['text'], storeFields: ['text', 'source', 'locator'] });
  search.addAll(kb.sources.flatMap((s) => s.paragraphs.map((p) => ({ id: `${s.id}#${p.id}`, text: p.text, source: s.id, locator: `¶${p.number}` }))));
  return (question) => {
    const [top] = search.search(question);
    if (!top) return { answer: "I don't know.", abstained: true, citations: [] };
    const text = top['text'] as string;
    return { answer: text, abstained: false, citations: [{ source: top['source'] as string, locator: top['locator'] as string, quote: text }] };
  };
}
