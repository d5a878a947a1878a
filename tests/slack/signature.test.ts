import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySlackSignature } from '../../src/adapters/slack/signature.ts';

const secret = '8f742231b10e8888abcd99eeeeee85a5';
const body = 'token=x&team_id=T1&command=%2Fpolicy&text=help';
const sign = (ts: number, b = body) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${b}`).digest('hex')}`;
const at = (seconds: number) => new Date(seconds * 1000);

describe('verifySlackSignature', () => {
  const ts = 1_800_000_000;
  const check = (over: Partial<Parameters<typeof verifySlackSignature>[0]>) =>
    verifySlackSignature({ signingSecret: secret, timestamp: String(ts), signature: sign(ts), body, now: at(ts), ...over });

  it('accepts Slack’s signature within five minutes either way of the clock it is given', () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({ now: at(ts + 300) })).toEqual({ ok: true });
    expect(check({ now: at(ts - 300) })).toEqual({ ok: true });
    expect(check({ body: Buffer.from(body) })).toEqual({ ok: true });
  });

  it('refuses old and future timestamps, whatever the signature', () => {
    expect(check({ now: at(ts + 301) })).toMatchObject({ ok: false, reason: expect.stringMatching(/301 s away/) });
    expect(check({ now: at(ts - 301) })).toMatchObject({ ok: false });
  });

  it('refuses a wrong, truncated, missing or malformed signature or timestamp', () => {
    expect(check({ body: body.replace('help', 'hel') })).toMatchObject({ ok: false, reason: 'signature mismatch' });
    expect(check({ signature: sign(ts).slice(0, -1) })).toMatchObject({ ok: false, reason: 'signature mismatch' });
    expect(check({ signature: sign(ts).replace('v0=', 'v1=') })).toMatchObject({ ok: false, reason: 'signature mismatch' });
    expect(check({ signature: undefined })).toMatchObject({ ok: false });
    expect(check({ timestamp: undefined })).toMatchObject({ ok: false });
    expect(check({ timestamp: '1.8e9' })).toMatchObject({ ok: false });
    expect(check({ signingSecret: 'another-secret-0123456789' })).toMatchObject({ ok: false, reason: 'signature mismatch' });
  });
});
