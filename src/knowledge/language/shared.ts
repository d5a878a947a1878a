import { Piscina } from 'piscina';
import { shareEnglishRanks, useSharedEnglishRanks } from '../text/english.ts';
import { shareTagger, useSharedTagger, type SharedTagger } from './nlp.ts';
import type { SharedWords } from './shared-words.ts';
import { shareSpelling, useSharedSpelling, type SharedSpelling } from './spelling.ts';

/**
 * The language data the answering threads (`src/answering/`) share: built
 * once, in shared memory, and handed to every thread in `workerData`, so that
 * two threads hold one copy, not two (each used to load its own: the spelling
 * dictionary and the tagger's words were about 25 MB of each thread's heap,
 * the word-frequency table 7 MB more).
 * A thread reads it as it would have read its own: the same answers. WordNet
 * is not here: its index files are searched in place (`wordnet.ts`).
 */
export interface SharedLanguage {
  readonly spelling: SharedSpelling;
  readonly tagger: SharedTagger;
  /** The word-frequency table (`text/english.ts`). */
  readonly englishRanks: SharedWords;
}

export const shareLanguage = (): SharedLanguage => ({ spelling: shareSpelling(), tagger: shareTagger(), englishRanks: shareEnglishRanks() });

/** `shareLanguage()` run in a thread of its own (`share-thread.ts`), which ends once it has handed the data over. */
export async function buildSharedLanguage(): Promise<SharedLanguage> {
  const file = new URL(import.meta.url.endsWith('.ts') ? './share-thread.ts' : './share-thread.js', import.meta.url);
  // The TypeScript sources run in place only under tests and the bench, which have tsx; the build runs `share-thread.js`.
  // A young generation of 4 MB, as the answering threads have (`src/answering/pool.ts`): with V8's 32 MB, this thread's heap while building was the process's peak.
  const thread = new Piscina({ filename: file.href, minThreads: 1, maxThreads: 1, execArgv: file.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [], resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  try {
    return (await thread.run(undefined)) as SharedLanguage;
  } finally {
    await thread.destroy();
  }
}

/** Makes this thread's language look-ups read `shared`; done by an answering thread before anything else. */
export function useSharedLanguage(shared: SharedLanguage): void {
  useSharedSpelling(shared.spelling);
  useSharedTagger(shared.tagger);
  useSharedEnglishRanks(shared.englishRanks);
}
