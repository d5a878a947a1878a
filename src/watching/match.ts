import { foldText, squashSpace } from '../knowledge/text/normalize.ts';
import type { KnowledgeBase } from '../knowledge/model.ts';

/**
 * What an offered item touches in the knowledge base: an entry's name or
 * alias, one of its parties, or a curator-set keyword of the glossary, as a
 * whole phrase (case, dashes and quotes folded). Nothing else: a feed item
 * that mentions none of them is not a curator's business.
 */
export interface Touches {
  readonly entries: readonly string[];
  readonly keywords: readonly string[];
}

export interface Watchlist {
  touches(text: string): Touches;
}

export function watchlist(kb: KnowledgeBase): Watchlist {
  const phrase = (name: string) => {
    const folded = squashSpace(foldText(name));
    const escaped = folded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u');
  };
  const entries = kb.entries.map((e) => ({ id: e.id, names: [...new Set([e.name, ...e.aliases, ...e.parties.map((p) => p.name)])].map(phrase) }));
  const keywords = kb.keywords.map((k) => ({ keyword: k, pattern: phrase(k) }));
  return {
    touches(text) {
      const folded = foldText(text);
      return {
        entries: entries.filter((e) => e.names.some((n) => n.test(folded))).map((e) => e.id),
        keywords: keywords.filter((k) => k.pattern.test(folded)).map((k) => k.keyword),
      };
    },
  };
}
