import { debugRequested } from '../config.ts';
import { failureText } from '../core/errors.ts';
import { readCommandLine, usage, UsageError, type CommandLine, type FlagSpec, type ToolSpec } from './command-line.ts';

/**
 * Runs an `npm run` tool: `--help` prints its usage (exit 0); a wrong flag or
 * argument prints the problem and the usage (exit 2); an operator's mistake
 * (a variable, a file, the knowledge base) prints its message (exit 1); a bug
 * prints one line, and its stack only with LOG_LEVEL=debug.
 */
export function runTool<F extends Record<string, FlagSpec>>(spec: ToolSpec<F>, main: (line: CommandLine<F>) => Promise<void | number>, argv: readonly string[] = process.argv.slice(2)): void {
  const name = spec.run.replace(/^npm run\s+/, '').replace(/\s+--$/, '');
  const run = async (): Promise<void | number> => {
    const line = readCommandLine(spec, argv);
    if (line === 'help') {
      process.stdout.write(`${usage(spec)}\n`);
      return 0;
    }
    return main(line);
  };
  run().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${name}: ${error.message}\n\n${usage(spec)}\n`);
        process.exit(2);
      }
      process.stderr.write(`${name}: ${failureText(error, { debug: debugRequested() })}\n`);
      process.exit(1);
    },
  );
}
