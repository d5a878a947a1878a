import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { HTTPModuleFunctions, HTTPReceiver, type App, type BufferedIncomingMessage, type InstallationStore, type Logger as BoltLogger, type Receiver, type webApi } from '@slack/bolt';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/log.ts';
import { verifySlackSignature } from './signature.ts';
import { OperatorError } from '../../core/errors.ts';
import { errnoCode } from '../../core/files.ts';

export interface VerifyingReceiverOptions {
  readonly signingSecret: string;
  readonly port: number;
  /** Interface to listen on; all of them when absent. */
  readonly host?: string;
  /** Where Slack posts events, commands and interactions. */
  readonly path?: string;
  /** The wall clock for the signature window. */
  readonly clock: Clock;
  readonly log: Logger;
  readonly boltLogger: BoltLogger;
  /** Many workspaces: Bolt's install pages on this server, and installations kept by `installationStore`. */
  readonly oauth?: ReceiverOAuthOptions;
}

export interface ReceiverOAuthOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
  /** The bot scopes an install asks for. */
  readonly scopes: readonly string[];
  readonly installationStore: InstallationStore;
  /** For the installer's own Web API calls (`oauth.v2.access`, `auth.test`): the host, and a timeout. */
  readonly clientOptions: webApi.WebClientOptions;
  /** Where the install page sends people to approve (default Slack's; GovSlack has its own). */
  readonly authorizationUrl?: string;
}

/** Bolt's paths for the OAuth flow: the page with the "Add to Slack" button, and where Slack sends the browser back. */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/**
 * HTTP mode: a Bolt `Receiver` (init, start, stop) that refuses any request
 * not signed by Slack within five minutes either side of now (401, before
 * any handler sees it), then hands the request to Bolt's own `HTTPReceiver`
 * for parsing, retry headers and acknowledgement. The check is ours rather
 * than Bolt's because Bolt accepts timestamps from the future and cannot be
 * given a clock; Bolt's own is turned off, since every request this receiver
 * hands it for dispatch has passed ours (checking again cost a second HMAC,
 * body decoding and form parsing per request on the acknowledging thread).
 */
export class VerifyingReceiver implements Receiver {
  readonly #options: VerifyingReceiverOptions;
  readonly #path: string;
  readonly #bolt: HTTPReceiver;
  #server: Server | undefined;

  constructor(options: VerifyingReceiverOptions) {
    this.#options = options;
    this.#path = options.path ?? '/slack/events';
    const oauth = options.oauth;
    this.#bolt = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: this.#path,
      // Verified in #handle before Bolt sees the request (the installer's GET pages are not signed by Slack, and Bolt never dispatches them).
      signatureVerification: false,
      logger: options.boltLogger,
      ...(oauth
        ? {
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
            stateSecret: oauth.stateSecret,
            scopes: [...oauth.scopes],
            installationStore: oauth.installationStore,
            installerOptions: {
              installPath: INSTALL_PATH,
              redirectUriPath: REDIRECT_PATH,
              clientOptions: oauth.clientOptions,
              ...(oauth.authorizationUrl ? { authorizationUrl: oauth.authorizationUrl } : {}),
            },
          }
        : {}),
    });
  }

  /**
   * Bolt's OAuth installer, in many workspaces: the App takes its `authorize`
   * from here (each request's token from its workspace's installation).
   */
  get installer(): HTTPReceiver['installer'] {
    return this.#bolt.installer;
  }

  init(app: App): void {
    this.#bolt.init(app);
  }

  /** The port listened on once started (useful when asked for port 0). */
  get port(): number | undefined {
    const address = this.#server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : undefined;
  }

  async start(): Promise<Server> {
    if (this.#server) throw new Error('slack: the HTTP receiver is already started');
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        this.#options.log.error('slack: an HTTP request failed before reaching Bolt', { error: error instanceof Error ? error : String(error) });
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(listenFailure(error, this.#options.port)));
      server.listen({ port: this.#options.port, ...(this.#options.host ? { host: this.#options.host } : {}) }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
    return server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Slack (and tests) keep connections alive; every request was acknowledged at once, so none is cut short.
      server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (this.#bolt.installer && req.method === 'GET' && (pathname === INSTALL_PATH || pathname === REDIRECT_PATH)) {
      // A person's browser, not Slack: nothing to verify by signature. The installer ties the redirect to the
      // install page that began it (the state parameter, signed with SLACK_STATE_SECRET, and its cookie).
      this.#bolt.requestListener(req, res);
      return;
    }
    if (pathname !== this.#path || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
    } catch (error) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && (error.type === 'entity.too.large' || error.statusCode === 413);
      res.writeHead(tooLarge ? 413 : 400).end();
      return;
    }
    if (isSslCheck(buffered)) {
      // Slack's certificate probe for slash commands: answered, never dispatched.
      res.writeHead(200).end();
      return;
    }
    const verdict = verifySlackSignature({
      signingSecret: this.#options.signingSecret,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      body: buffered.rawBody,
      now: this.#options.clock.now(),
    });
    if (!verdict.ok) {
      this.#options.log.warn('slack: refused an unverified request', { reason: verdict.reason, remote: req.socket.remoteAddress });
      res.writeHead(401).end();
      return;
    }
    // Bolt finds the body already read (rawBody) and does not read the stream again.
    this.#bolt.requestListener(buffered, res);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function isSslCheck(req: BufferedIncomingMessage): boolean {
  if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return false;
  return parseQuery(req.rawBody.toString()).ssl_check === '1';
}

/** The port cannot be listened on: said as the operator's PORT setting, not as a socket error with a stack. */
function listenFailure(error: Error, port: number): Error {
  switch (errnoCode(error)) {
    case 'EADDRINUSE':
      return new OperatorError(`PORT ${port} is already in use by another program: stop that program, or set PORT to a free port.`, { cause: error });
    case 'EACCES':
      return new OperatorError(`PORT ${port} needs privileges this user does not have (ports below 1024 usually do): set PORT to 1024 or above.`, { cause: error });
    case 'EADDRNOTAVAIL':
      return new OperatorError(`PORT ${port} cannot be listened on: the address is not available on this machine.`, { cause: error });
    default:
      return error;
  }
}
