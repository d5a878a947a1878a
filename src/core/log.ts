import { inspect } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  readonly level: LogLevel;
}

/**
 * One JSON line per event on stderr (stdout belongs to the console adapter and
 * the CLI). Secrets are `Secret` objects and serialise as `[redacted]`.
 */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const log = (at: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    const record: Record<string, unknown> = { time: new Date().toISOString(), level: at, message };
    for (const [key, value] of Object.entries(fields)) record[key] = value instanceof Error ? errorFields(value) : value;
    write(JSON.stringify(record));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), level };
}

function errorFields(error: Error): Record<string, unknown> {
  const cause = (error as { cause?: unknown }).cause;
  return { name: error.name, message: error.message, stack: error.stack, ...(cause ? { cause: cause instanceof Error ? errorFields(cause) : inspect(cause) } : {}) };
}
