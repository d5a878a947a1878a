import path from 'node:path';
import pty from '@lydell/node-pty';
import { PROJECT_ROOT } from './core.ts';

/**
 * One of the project's entry points in a pseudo-terminal, as a person runs it
 * in a terminal window: stdin and stdout are a TTY of `cols` columns, keys are
 * typed into it, and everything the program draws (its escape codes
 * included) is kept in `output`.
 */
export interface TerminalSession {
  /** Everything written to the terminal so far, raw. */
  readonly output: () => string;
  /** Types `keys` (a line wants a trailing `\r`, as the Enter key sends). */
  type(keys: string): void;
  /** Waits until the output, from `from` on, matches. */
  waitFor(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<number>;
  /** The exit code, once the program ends. */
  readonly exited: Promise<number>;
  kill(): void;
}

export function runInTerminal(script: string, options: { cols: number; rows?: number; env?: Record<string, string | undefined> }): TerminalSession {
  // Only what the test gives, plus PATH/HOME and a terminal type: a developer's own tokens and colour settings must not leak in.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm-256color' };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const child = pty.spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, script)], { name: env.TERM ?? 'dumb', cols: options.cols, rows: options.rows ?? 50, cwd: PROJECT_ROOT, env });
  let output = '';
  const listeners = new Set<() => void>();
  child.onData((d) => {
    output += d;
    for (const l of [...listeners]) l();
  });
  const exited = new Promise<number>((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
  return {
    output: () => output,
    type: (keys) => child.write(keys),
    waitFor(pattern, { from = 0, timeoutMs = 15_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(output.slice(from));
          if (!m) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(from + m.index + m[0].length);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`the terminal never showed ${pattern}; it shows:\n${output.slice(from)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    exited,
    // Not SIGHUP, pty's default: the bot takes that as "reload the knowledge base" and goes on.
    kill: () => {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** What the terminal shows as text: escape sequences (colours, readline's cursor moves) removed, CRLF as LF. */
export function screenText(raw: string): string {
  return raw
    .replace(/\u001B\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g, '')
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '');
}

/** SGR sequences: colours and text attributes. */
export const SGR = /\u001B\[[0-9;]*m/;
