import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSnapshot } from './snapshot.ts';

/**
 * `node dist/snapshot/rebuild.js`: builds the `ask` start-up snapshot again
 * for the knowledge base the environment names. Started, detached, by a
 * snapshot that found itself out of date (`ask-entry.ts`); it needs only the
 * installation's dist/ and its dependencies, not the development tools.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
buildSnapshot(root).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
