import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './core.ts';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command with only PATH, HOME and the given variables (a developer's
 * own tokens must not leak into the run), feeds it `input`, and collects its
 * output; killed after `timeoutMs`.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; input?: string; env?: Record<string, string | undefined>; timeoutMs?: number; user?: { uid: number; gid: number } } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
    const child = spawn(command, [...args], { cwd: options.cwd ?? PROJECT_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], ...(options.user ?? {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out; stdout so far:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs one of the project's TypeScript entry points the way npm scripts do: one node process with tsx as its loader (so signals reach the bot itself). */
export function runScript(script: string, args: readonly string[], options: { input?: string; env?: Record<string, string | undefined>; timeoutMs?: number; user?: { uid: number; gid: number } } = {}): Promise<RunResult> {
  return runProcess(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, script), ...args], options);
}

/** A bot started as `npm start` starts it, still running: its log so far (stderr, JSON lines) and its exit. */
export interface StartedBot {
  readonly child: ChildProcess;
  stderr(): string;
  readonly exited: Promise<number | null>;
}

/**
 * Starts the bot with only PATH and the given variables: from source through tsx (as the tests run it), or the
 * built `dist/main.js` as `npm start` does (`built`). Its stdout is ignored; its stderr is the log the tests read.
 * The caller stops it (and kills it after the test).
 */
export function startBot(env: Record<string, string>, options: { built?: boolean } = {}): StartedBot {
  const args = options.built ? ['--enable-source-maps', path.join(PROJECT_ROOT, 'dist/main.js')] : ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts')];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, stderr: () => stderr, exited };
}
