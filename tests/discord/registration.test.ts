import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REST } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import { commandDefinitions } from '../../src/adapters/discord/commands.ts';
import { describeRegistration, planRegistration, registerCommands } from '../../src/adapters/discord/registration.ts';
import { defineCommand, type CommandSpec } from '../../src/commands/spec.ts';
import { reply } from '../../src/core/reply.ts';
import { FAKE_TOKEN, startFakeDiscord, type FakeDiscord } from '../fakes/discord-stand-in.ts';
import { createTestBot, PROJECT_ROOT } from '../support/core.ts';

const opened: { discord: FakeDiscord; rest: REST }[] = [];
afterEach(async () => {
  for (const { discord, rest } of opened.splice(0)) {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
    await discord.close();
  }
});

async function standIn(): Promise<{ discord: FakeDiscord; rest: REST }> {
  const discord = await startFakeDiscord();
  const rest = new REST({ api: discord.apiUrl }).setToken(FAKE_TOKEN);
  opened.push({ discord, rest });
  return { discord, rest };
}

/** A command the bot does not have yet, as a later issue might add. */
const watch = defineCommand({
  name: 'watch',
  description: 'Reminders of deadlines in this channel.',
  options: [
    { name: 'days', description: 'Days before', required: false, choices: ['30', '7', '1'] },
    { name: 'agreement', description: 'Which agreement', required: true, autocomplete: 'agreement' },
  ],
  examples: ['watch'],
  execute: async () => reply({ kind: 'info', text: 'ok' }),
}) as CommandSpec<never>;

describe('commandDefinitions', () => {
  test('are generated from the bot’s specs', async () => {
    const { bot } = await createTestBot();
    const defs = commandDefinitions(bot.commands);
    expect(defs.map((d) => d.name)).toEqual(bot.commands.map((c) => c.name));
    const byName = new Map(defs.map((d) => [d.name, d as any]));
    expect(byName.get('ask')).toMatchObject({ type: 1, options: [{ type: 3, name: 'question', required: true, max_length: 1000 }] });
    expect(byName.get('deadlines').options).toEqual([expect.objectContaining({ name: 'agreement', required: false, autocomplete: true })]);
    expect(byName.get('agreement').options).toEqual([expect.objectContaining({ name: 'name', required: true, autocomplete: true })]);
    expect(byName.get('sources').options).toBeUndefined();
    for (const d of defs) expect(d.description.length).toBeLessThanOrEqual(100);
  });

  test('a new spec becomes a new command, required options first, choices kept', () => {
    const [def] = commandDefinitions([watch]) as any[];
    expect(def.name).toBe('watch');
    expect(def.options.map((o: any) => o.name)).toEqual(['agreement', 'days']);
    expect(def.options[1].choices).toEqual([{ name: '30', value: '30' }, { name: '7', value: '7' }, { name: '1', value: '1' }]);
  });

  test('commands that change a channel are shown only to members with Manage Channels; the rest to everyone', async () => {
    const { bot } = await createTestBot();
    const byName = new Map(commandDefinitions(bot.commands).map((d) => [d.name, d]));
    // 1 << 4, as the decimal string Discord's API takes and returns.
    expect(byName.get('subscribe')?.default_member_permissions).toBe('16');
    expect(byName.get('unsubscribe')?.default_member_permissions).toBe('16');
    for (const name of ['ask', 'deadlines', 'agreement', 'sources', 'subscriptions', 'help']) expect(byName.get(name)?.default_member_permissions, name).toBeNull();
  });

  test('a name Discord would refuse fails early, naming the spec', () => {
    expect(() => commandDefinitions([{ ...watch, name: 'Sub Scribe' } as CommandSpec<never>])).toThrow(/"Sub Scribe"/);
  });
});

