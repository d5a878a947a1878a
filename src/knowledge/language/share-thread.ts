import { shareLanguage, type SharedLanguage } from './shared.ts';

/**
 * Run in a thread of its own by `buildSharedLanguage` (a piscina task), which
 * ends the thread once the data is handed over: the garbage of building it
 * (the whole dictionary, as nspell loads it, is tens of megabytes of objects)
 * goes with that thread's heap, instead of raising the main thread's for the
 * rest of the process's life.
 */
export default (): SharedLanguage => shareLanguage();
