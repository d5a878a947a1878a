import { z } from 'zod';
import type { ConversationMemory } from '../core/conversations.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { Invocation } from '../core/invocation.ts';
import type { Reply } from '../core/reply.ts';
import type { Answerer } from '../knowledge/answer/answerer.ts';
import type { Engine } from '../knowledge/answer/engine.ts';
import type { Store } from '../store/store.ts';

/**
 * A command, declared once: the same spec gives Discord's registration
 * payload, the Slack manifest's usage hint, `help`, and the console's parser.
 * Commands know no platform.
 */
export interface CommandOption {
  readonly name: string;
  /**
   * `boolean`: a yes/no a platform can offer as such (Discord's boolean option);
   * its value reaches the command as "true" or "false". Text otherwise.
   */
  readonly type?: 'string' | 'boolean';
  readonly description: string;
  readonly required: boolean;
  /** For a required option: what to say when it is left out (default: "<name> is needed"). */
  readonly whenMissing?: string;
  /** Values people pick from a list (Discord autocomplete). */
  readonly autocomplete?: 'agreement';
  readonly choices?: readonly string[];
  readonly maxLength?: number;
}


/** Channel subscriptions and feedback: present when the bot runs with a data store. */
export interface Following {
  readonly store: Store;
  /** Days before a deadline that reminders go out (0: on the day). */
  readonly reminderDays: readonly number[];
  /** Tells the scheduler, so that a reminder due today goes out at once. */
  subscriptionsChanged(): void;
}

export interface CommandContext {
  readonly engine: Engine;
  readonly clock: Clock;
  readonly answerer: Answerer;
  readonly log: Logger;
  readonly invocation: Invocation;
  readonly following?: Following;
  /** What this conversation was about, when the message belongs to one. */
  readonly conversation?: ConversationMemory;
}

export type { Invocation };

/** The arguments a list of options gives: a required option is a string, an optional one may be absent, a choice is one of its values. */
export type ArgsOf<O extends readonly CommandOption[]> = {
  readonly [K in O[number] as K['name']]: (K['choices'] extends readonly (infer C extends string)[] ? C : string) | (K['required'] extends true ? never : undefined);
};

export interface CommandSpec<A = Record<string, unknown>> {
  readonly name: string;
  readonly description: string;
  readonly options: readonly CommandOption[];
  /** Validates the raw option values (strings from any platform) into arguments; made from `options` by `defineCommand`. */
  readonly args: z.ZodType<A, Record<string, string | undefined>>;
  readonly examples: readonly string[];
  /** Who may run it where channels have roles: `manage-channel` changes a channel's settings (Discord: Manage Channels). */
  readonly requires?: 'manage-channel';
  /**
   * How the text after its name fills its options, where commands are typed
   * (the console, Slack's `/policy`, a mention): by default the first option
   * takes it all. For options a platform asks for one by one (Discord).
   */
  readonly readText?: (rest: string) => Record<string, string>;
  execute(args: A, ctx: CommandContext): Promise<Reply>;
}

/**
 * A command from one declaration of its options: the same list gives
 * Discord's registration, `help`, the console's parser and the checks every
 * value passes before `execute` sees it (required, one of the choices, not
 * too long), so what a platform promises and what the bot accepts agree.
 */
export function defineCommand<const O extends readonly CommandOption[]>(spec: Omit<CommandSpec<ArgsOf<O>>, 'args' | 'options'> & { readonly options: O }): CommandSpec<ArgsOf<O>> {
  return { ...spec, args: argumentsSchema(spec.options) as unknown as z.ZodType<ArgsOf<O>, Record<string, string | undefined>> };
}

/** The zod schema of a command's options: blank is absent, text is trimmed, and every rule the option states is checked. */
export function argumentsSchema(options: readonly CommandOption[]): z.ZodType<Record<string, string | undefined>, Record<string, string | undefined>> {
  const shape: Record<string, z.ZodType<string | undefined, unknown>> = {};
  for (const o of options) {
    const text = z.string({ error: (issue) => (issue.input === undefined ? (o.whenMissing ?? `${o.name} is needed.`) : `${o.name} must be text.`) }).trim();
    const choices = o.choices && o.choices.length > 0 ? o.choices : undefined;
    const checked = choices
      ? text.toLowerCase().refine((v) => choices.includes(v), { error: (issue) => `“${String(issue.input).slice(0, 30)}” is not a choice for ${o.name}: choose ${listChoices(choices)}.` })
      : o.maxLength
        ? text.max(o.maxLength, `${o.name} may be at most ${o.maxLength.toLocaleString('en-US')} characters long.`)
        : text;
    // Platforms send an option left blank as "" (Slack) or not at all (Discord): both are absent.
    shape[o.name] = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), o.required ? checked : checked.optional());
  }
  return z.object(shape) as unknown as z.ZodType<Record<string, string | undefined>, Record<string, string | undefined>>;
}

function listChoices(choices: readonly string[]): string {
  return choices.length < 2 ? (choices[0] ?? '') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}
