import { z } from 'zod';
import { blankAsUndefined, optional, secret, url } from '../../config-fields.ts';
import type { Secret } from '../../core/secret.ts';
import { definePlatform } from '../platform.ts';

/** Slack's section of the configuration. */
export interface SlackConfig {
  readonly botToken: Secret;
  readonly appToken?: Secret;
  readonly signingSecret?: Secret;
  readonly apiUrl?: string;
  readonly port: number;
  readonly admins: readonly string[];
}

const PORT_EXPECTS = 'expects a TCP port number from 1 to 65535 (default 3000)';

/** Slack, as a plug-in: on when SLACK_BOT_TOKEN is set; Bolt loads only then. */
export const slackPlatform = definePlatform<SlackConfig>({
  id: 'slack',
  title: 'Slack',
  keepsData: true,
  variables: {
    SLACK_BOT_TOKEN: secret(/^xoxb-/, 'a bot token starting with xoxb-'),
    SLACK_APP_TOKEN: secret(/^xapp-/, 'an app-level token starting with xapp- (Socket Mode)'),
    SLACK_SIGNING_SECRET: secret(/^[0-9a-f]{16,}$/i, "the app's signing secret (hexadecimal, from Basic Information)"),
    SLACK_API_URL: url('the Web API base URL, e.g. https://slack.com/api/ (GovSlack: https://slack-gov.com/api/)'),
    PORT: z.preprocess(blankAsUndefined, z.coerce.number({ error: PORT_EXPECTS }).int(PORT_EXPECTS).min(1, PORT_EXPECTS).max(65_535, PORT_EXPECTS).default(3000)),
    POLICYBOT_SLACK_ADMINS: optional(z.string().trim().regex(/^[UW][A-Z0-9]+(\s*,\s*[UW][A-Z0-9]+)*$/, 'expects Slack user ids separated by commas, e.g. U012AB3CD,U045EF6GH')),
  },
  section(env, problem) {
    const botToken = env.SLACK_BOT_TOKEN as Secret | undefined;
    const appToken = env.SLACK_APP_TOKEN as Secret | undefined;
    const signingSecret = env.SLACK_SIGNING_SECRET as Secret | undefined;
    if (botToken && !appToken && !signingSecret) {
      problem('SLACK_SIGNING_SECRET', 'is required in HTTP mode (SLACK_BOT_TOKEN set without SLACK_APP_TOKEN): the signing secret verifies requests from Slack');
    }
    if ((appToken || signingSecret) && !botToken) problem('SLACK_BOT_TOKEN', 'is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set (the xoxb- token from OAuth & Permissions)');
    if (!botToken) return undefined;
    const admins = env.POLICYBOT_SLACK_ADMINS as string | undefined;
    return {
      botToken,
      ...(appToken ? { appToken } : {}),
      ...(signingSecret ? { signingSecret } : {}),
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL as string } : {}),
      port: env.PORT as number,
      admins: admins ? admins.split(',').map((s) => s.trim()) : [],
    };
  },
  async create(section, { bot, log, seenKeys }) {
    return (await import('./slack-adapter.ts')).createSlackAdapter(bot, section, log, seenKeys ? { seenKeys } : {});
  },
  async render(reply) {
    return (await import('./blocks.ts')).renderReply(reply);
  },
});
