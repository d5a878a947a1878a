import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The `ask` tool's start-up snapshot: a V8 heap (`node --build-snapshot`)
 * holding the tool's code, the English language model and the knowledge base
 * validated and indexed, so that `npm run ask` starts answering without
 * loading any of it. The build writes it (`scripts/build-snapshot.ts`); it
 * belongs to one installation, one knowledge base folder and that folder's
 * exact files, and the key below says which. `dist/cli/ask.sh` (the `ask`
 * script) runs it when it is there; the snapshot's own code compares the key
 * with what it finds and, when they differ, answers through the plain build
 * and has the snapshot rebuilt in the background (`rebuild.ts`).
 */

/** The bundle the snapshot is built from, and the snapshot, in an installation's dist/. */
export function snapshotFiles(root: string): { bundle: string; blob: string; plainEntry: string; rebuild: string; knowledgeData: string } {
  const dist = path.join(root, 'dist');
  return {
    bundle: path.join(dist, 'ask.snapshot.cjs'),
    blob: path.join(dist, 'ask.snapshot.blob'),
    plainEntry: path.join(dist, 'cli', 'ask.js'),
    rebuild: path.join(dist, 'snapshot', 'rebuild.js'),
    knowledgeData: path.join(dist, 'snapshot', 'knowledge-data.js'),
  };
}

/**
 * What a snapshot was built for: the installation's folder, the knowledge
 * base folder, and every file of its seeds/ and curated/ (names and bytes).
 * Any edit a curator makes, or another POLICYBOT_KNOWLEDGE_DIR, changes it.
 * Reading the files costs a millisecond or two for the shipped base.
 */
export function snapshotKey(root: string, knowledgeDir: string): string {
  const hash = createHash('sha256').update(`${path.resolve(root)}\0${path.resolve(knowledgeDir)}\0`);
  for (const folder of ['seeds', 'curated']) {
    for (const file of filesUnder(path.join(knowledgeDir, folder))) {
      hash.update(`${path.relative(knowledgeDir, file)}\0`).update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(full));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

/**
 * The V8 flags the snapshot is built and run with. V8 refuses a snapshot run
 * with other flags than it was built with (Node exits 14, and the `ask`
 * script answers through the plain build), so `dist/cli/ask.sh` passes these
 * same ones, and the build checks that it does (`scripts/build-snapshot.ts`).
 *
 * - `--no-rehash-snapshot`: by default every run rehashes each hash table in
 *   the heap (the knowledge base's maps, the language model's dictionaries,
 *   the string table) under a new random seed, about 15 ms of each run here.
 *   The seed is then the one this snapshot's build drew at random, the same
 *   for every run of it until the next build. What the per-process seed
 *   protects is a long-running server against crafted keys that collide
 *   (hash flooding); the ask tool is a one-shot process answering its own
 *   user, and the chat server (`npm start`) never runs from the snapshot.
 * - `--no-regexp-tier-up`: a regular expression is compiled to machine code
 *   on its first use, not interpreted first and compiled again on its
 *   second. A snapshot keeps no compiled expressions, so each run compiles
 *   those its question uses; once is cheaper (~3 ms a run, and a long --json
 *   batch runs faster, not slower).
 */
export const SNAPSHOT_NODE_FLAGS = ['--no-rehash-snapshot', '--no-regexp-tier-up'] as const;

/** The argument that makes a snapshot print its key and exit: how a new one is checked before it replaces the old. */
export const SELF_CHECK = 'snapshot-self-check';

/**
 * Builds the snapshot for the knowledge base that `env` names (as the `ask`
 * tool would read it) into a temporary file: the plain build reads and
 * validates the knowledge base and hands it over as data
 * (`knowledge-data.ts`), Node builds the snapshot from the bundle and that
 * data; then it checks that Node loads the snapshot and
 * that it holds the key it was built for, then moves it into place. One build
 * at a time per installation: a second caller returns 'busy' (a lock folder,
 * taken over when older than five minutes). Throws with the builder's output
 * when it fails (the knowledge base does not validate, say).
 */
export async function buildSnapshot(root: string, env: NodeJS.ProcessEnv = process.env): Promise<'built' | 'busy'> {
  const files = snapshotFiles(root);
  const lock = `${files.blob}.lock`;
  try {
    mkdirSync(lock);
  } catch {
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (age < 5 * 60_000) return 'busy';
    rmSync(lock, { recursive: true, force: true });
    mkdirSync(lock);
  }
  const tmp = `${files.blob}.${process.pid}.tmp`;
  const data = `${files.blob}.${process.pid}.knowledge`;
  try {
    const read = await run(process.execPath, [files.knowledgeData, data], root, env);
    if (read.code !== 0) throw new Error(`building the ask snapshot failed (exit ${read.code}):\n${read.stderr || read.stdout}`);
    const built = await run(process.execPath, [...SNAPSHOT_NODE_FLAGS, '--snapshot-blob', tmp, '--build-snapshot', files.bundle, data], root, env);
    if (built.code !== 0) throw new Error(`building the ask snapshot failed (exit ${built.code}):\n${withoutBuilderNotices(built.stderr) || built.stdout}`);
    const key = /^key (\w+)$/m.exec(built.stdout)?.[1];
    const checked = await run(process.execPath, [...SNAPSHOT_NODE_FLAGS, '--snapshot-blob', tmp, SELF_CHECK], root, env);
    if (checked.code !== 0 || !key || checked.stdout.trim() !== key) {
      throw new Error(`the new ask snapshot does not load as built (exit ${checked.code}): ${checked.stderr || checked.stdout}`);
    }
    renameSync(tmp, files.blob);
    return 'built';
  } finally {
    rmSync(data, { force: true });
    rmSync(tmp, { force: true });
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Node's notices that some of its modules are not yet verified in snapshot builders (the tool's are, by its tests): not the reason for a failure. */
const withoutBuilderNotices = (stderr: string): string =>
  stderr.replace(/^\(node:\d+\) Warning: It's not yet fully verified[^\n]*\n(?:It may still work[^\n]*\n)?(?:To request support[^\n]*\n)?(?:\(Use `node --trace-warnings[^\n]*\n)?/gm, '');

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
