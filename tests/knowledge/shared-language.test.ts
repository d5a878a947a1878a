import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedValue, shareWords } from '../../src/knowledge/language/shared-words.ts';
import { tag } from '../../src/knowledge/language/nlp.ts';
import { loadWinkCoreJson } from '../../src/knowledge/language/packages.ts';
import { shareLanguage, useSharedLanguage } from '../../src/knowledge/language/shared.ts';
import { spelling } from '../../src/knowledge/language/spelling.ts';
import { englishRank, englishRanks, shareEnglishRanks } from '../../src/knowledge/text/english.ts';
import { PROJECT_ROOT } from '../support/core.ts';

/** The language data as the answering threads share it (src/knowledge/language/shared.ts) must answer as a thread's own copy does. */
describe('language data shared by the answering threads', () => {
  it('a shared word table finds every word it holds, and no other', () => {
    const table = new Map([['b', 1], ['', 7], ['a', 2], ['ab', 3], ['ünïcode', 4], ['😀', 5], ['\uffff', 6], ['zebra', 0]]);
    const shared = shareWords(table);
    expect(shared.units.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const [word, value] of table) expect(sharedValue(shared, word), word).toBe(value);
    for (const word of ['abc', 'c', 'unicode', '😁', 'zebras', 'Zebra', '__proto__']) expect(sharedValue(shared, word), word).toBeUndefined();
  });

  it('the shared word-frequency table gives every word of the list its rank', () => {
    const shared = shareEnglishRanks();
    for (const [word, rank] of englishRanks()) if (sharedValue(shared, word) !== rank) throw new Error(`${word}: ${sharedValue(shared, word)} for ${rank}`);
  });

  it('spelling, the tagger and word frequencies give the same answers from the shared data, for every evaluation question, its words and typos of them', async () => {
    const dir = path.join(PROJECT_ROOT, 'tests/fixtures/eval');
    const lines = (await Promise.all(['dev.jsonl', 'holdout.jsonl', 'chat-g.jsonl'].map((f) => readFile(path.join(dir, f), 'utf8')))).join('\n');
    const questions = [...lines.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { q: string }).q), 'Zorblatt quixotrically flembers the glorptastic MOU'];
    const words = [...new Set(questions.flatMap((q) => q.split(/[^\p{L}\p{N}'’-]+/u)).filter(Boolean))];
    // Typos (a letter dropped, two swapped), case, compounds nspell builds from the dictionary's numbers, and words it will not suggest.
    const typos = [...words.slice(0, 20).map((w) => w.slice(0, -2) + w.slice(-1)), ...words.slice(20, 40).map((w) => w.slice(1, 2) + w.slice(0, 1) + w.slice(2)), 'MEXICO', 'mexcio', '21st', '112th', '3rd', 'fuck', 'Zorblatt'];
    // Suggesting is slow (thousands of look-ups a word), so it is checked on the typos; correctness on every word.
    const spell = () => ({ correct: [...words, ...typos].map((w) => spelling().correct(w)), suggest: typos.map((w) => spelling().suggest(w)) });
    const before = spell();
    const tagsBefore = questions.map((q) => tag(q));
    const ranks = () => [...words, ...typos].map((w) => englishRank(w));
    const ranksBefore = ranks();

    useSharedLanguage(shareLanguage());
    expect(spell()).toEqual(before);
    expect(questions.map((q) => tag(q))).toEqual(tagsBefore);
    expect(ranks()).toEqual(ranksBefore);
    // Read from the shared memory: the model package's own copy of the words is gone from this thread.
    expect(loadWinkCoreJson().features.lexeme.list).toEqual([]);
  });
});
