import { stripInvisible } from './invisible.ts';
import { UserError } from './errors.ts';

/**
 * What people type, made safe to read before any command or question sees
 * it. Every adapter's text passes here once (in `Bot`), so no front end can
 * forget a step and no command repeats one.
 */

/** The longest question (or option value) read, in characters after cleaning. */
export const MAX_INPUT_LENGTH = 1000;

/**
 * Far beyond the cap, cleaning is not worth its cost: such text is refused on
 * its raw length (a pasted megabyte must not cost a normalisation pass).
 */
const HOPELESS_LENGTH = MAX_INPUT_LENGTH * 20;

/**
 * Terminal escape sequences (colours, cursor moves, window titles) pasted
 * from a terminal: removed whole, or their tails ("[31m") would be read as words.
 */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;

/**
 * Platform tokens that name no content: Slack's `<@U123>`, `<!channel>`,
 * `<#C123|general>` and Discord's `<@123>`, `<#123>`, `<@&123>`. Adapters turn
 * the mentions they understand into `@name` first; whatever reaches here
 * still in token form is markup, and its letters must not be read as words.
 */
const PLATFORM_TOKEN = /<[@#!][^<>\s]*>/g;

/**
 * The entities a platform escapes markup characters with (Slack sends
 * `&lt;`, `&gt;`, `&amp;`): decoded once, so that an escaped token is seen
 * as the token it is and "R&amp;D" reads as "R&D".
 */
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", '#39': "'", nbsp: ' ' };
const ENTITY = /&(lt|gt|amp|quot|apos|#39|nbsp);/g;

/** Control characters other than tab and newline: terminal escapes, NULs, C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * NFKC-normalised text without invisible or control characters, terminal
 * escapes or leftover platform tokens, with runs of
 * spaces and tabs collapsed (line breaks kept: a pasted list stays a list).
 * NFKC folds full-width letters, ligatures and compatibility forms onto the
 * characters the knowledge base is indexed with, so "ＥＸＩＭ" reads as "EXIM".
 */
export function cleanInput(raw: string): string {
  return stripInvisible(raw)
    .normalize('NFKC')
    .replace(ANSI, ' ')
    .replace(ENTITY, (_m, name: string) => ENTITIES[name] ?? ' ')
    .replace(PLATFORM_TOKEN, ' ')
    .replace(CONTROL, ' ')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

/** Cleans an input and refuses it, with a reason, when it is too long to be a question. */
export function readInput(raw: string, what = 'question'): string {
  if (raw.length > HOPELESS_LENGTH) throw tooLong(raw.length, what);
  const text = cleanInput(raw);
  if (text.length > MAX_INPUT_LENGTH) throw tooLong(text.length, what);
  return text;
}

function tooLong(length: number, what: string): UserError {
  return new UserError(
    'TOO_LONG',
    `That ${what} is ${length.toLocaleString('en-US')} characters long; I read ${what}s of up to ${MAX_INPUT_LENGTH.toLocaleString('en-US')}.`,
    'Ask one thing at a time, in a sentence or two.',
  );
}

/**
 * Nothing but mentions (`@policybot @alice`), channel names and punctuation:
 * adapters turn platform mentions into `@name` and `#name`, so one rule fits
 * every front end.
 */
export function isMentionOnly(text: string): boolean {
  return text.replace(/[@#][^\s@#]+/g, '').replace(/[\s\p{P}\p{S}]/gu, '') === '';
}
