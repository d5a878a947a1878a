/**
 * The calendar moved to the base layer (`core/dates.ts`), which the core's
 * clock and reply types need. The answering modules still import it from
 * here; everything else imports `core/dates.ts` directly.
 */
export * from '../core/dates.ts';
