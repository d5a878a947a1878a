import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/core.ts';

/** The check the README gives anyone (`grep -R "from '../(commands|knowledge|store)" src/core`), kept by the suite. */
describe('src/core is a base layer', () => {
  it('imports nothing of the project outside src/core', async () => {
    const dir = path.join(PROJECT_ROOT, 'src/core');
    const outside: string[] = [];
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.ts'))) {
      const text = await readFile(path.join(dir, name), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.\.?\/[^']+)'/g)) {
        if (m[1]!.startsWith('../')) outside.push(`${name}: ${m[1]}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
