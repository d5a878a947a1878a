import { spawn } from 'node:child_process';
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
