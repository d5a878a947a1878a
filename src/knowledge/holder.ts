import { createEngine, createEngineAsync, DEFAULT_INDEX_CACHE, type Engine } from './answer/engine.ts';
import { loadKnowledgeBase, type KnowledgePaths } from './load.ts';
import type { KnowledgeBase } from './model.ts';

/**
 * Holds the knowledge base the bot answers from. A reload builds a complete
 * new one and swaps it in only if it loads without a problem; otherwise the
 * last good one stays and the error goes back to the caller.
 */
export class KnowledgeHolder {
  #engine: Engine;
  /** Reloads run one at a time, so a slower one never swaps older files back in. */
  #reloading: Promise<unknown> = Promise.resolve();
  readonly #listeners = new Set<(next: KnowledgeBase, previous: KnowledgeBase) => void>();

  constructor(
    kb: KnowledgeBase,
    readonly paths?: KnowledgePaths,
  ) {
    this.#engine = createEngine(kb, { cacheDir: DEFAULT_INDEX_CACHE });
  }

  static async load(paths: KnowledgePaths): Promise<KnowledgeHolder> {
    return new KnowledgeHolder(await loadKnowledgeBase(paths), paths);
  }

  get engine(): Engine {
    return this.#engine;
  }

  get kb(): KnowledgeBase {
    return this.#engine.kb;
  }

  /** Loads the files again; throws `KnowledgeBaseError` (keeping the current base) when they do not validate. */
  reload(): Promise<{ changed: boolean; kb: KnowledgeBase }> {
    const run = this.#reloading.then(() => this.#reload());
    this.#reloading = run.catch(() => undefined);
    return run;
  }

  async #reload(): Promise<{ changed: boolean; kb: KnowledgeBase }> {
    if (!this.paths) throw new Error('KnowledgeHolder.reload: this knowledge base was not loaded from files');
    const next = await loadKnowledgeBase(this.paths);
    const previous = this.#engine.kb;
    if (next.version === previous.version) return { changed: false, kb: previous };
    // Built in slices: questions keep being answered from the current base meanwhile.
    this.#engine = await createEngineAsync(next, { cacheDir: DEFAULT_INDEX_CACHE });
    for (const listener of this.#listeners) listener(next, previous);
    return { changed: true, kb: next };
  }

  onChange(listener: (next: KnowledgeBase, previous: KnowledgeBase) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
