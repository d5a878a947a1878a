import type { ConversationMemory } from '../core/conversations.ts';
import type { z } from 'zod';
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
  readonly description: string;
  readonly required: boolean;
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

export interface CommandSpec<A = Record<string, unknown>> {
  readonly name: string;
  readonly description: string;
  readonly options: readonly CommandOption[];
  /** Validates the raw option values (strings from any platform) into arguments. */
  readonly args: z.ZodType<A, Record<string, string | undefined>>;
  readonly examples: readonly string[];
  /** Who may run it where channels have roles: `manage-channel` changes a channel's settings (Discord: Manage Channels). */
  readonly requires?: 'manage-channel';
  execute(args: A, ctx: CommandContext): Promise<Reply>;
}

export type { Invocation };

/** Keeps each spec's argument type while listing them together. */
export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}
