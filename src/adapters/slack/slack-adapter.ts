import { App, SocketModeReceiver } from '@slack/bolt';
import type { SlackConfig } from './platform.ts';
import type { Adapter, PostOutcome } from '../../core/adapter.ts';
import type { Bot } from '../../bot.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { describeError, OperatorError } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import type { Reply } from '../../core/reply.ts';
import { renderReply } from './blocks.ts';
import { boltLevel, boltLogger } from './bolt-logger.ts';
import { DEDUPE_TTL_MS, RecentKeys } from './dedupe.ts';
import type { SeenKeys } from '../../core/seen-keys.ts';
import { registerFeedbackListeners } from './feedback.ts';
import { registerHomeListeners } from './home-listeners.ts';
import { registerListeners } from './listeners.ts';
import { postMessage } from './post.ts';
import { VerifyingReceiver } from './receiver.ts';
import { ShareStore } from './share.ts';
import { connectingClientOptions, DEFAULT_API_TIMEOUT_MS, platformError, postingClientOptions, withRateLimitRetry } from './web-api.ts';

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
  post(channelId: string, reply: Reply): Promise<PostOutcome>;
}

/**
 * Slack for the Bot: Socket Mode when an app-level token (`xapp-`) is set,
 * otherwise HTTP on `config.port` at `/slack/events`, verifying Slack's
 * signature. `config.apiUrl` moves the Web API (GovSlack, a test stand-in).
 * Nothing touches the network until `start()`.
 */
export function createSlackAdapter(bot: Bot, config: SlackConfig, log: Logger, options: SlackAdapterOptions = {}): SlackAdapter {
  const clock = options.clock ?? systemClock;
  const settings = { ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}), timeoutMs: options.apiTimeoutMs ?? DEFAULT_API_TIMEOUT_MS };
  const mode = config.appToken ? 'socket' : 'http';

  let socketReceiver: SocketModeReceiver | undefined;
  let httpReceiver: VerifyingReceiver | undefined;
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
    });
  }

  const app = new App({
    token: config.botToken.reveal(),
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
  });
  registerFeedbackListeners(app, { bot, log, admins: config.admins });
  registerHomeListeners(app, { bot, log });
  app.error(async (error) => {
    log.error('slack: Bolt reported an error', { error: error instanceof Error ? error : describeError(error) });
  });

  return {
    name: 'slack',
    mode,
    app,
    get port() {
      return httpReceiver?.port;
    },
    async start() {
      try {
        await withRateLimitRetry(() => app.init(), { log, method: 'auth.test' });
      } catch (error) {
        throw refused(error, 'SLACK_BOT_TOKEN', 'the Bot User OAuth Token (xoxb-…) from OAuth & Permissions');
      }
      try {
        await app.start();
      } catch (error) {
        throw socketReceiver ? refused(error, 'SLACK_APP_TOKEN', 'an app-level token (xapp-…) with the connections:write scope') : error;
      }
      log.info('slack: started', { mode, ...(httpReceiver ? { port: httpReceiver.port } : {}), ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}) });
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
    post: (channelId, reply) => postMessage(app.client, { channel: channelId }, renderReply(reply), log),
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
