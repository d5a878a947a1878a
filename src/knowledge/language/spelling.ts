import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

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

export function spelling(): Speller {
  if (!speller) {
    const require = createRequire(import.meta.url);
    const nspell = require('nspell') as (d: { aff: Buffer; dic: Buffer }) => Speller;
    // dictionary-en exports only an ES module that reads these two files; read them the same way, synchronously.
    const dir = path.join(path.dirname(require.resolve('nspell/package.json')), '..', 'dictionary-en');
    speller = nspell({ aff: readFileSync(path.join(dir, 'index.aff')), dic: readFileSync(path.join(dir, 'index.dic')) });
  }
  return speller;
}
