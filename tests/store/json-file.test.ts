import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonSlices, SlicedJsonFile } from '../../src/store/json-file.ts';
import { tempDataDir } from '../support/store.ts';

/** The data file written in slices is the file lowdb's JSONFile writes, byte for byte. */

let data: Awaited<ReturnType<typeof tempDataDir>>;
beforeEach(async () => {
  data = await tempDataDir();
});
afterEach(async () => {
  await data.dispose();
});

describe('the data file, written in slices', () => {
  it('is JSON.stringify(value, null, 2) for any JSON value, and objects with members JSON leaves out', () => {
    const withGaps = fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined)))));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), withGaps, fc.dictionary(fc.string(), withGaps)), (value) => {
        expect([...jsonSlices(value)].join('')).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('comes in slices when the store is large, and reads back as written', async () => {
    const store = { version: 1, feedback: Array.from({ length: 3000 }, (_, i) => ({ id: `f${i}`, question: `question ${i} “quoted”\nover two lines`, citations: [{ source: 's', quote: 'q' }] })), posts: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, { at: 'now', i }])), when: new Date(0) };
    const slices = [...jsonSlices(store)];
    expect(slices.length).toBeGreaterThan(3);
    expect(slices.join('')).toBe(JSON.stringify(store, null, 2));
    const file = new SlicedJsonFile<typeof store>(data.file);
    expect(await file.read()).toBeNull();
    await file.write(store);
    expect(await readFile(data.file, 'utf8')).toBe(JSON.stringify(store, null, 2));
    expect(await file.read()).toEqual(JSON.parse(JSON.stringify(store)));
  });
});