describe('registerCommands', () => {
  test('puts the spec-built list once, then sends nothing while nothing changed', async () => {
    const { discord, rest } = await standIn();
    const { bot } = await createTestBot();
    const defs = commandDefinitions(bot.commands);

    const first = await registerCommands(rest, defs);
    expect(first).toMatchObject({ changed: true, added: defs.map((d) => d.name), updated: [], removed: [], applicationId: discord.ids.applicationId });
    const puts = discord.api.find('PUT', /\/commands$/);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`/applications/${discord.ids.applicationId}/commands`);
    expect(puts[0]!.body).toEqual(defs);

    const second = await registerCommands(rest, commandDefinitions(bot.commands));
    expect(second).toMatchObject({ changed: false, unchanged: defs.map((d) => d.name) });
    expect(discord.api.find('PUT', /\/commands$/)).toHaveLength(1);
    expect(describeRegistration(second)).toMatch(/no changes/);
  });

  test('reports added, updated and removed commands, in one guild when asked', async () => {
    const { discord, rest } = await standIn();
    const { bot } = await createTestBot();
    const defs = commandDefinitions(bot.commands);
    const guild = discord.ids.guildId;
    await registerCommands(rest, defs, { guildId: guild });
    const stored = discord.api.registered.get(guild)!;
    discord.api.registered.set(guild, [...stored.filter((c) => c.name !== 'help').map((c) => (c.name === 'ask' ? { ...c, description: 'old text' } : c)), { ...stored[0], name: 'legacy' }]);

    const result = await registerCommands(rest, [...defs, ...commandDefinitions([watch])], { guildId: guild });
    expect(result).toMatchObject({ guildId: guild, added: ['help', 'watch'], updated: ['ask'], removed: ['legacy'] });
    expect(discord.api.find('PUT', new RegExp(`/guilds/${guild}/commands$`))).toHaveLength(2);
    expect(discord.api.find('PUT', /^\/applications\/\d+\/commands$/)).toHaveLength(0);
    const text = describeRegistration(result);
    expect(text).toMatch(/updated: ask/);
    expect(text).toMatch(/removed: legacy/);
  });

  test('commands registered before they required Manage Channels are updated once, then left alone', async () => {
    const { discord, rest } = await standIn();
    const { bot } = await createTestBot();
    const defs = commandDefinitions(bot.commands);
    // What an earlier version registered: the same commands, open to everyone.
    discord.api.registered.set('global', defs.map((d, i) => ({ ...d, id: String(i + 1), application_id: discord.ids.applicationId, version: '1', default_member_permissions: null })));

    const first = await registerCommands(rest, defs);
    expect(first).toMatchObject({ changed: true, added: [], removed: [], updated: ['subscribe', 'unsubscribe'] });
    const [put] = discord.api.find('PUT', /\/commands$/);
    expect(put!.body.filter((c: any) => c.default_member_permissions === '16').map((c: any) => c.name)).toEqual(['subscribe', 'unsubscribe']);

    const second = await registerCommands(rest, commandDefinitions(bot.commands));
    expect(second).toMatchObject({ changed: false, updated: [] });
    expect(discord.api.find('PUT', /\/commands$/)).toHaveLength(1);
  });

  test('permissions compare as sets of bits: absent is null, and Discord’s string equals the same number', () => {
    const [subscribe] = commandDefinitions([{ ...watch, name: 'subscribe', requires: 'manage-channel' } as CommandSpec<never>]);
    const [open] = commandDefinitions([watch]);
    const strip = ({ default_member_permissions: _, ...rest }: any) => rest;
    expect(planRegistration([subscribe!], [{ ...subscribe!, default_member_permissions: '16' }] as any).unchanged).toEqual(['subscribe']);
    expect(planRegistration([subscribe!], [{ ...subscribe!, default_member_permissions: 16 }] as any).unchanged).toEqual(['subscribe']);
    expect(planRegistration([subscribe!], [{ ...subscribe!, default_member_permissions: '0' }] as any).updated).toEqual(['subscribe']);
    expect(planRegistration([subscribe!], [strip(subscribe)]).updated).toEqual(['subscribe']);
    expect(planRegistration([open!], [strip(open)]).unchanged).toEqual(['watch']);
  });

  test('Discord’s own defaults and extra keys are not differences', () => {
    const defs = commandDefinitions([watch]);
    const remote = defs.map((d: any) => ({
      ...d,
      id: '1',
      application_id: '2',
      version: '3',
      default_member_permissions: null,
      dm_permission: true,
      contexts: null,
      integration_types: [0],
      options: d.options.map((o: any) => {
        const { required, ...rest } = o;
        return required ? o : rest;
      }),
    }));
    expect(planRegistration(defs, remote)).toEqual({ added: [], updated: [], removed: [], unchanged: ['watch'] });
  });
});

describe('npm run discord:register', () => {
  test('registers the spec-built list against DISCORD_API_URL and prints what changed', async () => {
    const { discord } = await standIn();
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: discord.apiUrl, DISCORD_GUILD_ID: discord.ids.guildId, LOG_LEVEL: 'error' };
    const { stdout, stderr } = await promisify(execFile)(path.join(PROJECT_ROOT, 'node_modules/.bin/tsx'), ['src/adapters/discord/register.ts'], { cwd: PROJECT_ROOT, env, timeout: 20_000 });
    expect(stdout).toMatch(new RegExp(`guild ${discord.ids.guildId}`));
    expect(stdout).toMatch(/added: ask, deadlines, agreement/);
    expect(stdout + stderr).not.toContain(FAKE_TOKEN);
    expect(discord.api.find('PUT', /\/commands$/)).toHaveLength(1);
    // What the script left registered is exactly what the bot's specs build: a second run would change nothing.
    const { bot } = await createTestBot();
    const plan = planRegistration(commandDefinitions(bot.commands), discord.api.registered.get(discord.ids.guildId) ?? []);
    expect(plan).toMatchObject({ added: [], updated: [], removed: [] });
  });
});
