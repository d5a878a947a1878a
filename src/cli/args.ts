import { parseArgs } from 'node:util';
import { parseIsoDate } from '../knowledge/dates.ts';
import { UsageError } from './run.ts';

/** `--now YYYY-MM-DD` on the command line wins over `POLICYBOT_NOW`. */
export function nowOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!parseIsoDate(value)) throw new UsageError(`--now expects a date written YYYY-MM-DD, not "${value}"`);
  return value;
}

export { parseArgs };
