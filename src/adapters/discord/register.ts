import { DiscordAPIError } from 'discord.js';
import type { ToolSpec } from '../../cli/command-line.ts';
import { runTool } from '../../cli/run.ts';
import { builtinCommands } from '../../commands/index.ts';
import { ConfigError, loadConfig, sectionOf } from '../../config.ts';
import { discordPlatform } from './platform.ts';
import { commandDefinitions } from './commands.ts';
import { createRest } from './connection.ts';
import { describeRegistration, registerCommands } from './registration.ts';

const REGISTER = {
  run: 'npm run discord:register --',
  synopsis: [''],
  summary:
    "Registers the bot's slash commands, built from the same specs the bot runs, globally or (with DISCORD_GUILD_ID) in one server,\n" +
    'and prints what changed. Running it twice changes nothing. Needs DISCORD_TOKEN.',
  flags: {},
  positionals: false,
} as const satisfies ToolSpec;

runTool(REGISTER, async () => {
  const discord = sectionOf(loadConfig(), discordPlatform);
  if (!discord) {
    throw new ConfigError([{ variable: 'DISCORD_TOKEN', message: 'is required to register slash commands (the bot token from the Bot page of the application)' }]);
  }
  const rest = createRest(discord);
  try {
    // The specs alone, as the bot runs them: no knowledge base to load for this.
    const result = await registerCommands(rest, commandDefinitions(builtinCommands()), discord.guildId ? { guildId: discord.guildId } : {});
    process.stdout.write(`${describeRegistration(result)}\n`);
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new ConfigError([{ variable: 'DISCORD_TOKEN', message: 'was refused by Discord (401 Unauthorized): copy the token again from the Bot page of the application' }]);
    }
    if (error instanceof DiscordAPIError) {
      // Discord's own words (e.g. Missing Access for a guild the bot is not in) say more than a stack.
      process.stderr.write(`Discord refused the registration: ${error.status} ${error.message} (${error.method.toUpperCase()} ${error.url})\n`);
      return 1;
    }
    throw error;
  }
});
