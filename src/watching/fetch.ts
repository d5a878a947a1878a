import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

/**
 * Fetching what a feed or an inbox item points at, on the assumption that
 * anything on the other end may be hostile: a deadline for the whole fetch
 * (redirects included), a size cap read as the body streams in, a bounded
 * number of redirects with loops named as such, only http(s), a check of the
 * content type, and no connection to a loopback, private, link-local or
 * otherwise reserved address unless the operator allows it. The address
 * check is request-filtering-agent's: it runs on the address a name resolves
 * to, at connection time, for every hop, so a redirect or a DNS answer
 * pointing inside the network is refused like a typed one.
 */

export interface FetchPolicy {
  /** For the whole fetch, redirects included. */
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  /** true: any private address may be fetched; a list: only those addresses (or CIDR ranges). */
  readonly allowPrivate: boolean | readonly string[];
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, allowPrivate: false };

export interface Fetched {
  /** Where the body finally came from, after redirects. */
  readonly url: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** A fetch that did not give a usable body, and why, in words for a log line or a curator. */
export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    readonly url: string,
    readonly reason: string,
    /** Trying again later may help (a timeout, a 503), as opposed to a refused address or a wrong type. */
    readonly passing: boolean,
  ) {
    super(`${url}: ${reason}`);
  }
}

/** Says why a content type is not wanted (undefined: it is). */
export type ContentCheck = (contentType: string, body: Buffer) => string | undefined;

const USER_AGENT = 'policybot/0.1 (feed watcher)';

export interface Fetcher {
  /** `timeoutMs` shortens the policy's deadline for this fetch (a run that must end by a given time). */
  fetch(url: string, check: ContentCheck, options?: { timeoutMs?: number }): Promise<Fetched>;
}

export function createFetcher(policy: FetchPolicy = DEFAULT_FETCH_POLICY): Fetcher {
  const filter = {
    allowPrivateIPAddress: policy.allowPrivate === true,
    allowIPAddressList: Array.isArray(policy.allowPrivate) ? [...policy.allowPrivate] : [],
  };
  const agents = { http: new RequestFilteringHttpAgent({ ...filter, keepAlive: false }), https: new RequestFilteringHttpsAgent({ ...filter, keepAlive: false }) };
  return {
    async fetch(url, check, options = {}) {
      const timeoutMs = Math.min(policy.timeoutMs, options.timeoutMs ?? Infinity);
      const deadline = Date.now() + timeoutMs;
      const seen = new Set<string>();
      let current = url;
      for (let hop = 0; ; hop++) {
        seen.add(current);
        const response = await request(current, agents, { ...policy, timeoutMs }, deadline, url);
        if (response.kind === 'redirect') {
          let next: string;
          try {
            next = new URL(response.location, current).href;
          } catch {
            throw new FetchError(url, `redirected to an address that is not a URL ("${response.location.slice(0, 100)}")`, false);
          }
          if (!/^https?:$/.test(new URL(next).protocol)) throw new FetchError(url, `redirected to ${new URL(next).protocol} (only http and https are fetched)`, false);
          if (seen.has(next)) throw new FetchError(url, `redirect loop (back to ${next})`, false);
          if (hop + 1 > policy.maxRedirects) throw new FetchError(url, `more than ${policy.maxRedirects} redirects`, false);
          current = next;
          continue;
        }
        const refused = check(response.contentType, response.body);
        if (refused) throw new FetchError(url, refused, false);
        return { url: current, contentType: response.contentType, body: response.body };
      }
    },
  };
}

type Response = { kind: 'redirect'; location: string } | { kind: 'body'; contentType: string; body: Buffer };

function request(target: string, agents: { http: http.Agent; https: https.Agent }, policy: FetchPolicy, deadline: number, asked: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(target);
    } catch {
      reject(new FetchError(asked, 'is not a URL', false));
      return;
    }
    if (!/^https?:$/.test(parsed.protocol)) {
      reject(new FetchError(asked, `${parsed.protocol} is not fetched (only http and https)`, false));
      return;
    }
    const secure = parsed.protocol === 'https:';
    const left = deadline - Date.now();
    if (left <= 0) {
      reject(new FetchError(asked, `no answer within ${seconds(policy.timeoutMs)}`, true));
      return;
    }
    let settled = false;
    const fail = (error: FetchError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const lib = secure ? https : http;
    const req = lib.request(parsed, { method: 'GET', agent: secure ? agents.https : agents.http, headers: { 'user-agent': USER_AGENT, accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml, application/json, text/html;q=0.8, */*;q=0.5', 'accept-encoding': 'identity' } }, (res) => {
      const status = res.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status)) {
        const location = res.headers.location;
        res.resume();
        if (!location) return fail(new FetchError(asked, `answered ${status} (a redirect) without saying where to`, false));
        settled = true;
        clearTimeout(timer);
        req.destroy();
        resolve({ kind: 'redirect', location });
        return;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        return fail(new FetchError(asked, `answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`, status === 408 || status === 429 || status >= 500));
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > policy.maxBytes) return fail(new FetchError(asked, `is ${megabytes(declared)}, more than the ${megabytes(policy.maxBytes)} allowed`, false));
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > policy.maxBytes) return fail(new FetchError(asked, `is larger than the ${megabytes(policy.maxBytes)} allowed (stopped reading)`, false));
        chunks.push(chunk);
      });
      res.on('error', (error) => fail(new FetchError(asked, `the answer broke off (${error.message})`, true)));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ kind: 'body', contentType: String(res.headers['content-type'] ?? '').toLowerCase(), body: Buffer.concat(chunks) });
      });
    });
    const timer = setTimeout(() => fail(new FetchError(asked, `no answer within ${seconds(policy.timeoutMs)}`, true)), left);
    req.on('error', (error: NodeJS.ErrnoException) => fail(connectionError(asked, parsed, error)));
    req.end();
  });
}

function connectionError(asked: string, target: URL, error: NodeJS.ErrnoException): FetchError {
  // request-filtering-agent's refusal: "DNS lookup 10.0.0.1(family:4, host:…) is not allowed. Because, It is private IP address."
  const refused = /^DNS lookup (\S+?)\(.*is not allowed/.exec(error.message);
  if (refused) {
    const via = asked === target.href ? '' : ` (redirected to ${target.href})`;
    return new FetchError(asked, `refused: ${target.hostname} is at ${refused[1]}, a private or reserved address${via}; set POLICYBOT_FETCH_ALLOW_PRIVATE to allow it`, false);
  }
  const code = error.code ? ` (${error.code})` : '';
  return new FetchError(asked, `could not connect to ${target.host}: ${error.message}${code}`, true);
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 100) / 10} s`;
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}
