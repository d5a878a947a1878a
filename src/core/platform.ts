/**
 * A platform is an id string — `slack`, `discord`, `console`, or whatever a
 * plug-in in `src/adapters/` registers — never a closed list: the core,
 * commands and store take any id that fits this shape.
 */
export type PlatformId = string;

/** Lowercase letters, digits and dashes, starting with a letter: safe in store keys (`platform:channel`) and logs. */
export const PLATFORM_ID = /^[a-z][a-z0-9-]{1,31}$/;
