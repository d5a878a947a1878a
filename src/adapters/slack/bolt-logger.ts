import { format } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/log.ts';

const ORDER: Record<LogLevel, number> = { [LogLevel.DEBUG]: 10, [LogLevel.INFO]: 20, [LogLevel.WARN]: 30, [LogLevel.ERROR]: 40 };

/** The level Bolt should be told, so its loggers and ours agree on what is worth formatting. */
export function boltLevel(log: Logger): LogLevel {
  return { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR }[log.level];
}

/**
 * Bolt, its Web API client and the Socket Mode client log through this, so
 * their lines are our JSON lines (tagged with the component) rather than a
 * second format on the console.
 *
 * At debug level the Socket Mode client echoes every envelope whole, and an
 * envelope names who asked (user ids), where and what. Those lines keep only
 * the envelope's type and id: nothing here logs who someone is.
 */
export function boltLogger(log: Logger, name = 'bolt'): BoltLogger {
  let level = boltLevel(log);
  let component = name;
  const at = (lvl: LogLevel, write: (message: string, fields?: Record<string, unknown>) => void) => (...msg: unknown[]) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(withoutPayload(format(...msg)), { component });
  };
  return {
    debug: at(LogLevel.DEBUG, (m, f) => log.debug(m, f)),
    info: at(LogLevel.INFO, (m, f) => log.info(m, f)),
    warn: at(LogLevel.WARN, (m, f) => log.warn(m, f)),
    error: at(LogLevel.ERROR, (m, f) => log.error(m, f)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      component = n;
    },
  };
}

/** The Socket Mode client's lines that end in a whole payload, and the words before it. */
const PAYLOAD_ECHO = /^(Received a message on the WebSocket|Sending a WebSocket message|Unable to parse an incoming WebSocket message[^:]*|http request (?:body|result|headers)[^:]*): ([\s\S]*)$/;

function withoutPayload(line: string): string {
  const m = PAYLOAD_ECHO.exec(line);
  if (!m) return line;
  return `${m[1]}: ${envelopeSummary(m[2]!)}`;
}

function envelopeSummary(payload: string): string {
  try {
    const e = JSON.parse(payload) as { type?: unknown; envelope_id?: unknown; retry_attempt?: unknown };
    const parts = [`type ${String(e.type ?? '?')}`, ...(e.envelope_id ? [`envelope ${String(e.envelope_id)}`] : []), ...(e.retry_attempt ? [`retry ${String(e.retry_attempt)}`] : [])];
    return `${parts.join(', ')} (payload not logged)`;
  } catch {
    return `${payload.length} characters (not logged)`;
  }
}
