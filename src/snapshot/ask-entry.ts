import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { renderForConsole } from '../adapters/console/render.ts';
import { warmAnswering } from '../answering/warm.ts';
import { createCore } from '../app.ts';
import { ASK, ask } from '../cli/ask-tool.ts';
import { readCommandLine } from '../cli/command-line.ts';
import { runTool } from '../cli/run.ts';
import { loadConfig, type Config } from '../config.ts';
import { createLogger } from '../core/log.ts';
import { toRecord } from '../evaluation/score.ts';
import { KnowledgeHolder } from '../knowledge/holder.ts';
import { fromKnowledgeData } from '../knowledge/transfer.ts';
import type { SnapshotKnowledge } from './knowledge-data.ts';
import { SELF_CHECK, SNAPSHOT_NODE_FLAGS, snapshotFiles, snapshotKey } from './snapshot.ts';

/**
 * The script the `ask` start-up snapshot is built from (bundled into one file
 * by `scripts/build-snapshot.ts`; see `snapshot.ts`).
 *
 * Built (`node --build-snapshot … FILE`): indexes the knowledge base that
 * FILE holds (read and validated by the plain build, `knowledge-data.ts`,
 * with the key of its files), answers warm-up questions the way the tool
 * does (so the language model, the word-frequency table and the compiled
 * answer path are in the heap), and prints the key it was built for.
 *
 * Run (`node [SNAPSHOT_NODE_FLAGS] --snapshot-blob dist/ask.snapshot.blob dist/cli/ask.js …`, as
 * `dist/cli/ask.sh` does): when the key of what it finds (this installation,
 * the knowledge base folder of the environment, its files) is the one it was
 * built for, answers from the heap it woke up with; otherwise, or with an
 * LLM configured (the snapshot holds only the extractive path), it runs the
 * plain build (`dist/cli/ask.js`, its argv[1]) with the same arguments, and
 * when the key differed starts a rebuild in the background.
 */

const ROOT = path.resolve(path.dirname(__filename), '..');
let built: { key: string; knowledge: KnowledgeHolder } | undefined;

if (v8.startupSnapshot.isBuildingSnapshot()) {
  v8.startupSnapshot.setDeserializeMainFunction(main);
  void build().then(
    (b) => {
      built = b;
      process.stdout.write(`key ${b.key}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`ask snapshot: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

async function build(): Promise<{ key: string; knowledge: KnowledgeHolder }> {
  const [file] = process.argv.slice(2);
  if (!file) throw new Error('build it with the file the knowledge base was written to: node --build-snapshot dist/ask.snapshot.cjs FILE (snapshot.ts does)');
  const { key, data } = v8.deserialize(readFileSync(file)) as SnapshotKnowledge;
  const knowledge = new KnowledgeHolder(fromKnowledgeData(data));
  await warmAnswering(knowledge.engine, knowledge.kb.asOf);
  await warmAsk(knowledge);
  return { key, knowledge };
}

/**
 * Questions of several kinds (a deadline, who, how many, yes or no, what, and
 * one the sources cannot answer; not the benchmark's), answered as the ask
 * tool answers them: through the bot's command path, rendered as text, and as
 * JSON records. What a run's first question executes is then compiled in the
 * heap, among it zod's parser of the ask command's arguments, which would
 * otherwise be generated and compiled again by every run (~3 ms), and the
 * functions `warmAnswering` does not reach (~10 ms more when each run
 * compiles them). The answers are dropped; the caches they fill hold only what
 * any run would work out the same way.
 */
const WARM_UP = [
  'By when must the negotiators with Mexico finish?',
  'Which office speaks for Washington in the plurilateral work?',
  'How many delegations came to the ministerial?',
  'Has Argentina signed anything?',
  'Tell me about Project Vault.',
  'Which firms back Project Vault?',
];

async function warmAsk(knowledge: KnowledgeHolder): Promise<void> {
  const config = loadConfig();
  readCommandLine(ASK, ['--json', '--now', knowledge.kb.asOf, WARM_UP[0]!]);
  const core = await createCore(config, createLogger(config.logLevel), { knowledge });
  for (const question of WARM_UP) {
    renderForConsole(await core.bot.handleQuestion(question, { platform: 'cli', local: true }), { colour: false });
    toRecord(await core.answerer.answer(question, { engine: core.knowledge.engine, today: core.clock.today() }));
  }
  await core.close();
}

function main(): void {
  const [, entry, ...args] = process.argv;
  if (entry === SELF_CHECK) return void process.stdout.write(`${built?.key}\n`);
  if (!entry || !built) {
    process.stderr.write(`ask: run the snapshot as node ${SNAPSHOT_NODE_FLAGS.join(' ')} --snapshot-blob ${path.relative(process.cwd(), snapshotFiles(ROOT).blob)} dist/cli/ask.js [arguments]\n`);
    process.exit(2);
  }
  const root = path.resolve(path.dirname(entry), '..', '..');
  let config: Config;
  try {
    config = loadConfig();
  } catch {
    return plain(entry, args); // it says what is wrong with the environment, as always
  }
  // With LOG_LEVEL=debug, one line says which way this run answers.
  const say = (message: string) => config.logLevel === 'debug' && createLogger('debug').debug(message, { knowledgeDir: config.knowledgeDir });
  if (config.llm) {
    say('ask: an LLM is configured, and the start-up snapshot holds only the extractive answerer; answering from the plain build');
    return plain(entry, args);
  }
  let key: string | undefined;
  try {
    key = snapshotKey(root, config.knowledgeDir);
  } catch {
    key = undefined;
  }
  if (key !== built.key) {
    say('ask: the start-up snapshot is of another knowledge base or installation; answering from the plain build, and building a new snapshot');
    rebuild(root);
    return plain(entry, args);
  }
  say('ask: answering from the start-up snapshot');
  runTool(ASK, (line) => ask(line, { config, knowledge: built!.knowledge }), args);
}

/** The plain build answers, in a child process with this one's input, output and arguments; its exit status is ours. */
function plain(entry: string, args: readonly string[]): void {
  const child = spawnSync(process.execPath, ['--enable-source-maps', entry, ...args], { stdio: 'inherit' });
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}

/** A new snapshot for what the key now says, built by a detached process: the person asking does not wait for it. */
function rebuild(root: string): void {
  const files = snapshotFiles(root);
  if (!existsSync(files.bundle)) return;
  try {
    spawn(process.execPath, [files.rebuild], { cwd: root, detached: true, stdio: 'ignore' }).unref();
  } catch {
    // No rebuild (a read-only install, say): the plain build keeps answering.
  }
}
