import { inspect } from 'node:util';
import pino from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  readonly level: LogLevel;
}

/**
 * Keys whose values are credentials wherever they appear, up to two levels
 * down (a request's headers, a client's options): censored by pino before a
 * line is written, whatever object a library hands us. Our own credentials
 * are `Secret` objects, which print as `[redacted]` on their own; this is for
 * the ones that arrive as plain strings.
 */
const REDACTED_KEYS = ['authorization', 'Authorization', 'token', 'apiKey', 'api_key', 'password', 'secret', 'signingSecret', 'appToken', 'botToken', 'cookie'];
const REDACTED: ReadonlySet<string> = new Set(REDACTED_KEYS);
const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** Where log lines go: a function (tests, the bench), or a file they are appended to (`POLICYBOT_LOG_FILE`). */
export type LogDestination = ((line: string) => void) | { readonly file: string };

/**
 * One JSON line per event on stderr (stdout belongs to the console adapter and
 * the CLI): `{"level":"warn","time":"…","message":"…", …fields}`. pino writes
 * it, synchronously (a line logged just before `process.exit` is not lost),
 * with credentials redacted by key. `to` replaces stderr: a function, or a
 * file opened (and its folder made) here, which throws if it cannot be.
 */
export function createLogger(level: LogLevel = 'info', to?: LogDestination): Logger {
  const file = to && typeof to !== 'function' ? pino.destination({ dest: to.file, sync: true, append: true, mkdir: true }) : undefined;
  // pino (and its redaction, compiled per logger) is made on the first line written: a tool that logs nothing, as
  // `ask` mostly does, does not wait for it.
  let destination: pino.DestinationStream | undefined;
  const destinationOf = () =>
    (destination ??= typeof to === 'function' ? { write: (chunk: string) => to(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) } : (file ?? pino.destination({ fd: 2, sync: true })));
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  let redacting: pino.Logger | undefined;
  let plain: pino.Logger | undefined;
  const pinoLogger = () => (redacting ??= pino({ ...options, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destinationOf()));
  // A record of plain values under keys that name no credential has nothing to redact; pino's redaction walks every
  // path for every line (it was the largest cost of a line), which a flood of refusals under load paid per request.
  const plainLogger = () => (plain ??= pino(options, destinationOf()));
  const log = (at: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER.indexOf(at) < ORDER.indexOf(level)) return;
    const record: Record<string, unknown> = {};
    let flat = true;
    // Errors under any key, not only pino's `err`: name, message, stack and cause, as they were logged before.
    for (const [key, value] of Object.entries(fields)) {
      record[key] = value instanceof Error ? errorFields(value) : value;
      if (REDACTED.has(key) || (typeof record[key] === 'object' && record[key] !== null)) flat = false;
    }
    (flat ? plainLogger() : pinoLogger())[at](record, message);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), level };
}

const ORDER: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** The quieter of two levels: `atLeast('info', 'warn')` is `warn`. */
export function atLeast(level: LogLevel, floor: LogLevel): LogLevel {
  return ORDER.indexOf(level) >= ORDER.indexOf(floor) ? level : floor;
}

function errorFields(error: Error): Record<string, unknown> {
  const cause = (error as { cause?: unknown }).cause;
  return { name: error.name, message: error.message, stack: error.stack, ...(cause ? { cause: cause instanceof Error ? errorFields(cause) : inspect(cause) } : {}) };
}
