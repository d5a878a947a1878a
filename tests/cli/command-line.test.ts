import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, type RunResult } from '../support/run.ts';

/**
 * Every `npm run` tool, called the ways people get it wrong. Each answer is
 * a sentence or two on stderr and an exit status, never a stack trace.
 */

const TOOLS = ['ask', 'eval', 'ics', 'report', 'kb'] as const;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'policybot-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tool = (name: string, args: readonly string[], env: Record<string, string> = {}) => runScript(`src/cli/${name}.ts`, args, { env: { POLICYBOT_NOW: '2026-11-28', ...env } });

/** No stack frame, no Node error code: what the person reads is the message. */
function expectNoStack(r: RunResult): void {
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/ERR_[A-Z_]+|ENOENT|EISDIR|EACCES/);
}

describe('--help and a wrong flag, for every tool', () => {
  it.each(TOOLS)('%s --help prints its usage on stdout and exits 0', async (name) => {
    const r = await tool(name, ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: npm run ${name} --`));
    expect(r.stdout).toMatch(/--help/);
    expect(r.stderr).toBe('');
  });

  it.each(TOOLS)('%s --bogus says which option is unknown, prints the usage and exits 2', async (name) => {
    const r = await tool(name, ['--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${name}: unknown option --bogus\\n\\nusage: npm run ${name} --`));
    expectNoStack(r);
  });

  it('a flag that needs a value, without one', async () => {
    const r = await tool('ics', ['--out']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ics: --out needs a value \(FILE\)/);
    expectNoStack(r);
  });

  it('kb without a command, or with an unknown one, is a usage error', async () => {
    const none = await tool('kb', []);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^kb: a command is needed: add, validate, list, stats, show, watch, inbox, accept or dismiss\n\nusage:/);
    const unknown = await tool('kb', ['valdate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^kb: unknown command "valdate"/);
  });
});

describe('dates on the command line are real calendar dates, and the message names the flag given', () => {
  it('report --since 2026-13-01 names --since', async () => {
    const r = await tool('report', ['--since', '2026-13-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^report: --since expects a real date written YYYY-MM-DD, not "2026-13-01"/);
    expect(r.stderr).not.toMatch(/--now/);
  });

  it.each([
    ['ask', ['--now', '2026-02-30', 'When is the MOU due?']],
    ['ics', ['--now', '2026-02-30']],
    ['eval', ['tests/fixtures/eval/dev.jsonl', '--now', '2026-02-30']],
  ])('%s --now 2026-02-30 is refused, not read as March 2', async (name, args) => {
    const r = await tool(name, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${name}: --now expects a real date written YYYY-MM-DD, not "2026-02-30"`));
  });

  it('kb add --published 2026-02-30 is refused', async () => {
    const r = await tool('kb', ['add', 'anything.txt', '--publisher', 'P', '--published', '2026-02-30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kb: --published expects a real date/);
  });
});

describe('a file that cannot be read or written is one sentence naming the path and the argument', () => {
  it('eval with a question file that does not exist', async () => {
    const missing = path.join(dir, 'missing.jsonl');
    const r = await tool('eval', [missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`eval: FILE.jsonl: cannot read ${missing}: it does not exist.\n`);
  });

  it('ics --out into a folder that does not exist', async () => {
    const out = path.join(dir, 'no-such-folder', 'deadlines.ics');
    const r = await tool('ics', ['--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ics: --out: cannot write ${out}: there is no folder ${path.dirname(out)}.\n`);
  });

  it('ics --out naming a folder', async () => {
    const r = await tool('ics', ['--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ics: --out: cannot write ${dir}: it is a folder, not a file.\n`);
  });

  it('kb add with a document that does not exist', async () => {
    const missing = path.join(dir, 'article.html');
    const r = await tool('kb', ['add', missing, '--publisher', 'P', '--published', '2026-03-01']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`kb: FILE: cannot read ${missing}: it does not exist.\n`);
  });
});

describe('npm run report reads the data file and never creates one', () => {
  it('says there is no data file, and which variable or flag points at one, without creating it', async () => {
    const mistyped = path.join(dir, 'typo', 'policybot.jsn');
    const r = await tool('report', [], { POLICYBOT_DATA: mistyped });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`report: no data file at ${mistyped}. Point POLICYBOT_DATA (or --data) at the file the bot writes.\n`);
    await expect(access(mistyped)).rejects.toThrow();
    await expect(access(path.dirname(mistyped))).rejects.toThrow();
  });

  it('reads the file --data names, even one saved with a byte-order mark', async () => {
    const file = path.join(dir, 'with-bom.json');
    const at = '2026-11-20T10:00:00.000Z';
    const feedback = [{ id: 'f1', at, kind: 'declined', question: 'What is the cobalt price?', answer: "I don't know", citations: [], kbVersion: 'v1', platform: 'slack' }];
    await writeFile(file, `\uFEFF${JSON.stringify({ version: 1, salt: '0123456789abcdef0123', subscriptions: [], posts: {}, knownEntries: null, announcements: [], feedback })}`);
    const r = await tool('report', ['--data', file, '--since', '2026-11-01']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 up, 0 down, 1 declined questions/);
    expect(r.stdout).toMatch(/1× What is the cobalt price\?/);
  });

  it('--top must be a count', async () => {
    const r = await tool('report', ['--top', 'ten']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^report: --top expects a whole number of at least 1, not "ten"/);
  });
});
