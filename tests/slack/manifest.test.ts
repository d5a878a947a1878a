import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { slackManifest } from '../../src/adapters/slack/manifest.ts';
import { builtinCommands } from '../../src/commands/index.ts';
import { PROJECT_ROOT } from '../support/core.ts';

describe('slack/manifest.json', () => {
  const committed = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'slack/manifest.json'), 'utf8')) as Record<string, any>;

  it('is what the command specs produce (regenerate: npx tsx src/adapters/slack/manifest.ts > slack/manifest.json)', () => {
    expect(committed).toEqual(slackManifest(builtinCommands()));
  });

  it('declares /policy, the events, scopes, interactivity and Socket Mode the adapter relies on', () => {
    const [command] = committed.features.slash_commands;
    expect(command.command).toBe('/policy');
    for (const c of builtinCommands().filter((c) => c.name !== 'ask')) expect(command.usage_hint).toContain(c.name);
    expect(committed.settings.event_subscriptions.bot_events).toEqual(['app_home_opened', 'app_mention', 'app_uninstalled', 'message.im', 'tokens_revoked']);
    expect(committed.features.app_home.home_tab_enabled).toBe(true);
    expect(committed.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'app_mentions:read', 'im:history', 'files:write']));
    expect(committed.settings.interactivity.is_enabled).toBe(true);
    expect(committed.settings.socket_mode_enabled).toBe(true);
    expect(committed.features.app_home.messages_tab_enabled).toBe(true);
  });
});
