import { z } from 'zod';
import { blankAsUndefined, optional, secret, url } from '../../config-fields.ts';
import type { Secret } from '../../core/secret.ts';
import { definePlatform } from '../platform.ts';

/**
 * OAuth, for an app installed in many workspaces: Bolt's install pages
 * (`/slack/install`, `/slack/oauth_redirect`) on the HTTP port, each
 * workspace's token kept in the data store as its installation.
 */
export interface SlackOAuthConfig {
  readonly clientId: string;
  readonly clientSecret: Secret;
  /** Signs the OAuth `state` parameter (and its cookie) that ties a redirect to the install page that started it. */
  readonly stateSecret: Secret;
}

/** Slack's section of the configuration: one workspace (`botToken`) or many (`oauth`), never both. */
export interface SlackConfig {
  /** One workspace: its bot token (SLACK_BOT_TOKEN). */
  readonly botToken?: Secret;
  /** Many workspaces (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET). */
  readonly oauth?: SlackOAuthConfig;
  readonly appToken?: Secret;
  readonly signingSecret?: Secret;
  readonly apiUrl?: string;
  readonly port: number;
  readonly admins: readonly string[];
}

const PORT_EXPECTS = 'expects a TCP port number from 1 to 65535 (default 3000)';
const OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
const OAUTH_NAMES = 'SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET';

/** Slack, as a plug-in: on when SLACK_BOT_TOKEN (one workspace) or the three OAuth variables (many) are set; Bolt loads only then. */
export const slackPlatform = definePlatform<SlackConfig>({
  id: 'slack',
  title: 'Slack',
  // Public (C) and private (G) channels, and direct messages (D).
  channels: { pattern: /^[CGD][A-Z0-9]{6,}$/, example: 'C012AB3CD' },
  keepsData: true,
  variables: {
    SLACK_BOT_TOKEN: secret(/^xoxb-/, 'a bot token starting with xoxb-'),
    SLACK_APP_TOKEN: secret(/^xapp-/, 'an app-level token starting with xapp- (Socket Mode)'),
    SLACK_SIGNING_SECRET: secret(/^[0-9a-f]{16,}$/i, "the app's signing secret (hexadecimal, from Basic Information)"),
    SLACK_API_URL: url('the Web API base URL, e.g. https://slack.com/api/ (GovSlack: https://slack-gov.com/api/)'),
    PORT: z.preprocess(blankAsUndefined, z.coerce.number({ error: PORT_EXPECTS }).int(PORT_EXPECTS).min(1, PORT_EXPECTS).max(65_535, PORT_EXPECTS).default(3000)),
    SLACK_CLIENT_ID: optional(z.string().trim().regex(/^\d+\.\d+$/, "expects the app's client ID (digits, a dot, digits; Basic Information → App Credentials)")),
    SLACK_CLIENT_SECRET: secret(/^[0-9a-f]{16,}$/i, "the app's client secret (hexadecimal, Basic Information → App Credentials)"),
    SLACK_STATE_SECRET: secret(/^\S{16,}$/, 'a random string of at least 16 characters without spaces, e.g. from `openssl rand -hex 32`'),
    POLICYBOT_SLACK_ADMINS: optional(z.string().trim().regex(/^[UW][A-Z0-9]+(\s*,\s*[UW][A-Z0-9]+)*$/, 'expects Slack user ids separated by commas, e.g. U012AB3CD,U045EF6GH')),
  },
  section(env, problem) {
    const botToken = env.SLACK_BOT_TOKEN as Secret | undefined;
    const appToken = env.SLACK_APP_TOKEN as Secret | undefined;
    const signingSecret = env.SLACK_SIGNING_SECRET as Secret | undefined;
    const oauthSet = OAUTH_VARIABLES.filter((v) => env[v] !== undefined);
    const oauth = oauthSet.length === OAUTH_VARIABLES.length;
    if (oauthSet.length > 0 && !oauth) {
      for (const missing of OAUTH_VARIABLES.filter((v) => env[v] === undefined)) {
        problem(missing, `is required with ${oauthSet.join(' and ')}: Slack in many workspaces (OAuth) needs all of ${OAUTH_NAMES} (client ID and secret from Basic Information → App Credentials; the state secret is any random string of 16 characters or more). Unset ${oauthSet.join(' and ')} to run in one workspace with SLACK_BOT_TOKEN`);
      }
    }
    if (oauth) {
      if (botToken) problem('SLACK_BOT_TOKEN', `must not be set with ${OAUTH_NAMES}: in many workspaces each workspace's token comes from its installation. Unset SLACK_BOT_TOKEN, or unset the OAuth variables to run in its one workspace`);
      if (appToken) problem('SLACK_APP_TOKEN', `is not supported with ${OAUTH_NAMES}: installing in many workspaces runs in HTTP mode. Unset SLACK_APP_TOKEN and set SLACK_SIGNING_SECRET`);
      else if (!signingSecret) problem('SLACK_SIGNING_SECRET', `is required with ${OAUTH_NAMES}: the app runs in HTTP mode, and the signing secret verifies requests from Slack (Basic Information → App Credentials)`);
    } else if (oauthSet.length === 0) {
      if (botToken && !appToken && !signingSecret) {
        problem('SLACK_SIGNING_SECRET', 'is required in HTTP mode (SLACK_BOT_TOKEN set without SLACK_APP_TOKEN): the signing secret verifies requests from Slack');
      }
      if ((appToken || signingSecret) && !botToken) problem('SLACK_BOT_TOKEN', `is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set (the xoxb- token from OAuth & Permissions), unless ${OAUTH_NAMES} install the app in many workspaces`);
    }
    if (!botToken && !oauth) return undefined;
    const admins = env.POLICYBOT_SLACK_ADMINS as string | undefined;
    return {
      ...(oauth
        ? { oauth: { clientId: env.SLACK_CLIENT_ID as string, clientSecret: env.SLACK_CLIENT_SECRET as Secret, stateSecret: env.SLACK_STATE_SECRET as Secret } }
        : { botToken: botToken! }),
      ...(appToken ? { appToken } : {}),
      ...(signingSecret ? { signingSecret } : {}),
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL as string } : {}),
      port: env.PORT as number,
      admins: admins ? admins.split(',').map((s) => s.trim()) : [],
    };
  },
  async create(section, { bot, log, store, seenKeys }) {
    return (await import('./slack-adapter.ts')).createSlackAdapter(bot, section, log, { ...(store ? { store } : {}), ...(seenKeys ? { seenKeys } : {}) });
  },
  async render(reply) {
    return (await import('./blocks.ts')).renderReply(reply);
  },
});
