import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  PermissionFlagsBits,
  type APIApplicationCommandBooleanOption,
  type APIApplicationCommandStringOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandOption, CommandSpec } from '../../commands/spec.ts';
import { clip } from './text.ts';

/**
 * The slash commands Discord registers, generated from the bot's command
 * specs: a new spec becomes a new slash command without touching this file.
 */

/** One slash command as Discord's registration API takes it. */
export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord's rules for command and option names: lowercase letters, digits, `-` and `_`, 1 to 32 characters. */
const NAME = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;
const DESCRIPTION_LIMIT = 100;
const CHOICES_LIMIT = 25;
/** Discord's ceiling for a string option's `max_length`. */
const MAX_LENGTH_LIMIT = 6000;

/**
 * What a spec's `requires` asks of a member, as Discord's
 * `default_member_permissions`: a permission bit set, as a decimal string.
 * Discord then hides the command from members without it (server admins may
 * change that under Integrations); the bot checks again when it runs.
 */
const REQUIRED_PERMISSIONS: Record<NonNullable<CommandSpec['requires']>, string> = {
  'manage-channel': String(PermissionFlagsBits.ManageChannels),
};

/** Throws, naming the spec, when one cannot become a Discord command: better at registration than as Discord's 400. */
export function commandDefinitions(specs: readonly CommandSpec<never>[]): CommandDefinition[] {
  return specs.map((spec) => {
    if (!NAME.test(spec.name)) throw new Error(`Discord: command "${spec.name}" needs a lowercase name of 1 to 32 letters, digits, "-" or "_".`);
    const options = spec.options.map((o) => stringOption(spec.name, o));
    // Discord requires required options before optional ones.
    options.sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false));
    return {
      type: ApplicationCommandType.ChatInput,
      name: spec.name,
      description: describe(spec.description, spec.name),
      ...(options.length > 0 ? { options } : {}),
      // Null (everyone) said outright, so that a command that stops requiring a permission is shown to all again.
      default_member_permissions: spec.requires ? REQUIRED_PERMISSIONS[spec.requires] : null,
    };
  });
}

function stringOption(command: string, o: CommandOption): APIApplicationCommandStringOption | APIApplicationCommandBooleanOption {
  if (!NAME.test(o.name)) throw new Error(`Discord: option "${o.name}" of "${command}" needs a lowercase name of 1 to 32 letters, digits, "-" or "_".`);
  // A yes/no is Discord's own boolean option (a True/False picker); its value reaches the bot as "true" or "false".
  if (o.type === 'boolean') return { type: ApplicationCommandOptionType.Boolean, name: o.name, description: describe(o.description, o.name), required: o.required };
  const base = {
    type: ApplicationCommandOptionType.String as const,
    name: o.name,
    description: describe(o.description, o.name),
    required: o.required,
    ...(o.maxLength ? { max_length: Math.min(o.maxLength, MAX_LENGTH_LIMIT) } : {}),
  };
  // Autocomplete and fixed choices exclude each other in Discord; autocomplete wins, as it can offer the same values.
  if (o.autocomplete) return { ...base, autocomplete: true };
  if (o.choices && o.choices.length > 0) {
    if (o.choices.length > CHOICES_LIMIT) throw new Error(`Discord: option "${o.name}" of "${command}" has ${o.choices.length} choices; Discord allows ${CHOICES_LIMIT} (use autocomplete).`);
    return { ...base, choices: o.choices.map((c) => ({ name: clip(c, DESCRIPTION_LIMIT), value: c })) };
  }
  return base;
}

function describe(description: string, name: string): string {
  return clip(description.trim(), DESCRIPTION_LIMIT) || name;
}
