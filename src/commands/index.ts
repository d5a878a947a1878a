import { agreement } from './agreement.ts';
import { ask } from './ask.ts';
import { deadlines } from './deadlines.ts';
import { helpCommand } from './help.ts';
import { sources } from './sources.ts';
import type { CommandSpec } from './spec.ts';
import { subscribe, subscriptions, unsubscribe } from './subscriptions.ts';

/** Every command, in the order `help` lists them. */
export function builtinCommands(): CommandSpec<never>[] {
  const list: CommandSpec<never>[] = [];
  list.push(ask as CommandSpec<never>, deadlines as CommandSpec<never>, agreement as CommandSpec<never>, sources as CommandSpec<never>);
  list.push(subscribe as CommandSpec<never>, unsubscribe as CommandSpec<never>, subscriptions as CommandSpec<never>);
  list.push(helpCommand(() => list) as CommandSpec<never>);
  return list;
}

export type { CommandSpec, CommandContext, CommandOption, Following, Invocation } from './spec.ts';
