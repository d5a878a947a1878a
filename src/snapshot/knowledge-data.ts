import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { loadConfig } from '../config.ts';
import { knowledgePaths, loadKnowledgeBase } from '../knowledge/load.ts';
import { knowledgeData, type KnowledgeData } from '../knowledge/transfer.ts';
import { snapshotKey } from './snapshot.ts';

/**
 * `node dist/snapshot/knowledge-data.js FILE`: the first step of building the
 * `ask` start-up snapshot (`snapshot.ts`). The plain build reads and validates
 * the knowledge base the environment names and writes it to FILE as data
 * (`v8.serialize`, the structured clone the answering threads receive), with
 * the key of the files it was read from. The snapshot is then built from that
 * data: the code that reads and checks the files (the YAML reader, the
 * curated files' schemas, the checks) never runs in the snapshot's builder,
 * so none of it is in the heap every `npm run ask` wakes up.
 *
 * The key is taken before the files are read: a file edited in between makes
 * the snapshot look out of date (it is rebuilt), never up to date with older
 * content.
 */
export interface SnapshotKnowledge {
  readonly key: string;
  readonly data: KnowledgeData;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node dist/snapshot/knowledge-data.js FILE\n');
  process.exit(2);
}
try {
  const config = loadConfig();
  const key = snapshotKey(root, config.knowledgeDir);
  const kb = await loadKnowledgeBase(knowledgePaths(config.knowledgeDir));
  writeFileSync(file, v8.serialize({ key, data: knowledgeData(kb) } satisfies SnapshotKnowledge));
} catch (error) {
  // As the snapshot's builder said it when it read the files itself (`ask-entry.ts`).
  process.stderr.write(`ask snapshot: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
