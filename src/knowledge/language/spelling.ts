import { readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { loadNspell, packageDir } from './packages.ts';

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
  if (!speller) {
    const nspell = loadNspell();
    // dictionary-en exports only an ES module that reads these two files; read them the same way, synchronously.
    const dir = path.join(packageDir('nspell'), '..', 'dictionary-en');
    speller = nspell({ aff: readFileSync(path.join(dir, 'index.aff')), dic: readFileSync(path.join(dir, 'index.dic')) });
  }
  return speller;
}
