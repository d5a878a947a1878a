import { spawn } from 'node:child_process';
import { runProcess } from '../support/run.ts';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM, postSigned, SIGNING_SECRET, slashCommand } from '../fakes/slack-requests.ts';
import { startFakeSlackWebApi, waitFor, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { PROJECT_ROOT } from '../support/core.ts';

/**
 * The production install (README, "Run in production"): the build in dist/
 * with the dependencies and none of the devDependencies. `npm test` builds
 * dist/ first, so these read the build of the code under test.
 */

const pkg = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const DIST = path.join(PROJECT_ROOT, 'dist');

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Every module specifier a compiled file imports: static imports and re-exports, side-effect imports, and `import('literal')`. */
function importsOf(js: string): string[] {
  const found = new Set<string>();
  for (const pattern of [/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm, /^\s*import\s*['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of js.matchAll(pattern)) found.add(m[1]!);
  }
  return [...found];
}

const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);

describe('the build', () => {
  it('imports at run time only node built-ins, its own files and packages in "dependencies", never a devDependency', async () => {
    const sources = await sourceFiles(path.join(PROJECT_ROOT, 'src'));
    const packages = new Set<string>();
    const problems: string[] = [];
    for (const source of sources) {
      const compiled = path.join(DIST, path.relative(path.join(PROJECT_ROOT, 'src'), source)).replace(/\.ts$/, '.js');
      const js = await readFile(compiled, 'utf8').catch(() => undefined);
      if (js === undefined) {
        problems.push(`${path.relative(PROJECT_ROOT, compiled)} is missing from the build`);
        continue;
      }
      for (const specifier of importsOf(js)) {
        if (specifier.startsWith('.')) {
          // Relative imports are rewritten to the compiled files, which must exist.
          const target = path.resolve(path.dirname(compiled), specifier);
          if (!specifier.endsWith('.js') || !(await readFile(target).then(() => true, () => false))) problems.push(`${path.relative(DIST, compiled)} imports ${specifier}, which is not in dist/`);
        } else if (!isBuiltin(specifier)) {
          const name = packageOf(specifier);
          packages.add(name);
          if (name in pkg.devDependencies) problems.push(`${path.relative(DIST, compiled)} imports ${specifier}, a devDependency`);
          else if (!(name in pkg.dependencies)) problems.push(`${path.relative(DIST, compiled)} imports ${specifier}, which package.json does not list`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The check saw the imports it is about (a pattern that matched nothing would pass vacuously).
    expect([...packages]).toEqual(expect.arrayContaining(['@slack/bolt', 'discord.js', 'minisearch', 'zod', 'piscina', 'openai', 'lowdb']));
  });

  it('reads imports the way the check above needs', () => {
    const js = [
      "import { a } from './a.js';",
      "import b, { c } from 'pkg';",
      "export { d } from '@scope/pkg/sub';",
      "import 'side-effect';",
      "import {\n  e,\n  f,\n} from 'multi-line';",
      "const g = await import('lazy');",
      "// not code: import x from 'nowhere' is in a comment, and so is this",
    ].join('\n');
    expect(importsOf(js).sort()).toEqual(['./a.js', '@scope/pkg/sub', 'lazy', 'multi-line', 'pkg', 'side-effect']);
    expect(packageOf('@scope/pkg/sub')).toBe('@scope/pkg');
    expect(isBuiltin('node:fs') && isBuiltin('fs/promises') && !isBuiltin('pkg')).toBe(true);
  });
});

/**
 * A production tree made the way `npm prune --omit=dev` leaves one, without
 * the network: a copy of dist/, package.json and the knowledge, and a
 * node_modules holding only the packages in "dependencies" (linked to this
 * checkout's). Whatever the built code imports must be found there.
 */
describe('a production install without devDependencies', () => {
  let root: string;
  let api: FakeSlackWebApi;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'policybot-production-'));
    await cp(DIST, path.join(root, 'dist'), { recursive: true });
    for (const folder of ['seeds', 'curated']) await cp(path.join(PROJECT_ROOT, folder), path.join(root, folder), { recursive: true });
    await writeFile(path.join(root, 'package.json'), JSON.stringify({ ...pkg, devDependencies: {} }, null, 2));
    for (const name of Object.keys(pkg.dependencies)) {
      await mkdir(path.dirname(path.join(root, 'node_modules', name)), { recursive: true });
      await symlink(path.join(PROJECT_ROOT, 'node_modules', name), path.join(root, 'node_modules', name), 'dir');
    }
    api = await startFakeSlackWebApi();
  });
  afterAll(async () => {
    await api?.close();
    await rm(root, { recursive: true, force: true });
  });

  const run = (script: string, args: string[], env: Record<string, string>, input = '') =>
    runProcess(process.execPath, ['--enable-source-maps', path.join(root, script), ...args], { cwd: root, env: { POLICYBOT_NOW: '2026-11-28', ...env }, input, timeoutMs: 60_000 });

  it('npm start (node dist/main.js) answers at the console, and npm run ask answers', async () => {
    const started = await run('dist/main.js', [], {}, 'When is the US-EU MOU due?\n');
    expect(started.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find/);
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/2026-03-06/);
    const asked = await run('dist/cli/ask.js', ['--json', 'Who leads the Mexico action plan for the US?'], {});
    expect(asked.code).toBe(0);
    expect(JSON.parse(asked.stdout)).toMatchObject({ abstained: false });
  });

  it("builds its own ask start-up snapshot from dist/ alone, and npm run ask's command answers from it", async () => {
    // The copied snapshot belongs to this checkout; the copy makes its own, as the snapshot does when it finds itself elsewhere.
    const rebuilt = await runProcess(process.execPath, [path.join(root, 'dist/snapshot/rebuild.js')], { cwd: root, env: { POLICYBOT_NOW: '2026-11-28' }, timeoutMs: 170_000 });
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    const asked = await runProcess('sh', ['dist/cli/ask.sh', '--json', 'Who leads the Mexico action plan for the US?'], { cwd: root, env: { POLICYBOT_NOW: '2026-11-28', LOG_LEVEL: 'debug' } });
    expect(asked.stderr).toMatch(/answering from the start-up snapshot/);
    expect(asked.code).toBe(0);
    expect(JSON.parse(asked.stdout)).toMatchObject({ abstained: false });
  }, 180_000);

  it('npm start with Slack over HTTP answers on a worker thread', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist/main.js')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', POLICYBOT_NOW: '2026-11-28', SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.url, PORT: String(port), POLICYBOT_DATA: path.join(root, 'data/policybot.json'), POLICYBOT_WORKERS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await waitFor(() => stderr.includes('slack: started'), 'the bot to listen', 30_000).catch((error: Error) => {
        throw new Error(`${error.message}; stderr:\n${stderr}`);
      });
      expect(stderr).toMatch(/"answering":"1 worker thread"/);
      const ack = await postSigned(`http://127.0.0.1:${port}/slack/events`, slashCommand({ text: 'When is the US-EU MOU due?', responseUrl: api.responseUrl('production') }), FORM);
      expect(ack.status).toBe(200);
      const answer = await waitFor(() => api.responses.find((r) => r.id === 'production'), 'the answer', 10_000);
      expect(String(answer.body.text)).toMatch(/memorandum/i);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
