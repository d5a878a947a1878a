import { ConfigError } from '../config.ts';
import { KnowledgeBaseError } from '../knowledge/problems.ts';

/** Runs a command-line tool: known start-up errors print their message (no stack) and exit 1. */
export function runCli(main: () => Promise<void | number>): void {
  main().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (error: unknown) => {
      if (error instanceof ConfigError || error instanceof KnowledgeBaseError) process.stderr.write(`${error.message}\n`);
      else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
