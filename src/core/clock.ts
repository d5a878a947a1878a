import { isoDate, parseInstant, type IsoDate } from './dates.ts';

/** Time as a parameter: deadline status, reminders and signature windows ask the clock, never `Date.now()`. */
export interface Clock {
  now(): Date;
  today(): IsoDate;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => isoDate(new Date()),
};

/** A clock stopped at one instant (`POLICYBOT_NOW`, tests). A bare date means the start of that day, UTC. */
export function fixedClock(at: string | Date): Clock {
  const instant = typeof at === 'string' ? parseInstant(at) : at;
  if (!instant || Number.isNaN(instant.getTime())) throw new Error(`fixedClock: not a real date: ${String(at)}`);
  return { now: () => new Date(instant), today: () => isoDate(instant) };
}
