import { cp, mkdtemp, readFile, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pty from '@lydell/node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/core.ts';
import { runProcess, type RunResult } from '../support/run.ts';

/**
 * The `ask` tool's start-up snapshot (src/snapshot/), in a copy of this
 * installation (dist/ as `npm test` built it, the knowledge, the packages
 * linked), so that rebuilding it never touches this checkout's. The copied
 * snapshot was built for this checkout: the first run must see that, answer
 * through the plain build and build a new one; after that the snapshot
 * answers, exactly as the plain build does; a curator's edit makes it out of
 * date again. Which way a run answered, it says with LOG_LEVEL=debug.
 */
const QUESTIONS = ['When is the US-EU MOU due?', 'Who leads the Mexico action plan for the US?', 'What is Project Vault?', 'Is the price floor agreement signed?', 'what about teh 54 countries'];
const FROM_SNAPSHOT = /answering from the start-up snapshot/;
const OUT_OF_DATE = /start-up snapshot is of another knowledge base or installation; answering from the plain build, and building a new snapshot/;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'policybot-snapshot-'));
  for (const folder of ['dist', 'seeds', 'curated']) await cp(path.join(PROJECT_ROOT, folder), path.join(root, folder), { recursive: true });
  await cp(path.join(PROJECT_ROOT, 'package.json'), path.join(root, 'package.json'));
  await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const blob = () => path.join(root, 'dist', 'ask.snapshot.blob');
const ENV = { POLICYBOT_NOW: '2026-11-28', LOG_LEVEL: 'debug' };

/** `npm run ask`'s command in the copy: the questions on stdin, one JSON line each. */
const ask = (args: string[] = ['--json']): Promise<RunResult> => runProcess('sh', ['dist/cli/ask.sh', ...args], { cwd: root, env: ENV, input: QUESTIONS.join('\n'), timeoutMs: 60_000 });
/** The plain build, run directly: what the snapshot's answers must equal. */
const plain = (): Promise<RunResult> => runProcess(process.execPath, ['dist/cli/ask.js', '--json'], { cwd: root, env: ENV, input: QUESTIONS.join('\n'), timeoutMs: 60_000 });

