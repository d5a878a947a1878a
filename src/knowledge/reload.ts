import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../core/log.ts';
import type { KnowledgeHolder } from './holder.ts';
import { formatProblem, KnowledgeBaseError } from './problems.ts';

/**
 * Reloads the knowledge files into the running bot. A change that does not
 * validate is refused with every reason logged, and the bot keeps answering
 * from the last good knowledge base. Never throws.
 */
export async function reloadKnowledge(holder: KnowledgeHolder, log: Logger, trigger: string): Promise<boolean> {
  try {
    const { changed, kb } = await holder.reload();
    log.info(changed ? 'knowledge reloaded' : 'knowledge unchanged', { trigger, version: kb.version, entries: kb.entries.length, sources: kb.sources.length });
    return true;
  } catch (error) {
    const problems = error instanceof KnowledgeBaseError ? error.problems.map(formatProblem) : undefined;
    log.error('knowledge reload refused; still answering from the last good knowledge base', {
      trigger,
      version: holder.kb.version,
      ...(problems ? { problems } : { error: error instanceof Error ? error : String(error) }),
    });
    return false;
  }
}

/** Reloads when files under the knowledge folders change (debounced: an editor's save is several events). */
export function watchKnowledge(holder: KnowledgeHolder, log: Logger, options: { debounceMs?: number } = {}): () => void {
  const paths = holder.paths;
  if (!paths) throw new Error('watchKnowledge: this knowledge base was not loaded from files');
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // One reload at a time, in order: a burst of saves ends with the files' final state loaded.
      running = running.then(() => reloadKnowledge(holder, log, 'file change'));
    }, options.debounceMs ?? 300);
  };
  const watchers: FSWatcher[] = [paths.seeds, paths.curated].map((dir) => watch(dir, { recursive: true }, schedule));
  for (const w of watchers) w.on('error', (error) => log.warn('knowledge watcher error', { error }));
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
