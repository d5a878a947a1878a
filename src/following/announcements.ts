import type { Entry, KnowledgeBase } from '../knowledge/model.ts';
import type { AnnouncementRecord } from '../store/store.ts';

/** The key a development is remembered under among the entries' hashes: `development:ENTRY:KIND:DATE`. */
export const developmentKey = (id: string): string => `development:${id}`;

/**
 * What the knowledge base gained or changed since it was last seen: entries by
 * content hash, and developments by id. An entry's hash leaves its
 * developments out, so recording one is announced once, as that development
 * ("Update on …"), not also as a changed entry; rewording a development already
 * announced announces nothing. A new entry's developments come with its own
 * announcement. The first run only records a baseline: nobody followed
 * anything before it, so there is nothing to announce.
 */
export function knowledgeChanges(kb: KnowledgeBase, known: Readonly<Record<string, string>> | undefined, at: Date): { entries: Record<string, string>; announcements: AnnouncementRecord[] } {
  const entries: Record<string, string> = Object.fromEntries(kb.entries.map((e) => [e.id, e.hash]));
  for (const d of kb.entries.flatMap((e) => e.developments)) entries[developmentKey(d.id)] = d.hash;
  if (!known) return { entries, announcements: [] };
  const changed = kb.entries
    .filter((e: Entry) => known[e.id] !== e.hash)
    .map((e) => ({ id: `${e.id}@${e.hash}`, entryId: e.id, change: known[e.id] ? ('changed' as const) : ('new' as const), hash: e.hash, at: at.toISOString() }));
  const developments = kb.entries
    .filter((e) => known[e.id] !== undefined)
    .flatMap((e) => e.developments)
    .filter((d) => known[developmentKey(d.id)] === undefined)
    .map((d) => ({ id: developmentKey(d.id), entryId: d.entryId, change: 'development' as const, hash: d.hash, at: at.toISOString(), developmentId: d.id }));
  return { entries, announcements: [...changed, ...developments] };
}
