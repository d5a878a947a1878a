import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from './paths.ts';

/**
 * Cold start (issue 17): wall time from launch to exit of one question,
 * for the `ask` tool and the floors it is held to, as medians of runs that
 * alternate between the commands (so machine noise falls on all alike):
 *
 * - `npm run --silent ask -- "<question>"` against npm's own floor, `npm run
 *   --silent bench:npm-floor` (a script that only runs `node -e 0`): ≤ 2x;
 * - the `ask` script's command run directly (`sh dist/cli/ask.sh
 *   "<question>"`, read from package.json: the start-up snapshot, or the
 *   plain build when there is none) against a plain
 *   MiniSearch script over the same sources, run directly with node
 *   (`bench/plain-minisearch.mjs`): ≤ 2x;
 * - `node -e 0`, for scale.
 *
 * Each command runs once first, unmeasured: the index snapshot of this
 * knowledge-base version is then in the temporary folder and the files in
 * the page cache, as they are for every run of a deployed bot but the first.
 */
export interface ColdStart {
  readonly runs: number;
  readonly question: string;
  /** The `ask` script's command, as package.json has it. */
  readonly askScript: string;
  /** Median milliseconds, by command label. */
  readonly medians: Readonly<Record<Label, number>>;
}

type Label = 'node' | 'npmFloor' | 'npmAsk' | 'plain' | 'askDirect';
export const COLD_START_TARGET = 2;

export async function coldStart(options: { runs: number; question: string }): Promise<ColdStart> {
  const pkg = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [program, ...askArgs] = pkg.scripts.ask!.split(/\s+/);
  if (program !== 'node' && program !== 'sh') throw new Error(`cold start: the ask script is "${pkg.scripts.ask}"; this bench expects it to start with node or sh`);
  if (pkg.scripts['bench:npm-floor'] !== 'node -e 0') throw new Error('cold start: package.json needs "bench:npm-floor": "node -e 0" (npm\'s floor)');
  // The launches run the built `ask` script, as `npm run ask` does: build what is checked out first.
  await timeToExit('npm', ['run', '--silent', 'build']);
  const q = options.question;
  const commands: Record<Label, [string, string[]]> = {
    node: [process.execPath, ['-e', '0']],
    npmFloor: ['npm', ['run', '--silent', 'bench:npm-floor']],
    npmAsk: ['npm', ['run', '--silent', 'ask', '--', q]],
    plain: [process.execPath, [path.join(PROJECT_ROOT, 'bench/plain-minisearch.mjs'), PROJECT_ROOT, q]],
    askDirect: [program === 'node' ? process.execPath : program, [...askArgs, q]],
  };
  const labels = Object.keys(commands) as Label[];
  const times = Object.fromEntries(labels.map((l) => [l, [] as number[]])) as Record<Label, number[]>;
  for (const label of labels) await timeToExit(...commands[label]);
  for (let i = 0; i < options.runs; i++) {
    // Alternating, and starting each round one command further along, so no command always follows the same one.
    for (let k = 0; k < labels.length; k++) {
      const label = labels[(i + k) % labels.length]!;
      times[label].push(await timeToExit(...commands[label]));
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  return { runs: options.runs, question: q, askScript: pkg.scripts.ask!, medians: Object.fromEntries(labels.map((l) => [l, median(times[l])])) as Record<Label, number> };
}

export function formatColdStart(c: ColdStart): string {
  const m = c.medians;
  const row = (label: string, value: number, against?: [number, string]) =>
    `  ${label.padEnd(64)} ${`${value.toFixed(0)} ms`.padStart(8)}${against ? `   ${(value / against[0]).toFixed(2)}x ${against[1]}   ${value / against[0] <= COLD_START_TARGET ? 'PASS' : 'MISS'} (target <= ${COLD_START_TARGET}x)` : ''}`;
  return [
    `Cold start: launch to exit, medians of ${c.runs} alternating runs, the question "${c.question}"`,
    row('node -e 0', m.node),
    row('npm run --silent bench:npm-floor (npm running node -e 0)', m.npmFloor),
    row('npm run --silent ask -- "…"', m.npmAsk, [m.npmFloor, "npm's floor"]),
    row('plain MiniSearch script, run directly (node)', m.plain),
    row(`the ask script's command, run directly (${c.askScript})`, m.askDirect, [m.plain, 'the plain script']),
  ].join('\n');
}

/** Wall time from spawning to exit (in the project folder, with a bare environment); fails on a non-zero exit. */
function timeToExit(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', POLICYBOT_NOW: '2026-11-28' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}
