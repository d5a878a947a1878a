import { App, SocketModeReceiver } from '@slack/bolt';
import type { SlackConfig } from './platform.ts';
import type { Adapter, PostOutcome } from '../../core/adapter.ts';
import type { Bot } from '../../bot.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { describeError, OperatorError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import type { Reply } from '../../core/reply.ts';
import type { Store } from '../../store/store.ts';
import { renderReply } from './blocks.ts';
import { boltLevel, boltLogger } from './bolt-logger.ts';
import { DEDUPE_TTL_MS, RecentKeys } from './dedupe.ts';
import type { SeenKeys } from '../../core/seen-keys.ts';
import { registerFeedbackListeners } from './feedback.ts';
import { registerHomeListeners } from './home-listeners.ts';
import { registerActionListeners } from './actions.ts';
import { registerUninstallListeners, storeInstallations } from './installations.ts';
import { registerListeners } from './listeners.ts';
import { BOT_SCOPES } from './manifest.ts';
import { postMessage } from './post.ts';
import { INSTALL_PATH, VerifyingReceiver } from './receiver.ts';
import { ShareStore } from './share.ts';
import { connectingClientOptions, DEFAULT_API_TIMEOUT_MS, platformError, postingClientOptions, withRateLimitRetry } from './web-api.ts';
import { channelPrefix, manyWorkspaces, oneWorkspace, type Workspaces } from './workspaces.ts';

export type { SlackConfig };

export interface SlackAdapterOptions {
  /**
   * The wall clock for signature windows and the memory of recent events.
   * Deliberately not the bot's clock: `POLICYBOT_NOW` stops that one, while
   * Slack's timestamps are real time.
   */
  readonly clock?: Clock;
  /** HTTP mode: the interface to listen on (all of them by default). */
  readonly host?: string;
  /** Deadline for each Web API call and `response_url` post. */
  readonly apiTimeoutMs?: number;
  /** The data store: in many workspaces (OAuth), it keeps the installations. */
  readonly store?: Store;
  /** Deliveries already answered, shared by the instances on one database; in this process's memory when absent. */
  readonly seenKeys?: SeenKeys;
}

export interface SlackAdapter extends Adapter {
  readonly name: 'slack';
  readonly mode: 'socket' | 'http';
  /** The Bolt app underneath, for tests and diagnostics. */
  readonly app: App;
  /** HTTP mode, once started: the port listened on (useful when configured with 0). */
  readonly port: number | undefined;
  /** Installed in many workspaces (OAuth), or running in one with SLACK_BOT_TOKEN. */
  readonly workspaces: 'one' | 'many';
  post(channelId: string, reply: Reply): Promise<PostOutcome>;
}

/**
 * Slack for the Bot: Socket Mode when an app-level token (`xapp-`) is set,
 * otherwise HTTP on `config.port` at `/slack/events`, verifying Slack's
 * signature. `config.apiUrl` moves the Web API (GovSlack, a test stand-in).
 * With `config.oauth` the app is installed in many workspaces: Bolt's install
 * pages on the same port, each workspace's token from its installation in the
 * data store (`installations.ts`), its channels told apart (`workspaces.ts`).
 * Nothing touches the network until `start()`.
 */
