import { pathToFileURL } from 'node:url';
import type { webApi } from '@slack/bolt';
import { builtinCommands } from '../../commands/index.ts';
import type { CommandSpec } from '../../commands/spec.ts';

/**
 * The Slack app manifest (`slack/manifest.json`), built from the command
 * specs so its usage hint never drifts from what `/policy` accepts.
 * A test compares the committed file with this; to regenerate it:
 *
 *     npx tsx src/adapters/slack/manifest.ts > slack/manifest.json
 */

export const SLASH_COMMAND = '/policy';

/** What the adapter needs and nothing more: read mentions and DMs, answer, share files, and take a slash command. */
export const BOT_SCOPES = [
  'app_mentions:read',
  'chat:write',
  // Lets "Share in channel" post into a public channel the bot has not been invited to.
  'chat:write.public',
  'commands',
  // The .ics calendar of `deadlines`, shared beside the answer (files.uploadV2).
  'files:write',
  'im:history',
] as const;

/**
 * `app_home_opened`: the Home tab is published for whoever opens it.
 * `app_uninstalled`, `tokens_revoked`: in many workspaces (OAuth), the
 * workspace's installation and tokens are deleted (they need no scope).
 */
export const BOT_EVENTS = ['app_home_opened', 'app_mention', 'app_uninstalled', 'message.im', 'tokens_revoked'] as const;

export function usageHint(commands: readonly CommandSpec<never>[]): string {
  const rest = commands
    .filter((c) => c.name !== 'ask')
    .map((c) => {
      // Typed after the name: the first option, or each text option of a command that reads its own line (`readText`).
      const typed = c.readText ? c.options.filter((o) => o.type !== 'boolean') : c.options.slice(0, 1);
      return [c.name, ...typed.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`))].join(' ');
    });
  return ['<question>', ...rest].join(' | ');
}

/** Slack's manifest schema, as the Web API client types it (checked by `tsc`). */
export type SlackManifest = webApi.AppsManifestCreateArguments['manifest'];

export function slackManifest(commands: readonly CommandSpec<never>[]): SlackManifest {
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'policybot',
      description: 'Answers questions about trade-policy agreements, quoting and citing its sources.',
      background_color: '#1d3557',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'policybot', always_online: true },
      slash_commands: [
        {
          command: SLASH_COMMAND,
          description: 'Ask about the agreements, or run a command (help lists them)',
          usage_hint: usageHint(commands),
          should_escape: false,
        },
      ],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true },
      org_deploy_enabled: false,
      socket_mode_enabled: true,
      token_rotation_enabled: false,
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(slackManifest(builtinCommands()), null, 2)}\n`);
}
