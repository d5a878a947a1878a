import { UserError } from '../core/errors.ts';
import { findEntry } from '../knowledge/lookup.ts';
import type { Entry, KnowledgeBase } from '../knowledge/model.ts';

/** The entry a person named, or a `UserError` that suggests what they may have meant. */
export function resolveAgreement(kb: KnowledgeBase, name: string): Entry {
  const found = findEntry(kb, name);
  if (found.entry) return found.entry;
  const hint = found.suggestions.length > 0
    ? `Did you mean ${found.suggestions.map((e) => `“${e.name}”`).join(', or ')}?`
    : 'Use a name the help command lists, e.g. “Project Vault” or “US-EU MOU”.';
  throw new UserError('UNKNOWN_AGREEMENT', `No agreement matches “${name.trim().slice(0, 80)}”.`, hint);
}