export function createSlackAdapter(bot: Bot, config: SlackConfig, log: Logger, options: SlackAdapterOptions = {}): SlackAdapter {
  const clock = options.clock ?? systemClock;
  const settings = { ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}), timeoutMs: options.apiTimeoutMs ?? DEFAULT_API_TIMEOUT_MS };
  const mode = config.appToken ? 'socket' : 'http';

  let socketReceiver: SocketModeReceiver | undefined;
  let httpReceiver: VerifyingReceiver | undefined;
  const store = options.store;
  if (config.oauth && (config.appToken || !store)) {
    throw new Error(config.appToken ? 'slack: OAuth (many workspaces) runs in HTTP mode, not with SLACK_APP_TOKEN' : 'slack: OAuth (many workspaces) needs the data store to keep installations');
  }
  if (config.appToken) {
    socketReceiver = new SocketModeReceiver({
      appToken: config.appToken.reveal(),
      logger: boltLogger(log, 'socket-mode'),
      // Bolt hands these to the Socket Mode client's WebClient, which opens the connection (apps.connections.open).
      installerOptions: { clientOptions: connectingClientOptions(settings) },
    });
  } else {
    if (!config.signingSecret) throw new Error('slack: HTTP mode (no SLACK_APP_TOKEN) needs SLACK_SIGNING_SECRET to verify requests');
    httpReceiver = new VerifyingReceiver({
      signingSecret: config.signingSecret.reveal(),
      port: config.port,
      ...(options.host ? { host: options.host } : {}),
      clock,
      log,
      boltLogger: boltLogger(log, 'http-receiver'),
      ...(config.oauth && store
        ? {
            oauth: {
              clientId: config.oauth.clientId,
              clientSecret: config.oauth.clientSecret.reveal(),
              stateSecret: config.oauth.stateSecret.reveal(),
              scopes: BOT_SCOPES,
              installationStore: storeInstallations(store, log, clock),
              // oauth.v2.access spends its code: never retried behind the person waiting in their browser.
              clientOptions: postingClientOptions(settings),
              ...(config.apiUrl ? { authorizationUrl: new URL('/oauth/v2/authorize', config.apiUrl).toString() } : {}),
            },
          }
        : {}),
    });
  }

  const app = new App({
    // Many workspaces: no token here; Bolt takes each request's from its installation (the receiver's installer).
    ...(config.botToken ? { token: config.botToken.reveal() } : {}),
    receiver: socketReceiver ?? httpReceiver,
    ...(socketReceiver ? { socketMode: true } : {}),
    logger: boltLogger(log),
    logLevel: boltLevel(log),
    clientOptions: postingClientOptions(settings),
    // No network in a constructor: auth.test (which also tells us our own user id) runs in start().
    deferInitialization: true,
    // Conversation state is not used; no need to keep it.
    convoStore: false,
  });
  const workspaces: Workspaces = config.oauth && store ? manyWorkspaces(store, postingClientOptions(settings)) : oneWorkspace(app.client);

  const now = () => clock.now().getTime();
  const memory = new RecentKeys({ now, ttlMs: DEDUPE_TTL_MS });
  const shared = options.seenKeys;
  // A shared memory that does not answer falls back to this process's: a retry to this instance is still caught.
  const recent = shared
    ? {
        seen: (key: string) =>
          shared.seen(`slack:${key}`, DEDUPE_TTL_MS).catch((error: unknown) => {
            log.warn('slack: the shared record of deliveries did not answer; this instance remembers on its own', { error: describeError(error) });
            return memory.seen(key);
          }),
      }
    : { seen: async (key: string) => memory.seen(key) };
  registerListeners(app, {
    bot,
    log,
    admins: config.admins,
    recent,
    shares: new ShareStore({ now }),
    workspaces,
  });
  registerFeedbackListeners(app, { bot, log, admins: config.admins });
  registerHomeListeners(app, { bot, log, workspaces });
  registerActionListeners(app, { bot, log, admins: config.admins, workspaces });
  if (workspaces.many && store) registerUninstallListeners(app, { store, log, channelPrefix });
  app.error(async (error) => {
    log.error('slack: Bolt reported an error', { error: error instanceof Error ? error : describeError(error) });
  });

  return {
    name: 'slack',
    mode,
    app,
    workspaces: workspaces.many ? 'many' : 'one',
    get port() {
      return httpReceiver?.port;
    },
    async start() {
      try {
        // One workspace: auth.test checks the token. Many: nothing to check until a workspace installs the app.
        await withRateLimitRetry(() => app.init(), { log, method: 'auth.test' });
      } catch (error) {
        throw refused(error, 'SLACK_BOT_TOKEN', 'the Bot User OAuth Token (xoxb-…) from OAuth & Permissions');
      }
      try {
        await app.start();
      } catch (error) {
        throw socketReceiver ? refused(error, 'SLACK_APP_TOKEN', 'an app-level token (xapp-…) with the connections:write scope') : error;
      }
      log.info('slack: started', {
        mode,
        workspaces: workspaces.many ? 'many' : 'one',
        ...(httpReceiver ? { port: httpReceiver.port } : {}),
        ...(workspaces.many ? { installPath: INSTALL_PATH } : {}),
        ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
      });
    },
    // Safe to call whether or not start() finished: a connection still being retried is abandoned too.
    async stop() {
      if (socketReceiver) {
        // Bolt's stop() does not wait for the socket to close; the client's disconnect() does.
        await within(socketReceiver.client.disconnect(), 5000);
      } else {
        await app.stop();
      }
    },
    async post(channelId, reply) {
      const target = await workspaces.clientFor(channelId);
      if ('missing' in target) {
        log.warn('slack: cannot post to this channel', { channel: channelId, reason: target.missing });
        return { ok: false, reason: target.missing, permanent: true };
      }
      return postMessage(target.client, { channel: target.channel }, renderReply(reply), log);
    },
  };
}

/** Tokens Slack refuses outright. */
const REFUSED = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'not_allowed_token_type']);

/** A start-up failure that names the variable to fix when Slack refused a token (never the token itself). */
function refused(error: unknown, variable: string, expects: string): Error {
  const code = platformError(error);
  if (!code || !REFUSED.has(code)) return error instanceof Error ? error : new Error(describeError(error));
  return new OperatorError(`slack: Slack refused ${variable} (${code}); it expects ${expects}.`, { cause: error });
}

/** Waits for `promise`, but no longer than `ms` (a peer that never completes a close handshake must not hang shutdown). */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
