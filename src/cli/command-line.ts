import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseIsoDate, type IsoDate } from '../core/dates.ts';
import { OperatorError } from '../core/errors.ts';
import { errnoCode, fileErrorReason } from '../core/files.ts';

/**
 * The command line of every `npm run` tool, declared once per tool: the same
 * table parses the arguments (node's `parseArgs`, strict) and prints the
 * usage, so `--help` and the message for a wrong flag never drift from what
 * the tool accepts.
 */

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** What the value looks like in the usage: FILE, YYYY-MM-DD, N. */
  readonly value?: string;
  readonly description: string;
}

export interface ToolSpec<F extends Record<string, FlagSpec> = Record<string, FlagSpec>> {
  /** How the tool is run, e.g. `npm run ask --`. */
  readonly run: string;
  /** The arguments after it, one line per form, e.g. `[--json] [question]`. */
  readonly synopsis: readonly string[];
  readonly summary: string;
  readonly flags: F;
  /** Words that are not flags (a question, a file, a subcommand) are accepted. */
  readonly positionals: boolean;
  /** Lines after the flags: subcommands, the variables it reads. */
  readonly more?: readonly string[];
}

export type FlagValues<F extends Record<string, FlagSpec>> = { readonly [K in keyof F]?: F[K]['type'] extends 'boolean' ? boolean : string };

export interface CommandLine<F extends Record<string, FlagSpec>> {
  readonly values: FlagValues<F>;
  readonly positionals: readonly string[];
}

/** A mistake in how a tool was called: the message, then the usage; exit status 2. */
export class UsageError extends OperatorError {
  override name = 'UsageError';
}

/** A file named on the command line that cannot be read or written: one sentence naming the path and the argument that named it. */
export class FileArgumentError extends OperatorError {
  override name = 'FileArgumentError';
  constructor(argument: string, file: string, error: unknown, action: 'read' | 'write') {
    // Writing a file that "does not exist" means its folder is missing: say which.
    const reason = action === 'write' && errnoCode(error) === 'ENOENT' ? `there is no folder ${path.dirname(file)}` : fileErrorReason(error);
    super(`${argument}: cannot ${action} ${file}: ${reason}.`);
  }
}

const HELP: FlagSpec = { type: 'boolean', short: 'h', description: 'print this help and exit' };

export function usage(spec: ToolSpec): string {
  const flags = Object.entries({ ...spec.flags, help: HELP });
  const shown = flags.map(([name, f]) => `${f.short ? `-${f.short}, ` : '    '}--${name}${f.value ? ` ${f.value}` : ''}`);
  const width = Math.max(...shown.map((s) => s.length)) + 2;
  return [
    ...spec.synopsis.map((s, i) => `${i === 0 ? 'usage:' : '      '} ${spec.run} ${s}`.trimEnd()),
    '',
    spec.summary,
    '',
    'options:',
    ...flags.map(([, f], i) => `  ${shown[i]!.padEnd(width)}${f.description}`),
    ...(spec.more && spec.more.length > 0 ? ['', ...spec.more] : []),
  ].join('\n');
}

/** The parsed command line, or 'help' when `--help` was asked for. Throws `UsageError` for anything the table does not allow. */
export function readCommandLine<F extends Record<string, FlagSpec>>(spec: ToolSpec<F>, argv: readonly string[]): CommandLine<F> | 'help' {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, f] of Object.entries({ ...spec.flags, help: HELP })) options[name] = { type: f.type, ...(f.short ? { short: f.short } : {}) };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: spec.positionals, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(argumentProblem(error, spec));
  }
  if (parsed.values.help) return 'help';
  return { values: parsed.values as FlagValues<F>, positionals: parsed.positionals };
}

/** node's parseArgs explains itself for programmers ("To specify a positional argument starting with a '-'…"); say it for the person at the terminal. */
function argumentProblem(error: unknown, spec: ToolSpec): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  // "Option '-o, --out <value>' argument missing": the long name is the one people read in the usage.
  const flag = quoted.match(/--[\w-]+/g)?.at(-1) ?? quoted;
  const known = spec.flags[flag.replace(/^-+/, '')];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(message) ? `${flag} needs a value${known?.value ? ` (${known.value})` : ''}` : `${flag} takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}"`;
    default:
      return message;
  }
}

/** A date flag (`--now`, `--since`): a real calendar date written YYYY-MM-DD, checked like every other date. */
export function dateFlag(flag: string, value: string | undefined): IsoDate | undefined {
  if (value === undefined) return undefined;
  const date = parseIsoDate(value.trim());
  if (!date) throw new UsageError(`--${flag} expects a real date written YYYY-MM-DD, not "${value}"`);
  return date;
}

/** A count flag (`--top`): a whole number of at least 1. */
export function countFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1) throw new UsageError(`--${flag} expects a whole number of at least 1, not "${value}"`);
  return Number(value);
}
