import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './core.ts';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one of the project's TypeScript entry points the way npm scripts do, with stdin and env. */
export function runScript(script: string, args: readonly string[], options: { input?: string; env?: Record<string, string | undefined>; timeoutMs?: number; user?: { uid: number; gid: number } } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {

    // Only what the test gives, plus PATH/HOME: a developer's own tokens must not leak into the run.
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
    // As the npm scripts run it: one node process with tsx as its loader (so signals reach the bot itself).
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, script), ...args], { cwd: PROJECT_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], ...(options.user ?? {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} timed out; stdout so far:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
