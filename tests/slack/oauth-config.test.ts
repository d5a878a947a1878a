import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { slackPlatform } from '../../src/adapters/slack/platform.ts';
import { ConfigError, loadConfig, sectionOf } from '../../src/config.ts';
import { memoryLogger } from '../support/core.ts';

/**
 * The OAuth variables (Slack in many workspaces), checked once at start with
 * the rest of the environment: all three or none, not beside a single
 * workspace's token, in HTTP mode; every mistake names its variable, and the
 * secrets never print.
 */

const CLIENT_ID = '1111111111.2222222222';
const CLIENT_SECRET = '0123456789abcdef0123456789abcdef';
const STATE_SECRET = 'state-secret-for-the-tests-0123456789';
const SIGNING_SECRET = '8f742231b10e8888abcd99eeeeee85a5';
const OAUTH = { SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_STATE_SECRET: STATE_SECRET, SLACK_SIGNING_SECRET: SIGNING_SECRET };

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('Slack OAuth configuration', () => {
  it('with all three variables and the signing secret, Slack runs in many workspaces, without a bot token', () => {
    const slack = sectionOf(loadConfig(OAUTH), slackPlatform);
    expect(slack?.botToken).toBeUndefined();
    expect(slack?.oauth?.clientId).toBe(CLIENT_ID);
    expect(slack?.oauth?.clientSecret.reveal()).toBe(CLIENT_SECRET);
    expect(slack?.oauth?.stateSecret.reveal()).toBe(STATE_SECRET);
  });

  it('half-set: each missing variable is named, with what the others need it for', () => {
    expect(problems({ SLACK_CLIENT_ID: CLIENT_ID, SLACK_SIGNING_SECRET: SIGNING_SECRET })).toEqual([
      { variable: 'SLACK_CLIENT_SECRET', message: expect.stringMatching(/^is required with SLACK_CLIENT_ID: Slack in many workspaces \(OAuth\) needs all of/) },
      { variable: 'SLACK_STATE_SECRET', message: expect.stringMatching(/^is required with SLACK_CLIENT_ID:/) },
    ]);
    expect(problems({ SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_SIGNING_SECRET: SIGNING_SECRET })).toEqual([
      { variable: 'SLACK_STATE_SECRET', message: expect.stringMatching(/^is required with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET:.*16 characters/) },
    ]);
    // A half-set OAuth next to a bot token is still a mistake to name, not a quiet fall-back to one workspace.
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-one', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_STATE_SECRET: STATE_SECRET }).map((p) => p.variable)).toEqual(['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET']);
  });

  it('refuses a bot token or an app token beside OAuth, and OAuth without the signing secret', () => {
    expect(problems({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-one' })).toEqual([{ variable: 'SLACK_BOT_TOKEN', message: expect.stringMatching(/^must not be set with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET/) }]);
    expect(problems({ ...OAUTH, SLACK_APP_TOKEN: 'xapp-1-A0-1' })).toEqual([{ variable: 'SLACK_APP_TOKEN', message: expect.stringMatching(/HTTP mode/) }]);
    const { SLACK_SIGNING_SECRET: _, ...withoutSigning } = OAUTH;
    expect(problems(withoutSigning)).toEqual([{ variable: 'SLACK_SIGNING_SECRET', message: expect.stringMatching(/^is required with SLACK_CLIENT_ID/) }]);
  });

  it('names malformed values', () => {
    const found = problems({ ...OAUTH, SLACK_CLIENT_ID: 'abc', SLACK_CLIENT_SECRET: 'not hex!', SLACK_STATE_SECRET: 'short' });
    expect(found.map((p) => p.variable).sort()).toEqual(['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET']);
    // What was given is not repeated back: a secret mistyped is still a secret.
    expect(JSON.stringify(found)).not.toContain('not hex!');
  });

  it('keeps the client and state secrets out of logs, JSON and inspection', () => {
    const c = loadConfig(OAUTH);
    const log = memoryLogger();
    log.info('config', { config: c });
    const shown = [JSON.stringify(c), inspect(c, { depth: 6 }), ...log.lines].join('\n');
    for (const secret of [CLIENT_SECRET, STATE_SECRET, SIGNING_SECRET]) expect(shown).not.toContain(secret);
  });
});
