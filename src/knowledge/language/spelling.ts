import { readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { loadNspell, packageDir, type NSpellInstance } from './packages.ts';
import { sharedValue, shareWords, type SharedWords } from './shared-words.ts';

/**
 * English spelling from Hunspell's en_US dictionary (`dictionary-en`) through
 * `nspell`. Loading it costs ~150 ms, so it loads the first time a question
 * holds a word the knowledge base does not use, or when a chat server warms up
 * (`warmUp` in `src/app.ts`).
 */
export interface Speller {
  correct(word: string): boolean;
  suggest(word: string): string[];
}

let speller: Speller | undefined;
// Not in a startup snapshot (`src/snapshot/`): the dictionary is large, and most questions never need it.
if (v8.startupSnapshot.isBuildingSnapshot()) v8.startupSnapshot.addSerializeCallback(() => (speller = undefined));

export function spelling(): Speller {
  speller ??= loadSpeller();
  return speller;
}

function dictionaryFile(name: 'index.aff' | 'index.dic'): Buffer {
  // dictionary-en exports only an ES module that reads these two files; read them the same way, synchronously.
  return readFileSync(path.join(packageDir('nspell'), '..', 'dictionary-en', name));
}

function loadSpeller(): NSpellInstance {
  return loadNspell()({ aff: dictionaryFile('index.aff'), dic: dictionaryFile('index.dic') });
}

/**
 * The dictionary as the answering threads share it: nspell's word forms
 * (about 260,000 once the affixes are applied: an object that held 9 MB of a
 * thread's heap, its strings besides) in shared memory, each with the number
 * of its list of flags.
 */
export interface SharedSpelling {
  readonly words: SharedWords;
  /** The distinct lists of flags, by number. */
  readonly flags: readonly (readonly string[])[];
  /** The sources of nspell's compound-word expressions, built from the dictionary's words. */
  readonly compoundRules: readonly { readonly source: string; readonly flags: string }[];
}

/** Loads the dictionary here (for the main thread, once), packs it for the answering threads, and lets the loaded copy go. */
export function shareSpelling(): SharedSpelling {
  const loaded = loadSpeller();
  const flags: (readonly string[])[] = [];
  const numbers = new Map<string, number>();
  const words = new Map<string, number>();
  for (const [word, list] of Object.entries(loaded.data)) {
    const key = list.join('\n');
    let n = numbers.get(key);
    if (n === undefined) numbers.set(key, (n = flags.push([...list]) - 1));
    words.set(word, n);
  }
  return { words: shareWords(words), flags, compoundRules: loaded.compoundRules.map((r) => ({ source: r.source, flags: r.flags })) };
}

/**
 * Makes `spelling()` the shared dictionary: an nspell built from the affix
 * file alone (its rules, replacement table and flags: small), whose word
 * table reads the shared one. nspell only ever reads `data[word]` (a list of
 * flags, or undefined) once the dictionary is loaded, so its answers are the
 * ones of a fully loaded nspell.
 */
export function useSharedSpelling(shared: SharedSpelling): void {
  const instance = loadNspell()({ aff: dictionaryFile('index.aff') });
  instance.data = new Proxy(Object.create(null) as Record<string, readonly string[]>, {
    get: (_, word) => {
      const n = typeof word === 'string' ? sharedValue(shared.words, word) : undefined;
      return n === undefined ? undefined : shared.flags[n];
    },
  });
  instance.compoundRules = shared.compoundRules.map((r) => new RegExp(r.source, r.flags));
  speller = instance;
}
