import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './core.ts';

/** A throwaway copy of the shipped knowledge (seeds/ and curated/) to break or extend in a test. */
export interface KnowledgeCopy {
  readonly root: string;
  read(relative: string): Promise<string>;
  write(relative: string, text: string): Promise<void>;
  /** Replaces text in a file; fails the test if the text is not there. */
  edit(relative: string, from: string, to: string): Promise<void>;
  remove(relative: string): Promise<void>;
  dispose(): Promise<void>;
}

export async function copyKnowledge(): Promise<KnowledgeCopy> {
  const root = await mkdtemp(path.join(tmpdir(), 'policybot-kb-'));
  await cp(path.join(PROJECT_ROOT, 'seeds'), path.join(root, 'seeds'), { recursive: true });
  await cp(path.join(PROJECT_ROOT, 'curated'), path.join(root, 'curated'), { recursive: true });
  const abs = (relative: string) => path.join(root, relative);
  return {
    root,
    read: (relative) => readFile(abs(relative), 'utf8'),
    write: (relative, text) => writeFile(abs(relative), text),
    async edit(relative, from, to) {
      const text = await readFile(abs(relative), 'utf8');
      if (!text.includes(from)) throw new Error(`copyKnowledge.edit: "${from}" is not in ${relative}`);
      await writeFile(abs(relative), text.replace(from, to));
    },
    remove: (relative) => rm(abs(relative), { force: true }),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
