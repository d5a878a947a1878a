import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from './paths.ts';

/** Shared by the benchmarks: latency percentiles over rounds of questions, and a process's time to its first output. */

export async function latencies(questions: readonly string[], rounds: number, fn: (q: string) => Promise<void>): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const start = performance.now();
      await fn(q);
      samples.push(performance.now() - start);
    }
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Wall time from spawning a command (in the project folder, with a bare environment plus `env`) to the first byte of its stdout. */
export function firstOutput(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = false;
    child.stdout.once('data', () => {
      seen = true;
      resolve(performance.now() - start);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (!seen) reject(new Error(`${command} ${args.join(' ')} exited ${code} without output`));
    });
  });
}
