import type { Entry, KnowledgeBase } from '../knowledge/model.ts';
import type { AnnouncementRecord } from '../store/store.ts';

/**
 * What the knowledge base gained or changed since it was last seen, by entry
 * content hash. The first run only records a baseline: nobody followed
 * anything before it, so there is nothing to announce.
 */
export function knowledgeChanges(kb: KnowledgeBase, known: Readonly<Record<string, string>> | undefined, at: Date): { entries: Record<string, string>; announcements: AnnouncementRecord[] } {
  const entries = Object.fromEntries(kb.entries.map((e) => [e.id, e.hash]));
  if (!known) return { entries, announcements: [] };
  const announcements = kb.entries
    .filter((e: Entry) => known[e.id] !== e.hash)
    .map((e) => ({ id: `${e.id}@${e.hash}`, entryId: e.id, change: known[e.id] ? ('changed' as const) : ('new' as const), hash: e.hash, at: at.toISOString() }));
  return { entries, announcements };
}
