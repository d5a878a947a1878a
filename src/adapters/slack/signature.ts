import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`
 * under the app's signing secret, with the timestamp within five minutes of
 * now, either way. (Bolt's own check refuses only old timestamps, and reads
 * the system clock; here the time is a parameter.)
 */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface SignedRequest {
  readonly signingSecret: string;
  /** The `X-Slack-Request-Timestamp` header. */
  readonly timestamp: string | undefined;
  /** The `X-Slack-Signature` header. */
  readonly signature: string | undefined;
  /** The raw body, exactly as received. */
  readonly body: Buffer | string;
  readonly now: Date;
}

export function verifySlackSignature(request: SignedRequest): SignatureVerdict {
  const { timestamp, signature } = request;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing or malformed X-Slack-Request-Timestamp' };
  if (!signature) return { ok: false, reason: 'missing X-Slack-Signature' };
  const skew = Math.abs(Math.floor(request.now.getTime() / 1000) - Number(timestamp));
  if (skew > SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: `timestamp is ${skew} s away from now (allowed: ${SIGNATURE_WINDOW_SECONDS} s)` };
  const expected = Buffer.from(signSlackRequest(request.signingSecret, timestamp, request.body));
  const given = Buffer.from(signature);
  // Equal lengths first: timingSafeEqual throws otherwise, and the length of a signature is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

/** The signature Slack would send for this body at this timestamp. */
export function signSlackRequest(signingSecret: string, timestamp: string, body: Buffer | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}
