import { ConfigError } from '../config.ts';
import { UserError } from '../core/errors.ts';
import { KnowledgeBaseError } from '../knowledge/problems.ts';

/** A mistake in how a tool was called: its message is all the user needs. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Runs a command-line tool: known start-up and usage errors print their message (no stack) and exit 1. */
export function runCli(main: () => Promise<void | number>): void {
  main().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (error: unknown) => {
      if (error instanceof UserError) process.stderr.write(`${error.message}${error.hint ? `\n${error.hint}` : ''}\n`);
      else if (error instanceof ConfigError || error instanceof KnowledgeBaseError || error instanceof UsageError) process.stderr.write(`${error.message}\n`);
      else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
