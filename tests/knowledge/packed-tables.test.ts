import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packModelWords, tag } from '../../src/knowledge/language/nlp.ts';
import { englishRanks } from '../../src/knowledge/text/english.ts';
import { packIndexOf, packList, packTable, valueOf, wordAt } from '../../src/knowledge/text/packed.ts';
import { PROJECT_ROOT } from '../support/core.ts';

/** The language tables as the `ask` start-up snapshot packs them (src/snapshot/, text/packed.ts) must answer as the originals do. */
describe('language tables packed for the start-up snapshot', () => {
  it('the word-frequency table gives every word its rank, and none to words outside the list', () => {
    const table = englishRanks();
    const packed = packTable(table);
    expect(table.size).toBeGreaterThan(70_000);
    for (const [word, rank] of table) if (valueOf(packed, word) !== rank) throw new Error(`${word}: ${valueOf(packed, word)} for ${rank}`);
    for (const word of ['', 'zzzzzz', 'aaaa-b', 'lithiumx', 'You', '__proto__']) expect(valueOf(packed, word)).toBe(table.get(word));
  });

  it('a list keeps its words in order', () => {
    const words = ['b', '', 'a', 'ünïcode', '\n', 'a'];
    const packed = packList(words);
    expect(words.map((_, i) => wordAt(packed, i))).toEqual(words);
  });

  it("a list's index shares the list's words, and is refused when it is not the list's index", () => {
    const list = ['the', 'Ünïcode', '\n', 'a', 'zebra'];
    const packed = packList(list);
    const index = Object.fromEntries(list.map((w, i) => [w, i]));
    const table = packIndexOf(list, packed, index, Object.keys(index))!;
    expect(table.bytes).toBe(packed.bytes);
    for (const [i, w] of list.entries()) expect(valueOf(table, w)).toBe(i);
    expect(valueOf(table, 'b')).toBeUndefined();
    expect(packIndexOf(list, packed, { ...index, a: 0 }, Object.keys(index))).toBeUndefined();
    expect(packIndexOf([...list, 'a'], packList([...list, 'a']), index, Object.keys(index))).toBeUndefined();
  });

  it("the tagger tags every evaluation question alike with the model's words packed, words it had not seen included", async () => {
    const dir = path.join(PROJECT_ROOT, 'tests/fixtures/eval');
    const lines = (await Promise.all(['dev.jsonl', 'holdout.jsonl', 'chat-g.jsonl', 'chat-h.jsonl'].map((f) => readFile(path.join(dir, f), 'utf8')))).join('\n');
    const questions = lines.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { q: string }).q);
    const unseen = ['Zorblatt quixotrically flembers the glorptastic MOU', 'zorblatt again, and __proto__ constructor toString'];
    const before = [...questions, ...unseen].map((q) => tag(q));
    packModelWords();
    // The words seen above are known now, as they were before packing; new ones are added after it.
    expect([...questions, ...unseen].map((q) => tag(q))).toEqual(before);
    expect(tag('Vrimble snorkacious, zorblatt.')).toEqual(tag('Vrimble snorkacious, zorblatt.'));
  });
});