/** Waits until the background rebuild has put a snapshot newer than `since` in place and let go of its lock. */
async function rebuilt(since: number): Promise<void> {
  const deadline = Date.now() + 170_000;
  for (;;) {
    const mtime = (await stat(blob()).catch(() => undefined))?.mtimeMs ?? 0;
    const locked = await stat(`${blob()}.lock`).then(() => true, () => false);
    if (mtime > since && !locked) return;
    if (Date.now() > deadline) throw new Error('the snapshot was not rebuilt within 170 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const mtimeOf = async (file: string) => (await stat(file)).mtimeMs;

describe('the ask start-up snapshot', () => {
  it('of another installation is not used: the plain build answers and a new snapshot is built, which then answers the same', async () => {
    const before = await mtimeOf(blob());
    const first = await ask();
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(OUT_OF_DATE);
    const expected = await plain();
    expect(expected.code).toBe(0);
    expect(expected.stdout.trim().split('\n')).toHaveLength(QUESTIONS.length);
    expect(first.stdout).toBe(expected.stdout);

    await rebuilt(before);
    const second = await ask();
    expect(second.stderr).toMatch(FROM_SNAPSHOT);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(expected.stdout);
    // Plain text and a conversation too.
    for (const args of [[], ['--json', '--conversation']]) {
      const snapshot = await ask(args);
      expect(snapshot.stderr).toMatch(FROM_SNAPSHOT);
      const direct = await runProcess(process.execPath, ['dist/cli/ask.js', ...args], { cwd: root, env: ENV, input: QUESTIONS.join('\n'), timeoutMs: 60_000 });
      expect(snapshot.stdout).toBe(direct.stdout);
    }
  }, 240_000);

  it('is out of date once a curator edits the knowledge base: answers come from the edited files, and the rebuilt snapshot has the edit', async () => {
    const file = path.join(root, 'curated', 'entries', 'us-eu-mou.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('label: Conclusion of the US–EU memorandum', 'label: Signature of the US–EU memorandum'));
    const before = await mtimeOf(blob());
    const edited = await ask(['When is the US-EU MOU due?']);
    expect(edited.stderr).toMatch(OUT_OF_DATE);
    expect(edited.stdout).toMatch(/Signature of the US–EU memorandum/);

    await rebuilt(before);
    const again = await ask(['When is the US-EU MOU due?']);
    expect(again.stderr).toMatch(FROM_SNAPSHOT);
    expect(again.stdout).toBe(edited.stdout);
  }, 240_000);

  it('is not replaced by a knowledge base that does not validate: the rebuild fails naming the problem and leaves the old one', async () => {
    const broken = await mkdtemp(path.join(tmpdir(), 'policybot-snapshot-broken-'));
    try {
      for (const folder of ['seeds', 'curated']) await cp(path.join(root, folder), path.join(broken, folder), { recursive: true });
      const file = path.join(broken, 'curated', 'entries', 'us-eu-mou.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('label: Signature of the US–EU memorandum', 'labelx: Signature'));
      const before = await mtimeOf(blob());
      const r = await runProcess(process.execPath, ['dist/snapshot/rebuild.js'], { cwd: root, env: { POLICYBOT_KNOWLEDGE_DIR: broken }, timeoutMs: 120_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/building the ask snapshot failed \(exit 1\):\nask snapshot: The knowledge base is invalid[\s\S]*labelx: is not a field here/);
      expect(r.stderr).not.toMatch(/not yet fully verified/);
      expect(await mtimeOf(blob())).toBe(before);
      expect(await stat(`${blob()}.lock`).then(() => 'locked', () => 'unlocked')).toBe('unlocked');
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  }, 120_000);

  it('another knowledge base folder (POLICYBOT_KNOWLEDGE_DIR) is not answered from it', async () => {
    const other = await mkdtemp(path.join(tmpdir(), 'policybot-snapshot-kb-'));
    try {
      for (const folder of ['seeds', 'curated']) await cp(path.join(PROJECT_ROOT, folder), path.join(other, folder), { recursive: true });
      // Without the bundle there is nothing to rebuild from: this run only answers, as the plain build does.
      await rm(path.join(root, 'dist', 'ask.snapshot.cjs'));
      const r = await runProcess('sh', ['dist/cli/ask.sh', 'When is the US-EU MOU due?'], { cwd: root, env: { ...ENV, POLICYBOT_KNOWLEDGE_DIR: other }, timeoutMs: 60_000 });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(OUT_OF_DATE);
      expect(r.stdout).toMatch(/Conclusion of the US–EU memorandum/);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  }, 120_000);

  it('missing, the launcher answers through the plain build', async () => {
    await unlink(blob());
    const r = await runProcess('sh', ['dist/cli/ask.sh', '--json', 'When is the US-EU MOU due?'], { cwd: root, env: ENV, timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ abstained: false });
    expect(r.stderr).not.toMatch(FROM_SNAPSHOT);
  }, 120_000);

  it('at a terminal, answers in colour and wrapped to its width, as the plain build does', async () => {
    const inTerminal = (file: string, args: string[]) =>
      new Promise<string>((resolve) => {
        const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm-256color', POLICYBOT_NOW: '2026-11-28', LOG_LEVEL: 'debug' };
        const child = pty.spawn(file, [...args, 'When is the US-EU MOU due?'], { name: 'xterm-256color', cols: 60, rows: 50, cwd: PROJECT_ROOT, env });
        let output = '';
        child.onData((d) => (output += d));
        child.onExit(() => resolve(output));
      });
    const snapshot = await inTerminal('sh', ['dist/cli/ask.sh']);
    expect(snapshot).toMatch(FROM_SNAPSHOT);
    const answer = snapshot.slice(snapshot.indexOf('\n') + 1);
    expect(answer).toMatch(/\u001B\[1m/);
    expect(answer).toBe(await inTerminal(process.execPath, ['dist/cli/ask.js']));
    // Wrapped: the answer's first sentence runs over several lines of at most 60 columns.
    const lines = answer.replace(/\u001B\[[0-9;]*m/g, '').split(/\r?\n/);
    expect(lines[0]!.length).toBeLessThanOrEqual(60);
    expect(lines[1]!.length).toBeGreaterThan(0);
  });

  it('a usage error is the plain tool\'s, with its exit status', async () => {
    const r = await runProcess('sh', [path.join(PROJECT_ROOT, 'dist/cli/ask.sh'), '--bogus'], { env: { POLICYBOT_NOW: '2026-11-28' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ask: unknown option --bogus\n\nusage: npm run ask --/);
  });
});
