import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/core.ts';

/**
 * Start only what is used (issue 17): the `ask` tool, run as its npm script
 * runs it, loads none of the chat platforms' code, the LLM client, the data
 * store's implementation or the answering pool. Every module the process
 * loads is listed by a loader hook (`tests/support/module-log.mjs`).
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'policybot-modules-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadedBy(script: string, args: string[], name: string): Promise<{ stdout: string; modules: string[] }> {
  const log = path.join(dir, `${name}.txt`);
  const hook = pathToFileURL(path.join(PROJECT_ROOT, 'tests/support/module-log.mjs')).href;
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', hook, '--enable-source-maps', path.join(PROJECT_ROOT, script), ...args], {
      cwd: PROJECT_ROOT,
      // No LLM key: with one, answering through the model is what the tool is asked to do.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', POLICYBOT_NOW: '2026-11-28', MODULE_LOG: log },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}: ${err}`))));
  });
  const modules = [...new Set((await readFile(log, 'utf8')).split('\n').filter(Boolean))].map((url) => url.replace(pathToFileURL(PROJECT_ROOT).href + '/', ''));
  return { stdout, modules };
}

const NOT_FOR_THE_CLI = [
  /^node_modules\/@slack\//,
  /^node_modules\/discord\.js\//,
  /^node_modules\/@discordjs\//,
  /^node_modules\/openai\//,
  /^node_modules\/lowdb\//,
  /^node_modules\/piscina\//,
  // A platform's plug-in declaration (platform.ts: its id and variables, as zod schemas) is read with the configuration; its code is not.
  /^dist\/adapters\/(slack|discord)\/(?!platform\.js$)/,
  /^dist\/knowledge\/answer\/llm\//,
  /^dist\/store\/(lowdb-store|lock|report)\.js$/,
  /^dist\/following\//,
  /^dist\/answering\/pool\.js$/,
];

describe('npm run ask', () => {
  it('loads no Slack, Discord, OpenAI, data-store or worker-pool code', async () => {
    const { stdout, modules } = await loadedBy('dist/cli/ask.js', ['When is the US-EU MOU due?'], 'ask');
    expect(stdout).toMatch(/2026-03-06/);
    // The list is real: the tool's own modules and the search library are in it.
    expect(modules).toEqual(expect.arrayContaining(['dist/cli/ask.js', 'dist/knowledge/answer/answer.js']));
    expect(modules.some((m) => m.startsWith('node_modules/minisearch/'))).toBe(true);
    expect(modules.filter((m) => NOT_FOR_THE_CLI.some((p) => p.test(m)))).toEqual([]);
  });

  it('with --json, the same', async () => {
    const { stdout, modules } = await loadedBy('dist/cli/ask.js', ['--json', 'Who leads the Mexico action plan for the US?'], 'ask-json');
    expect(JSON.parse(stdout)).toMatchObject({ abstained: false });
    expect(modules.filter((m) => NOT_FOR_THE_CLI.some((p) => p.test(m)))).toEqual([]);
  });
});
