import { Routes, type APIApplication, type APIApplicationCommand, type REST } from 'discord.js';
import type { CommandDefinition } from './commands.ts';

/**
 * Keeps Discord's registered slash commands equal to the bot's: reads what
 * is registered, and overwrites it (one bulk PUT) only when something
 * differs, so running it again changes nothing.
 */

export interface RegistrationPlan {
  readonly added: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: readonly string[];
}

export interface RegistrationResult extends RegistrationPlan {
  readonly applicationId: string;
  /** Where the commands live: every server (global) or one guild. */
  readonly guildId?: string;
  readonly changed: boolean;
}

/** What registering `local` over `remote` would change, by command name. */
export function planRegistration(local: readonly CommandDefinition[], remote: readonly Partial<APIApplicationCommand>[]): RegistrationPlan {
  const remoteByName = new Map(remote.map((c) => [c.name ?? '', c]));
  const localNames = new Set(local.map((c) => c.name));
  const added: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  for (const command of local) {
    const registered = remoteByName.get(command.name);
    if (!registered) added.push(command.name);
    else if (JSON.stringify(canonical(registered)) !== JSON.stringify(canonical(command))) updated.push(command.name);
    else unchanged.push(command.name);
  }
  const removed = remote.map((c) => c.name ?? '').filter((name) => !localNames.has(name));
  return { added, updated, removed, unchanged };
}

/** Compares the commands with those registered for the application (globally, or in one guild). */
export async function fetchRegistrationPlan(rest: REST, applicationId: string, commands: readonly CommandDefinition[], guildId?: string): Promise<RegistrationPlan> {
  const remote = (await rest.get(commandsRoute(applicationId, guildId))) as APIApplicationCommand[];
  return planRegistration(commands, remote);
}

/** Registers the commands if they differ from what is registered; the application is the token's own. */
export async function registerCommands(rest: REST, commands: readonly CommandDefinition[], options: { guildId?: string } = {}): Promise<RegistrationResult> {
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const plan = await fetchRegistrationPlan(rest, application.id, commands, options.guildId);
  const changed = plan.added.length + plan.updated.length + plan.removed.length > 0;
  if (changed) await rest.put(commandsRoute(application.id, options.guildId), { body: commands });
  return { ...plan, applicationId: application.id, ...(options.guildId ? { guildId: options.guildId } : {}), changed };
}

function commandsRoute(applicationId: string, guildId?: string) {
  return guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
}

/** The report `npm run discord:register` prints. */
export function describeRegistration(result: RegistrationResult): string {
  const scope = result.guildId ? `guild ${result.guildId}` : 'global';
  const lines = [`Discord slash commands (${scope}, application ${result.applicationId}):`];
  if (!result.changed) {
    lines.push(`  no changes (${result.unchanged.length} registered: ${result.unchanged.join(', ') || 'none'})`);
    return lines.join('\n');
  }
  for (const [label, names] of [['added', result.added], ['updated', result.updated], ['removed', result.removed], ['unchanged', result.unchanged]] as const) {
    if (names.length > 0) lines.push(`  ${label}: ${names.join(', ')}`);
  }
  return lines.join('\n');
}

/**
 * The parts of a command that registration sets, with Discord's defaults
 * filled in: Discord returns `required: false` as absent, adds ids and
 * versions, and may order keys differently.
 */
function canonical(command: Partial<APIApplicationCommand> | CommandDefinition): unknown {
  const c = command as Partial<APIApplicationCommand>;
  return {
    type: c.type ?? 1,
    name: c.name,
    description: c.description ?? '',
    default_member_permissions: permissions(c.default_member_permissions),
    nsfw: c.nsfw ?? false,
    options: (c.options ?? []).map((o) => {
      const option = o as Partial<Record<'required' | 'autocomplete' | 'max_length' | 'min_length' | 'choices', unknown>>;
      return {
        type: o.type,
        name: o.name,
        description: o.description,
        required: option.required ?? false,
        autocomplete: option.autocomplete ?? false,
        min_length: option.min_length ?? null,
        max_length: option.max_length ?? null,
        choices: ((option.choices as { name: string; value: unknown }[] | undefined) ?? []).map((ch) => ({ name: ch.name, value: ch.value })),
      };
    }),
  };
}

/**
 * A permission set as one decimal string, or null for "everyone": absent and
 * null mean the same to Discord, and a number or a padded string is the same set.
 */
function permissions(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  try {
    return BigInt(value as string | number | bigint).toString();
  } catch {
    return String(value);
  }
}
