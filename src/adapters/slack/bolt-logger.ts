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
 */
export function boltLogger(log: Logger, name = 'bolt'): BoltLogger {
  let level = boltLevel(log);
  let component = name;
  const at = (lvl: LogLevel, write: (message: string, fields?: Record<string, unknown>) => void) => (...msg: unknown[]) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(format(...msg), { component });
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
