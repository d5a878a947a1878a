import { createHmac } from 'node:crypto';

/**
 * What Slack sends to an app in HTTP mode, signed the way Slack signs it:
 * `X-Slack-Signature: v0=hex(hmac_sha256(secret, "v0:{ts}:{body}"))` with
 * `X-Slack-Request-Timestamp: {ts}`. The signing is written out here, apart
 * from the adapter's own, so a mistake in one cannot hide in the other.
 */

export const SIGNING_SECRET = '8f742231b10e8888abcd99eeeeee85a5';

export function slackSignature(secret: string, timestamp: string | number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedRequestOptions {
  readonly secret?: string;
  /** Seconds since the epoch; now by default. */
  readonly timestamp?: number;
  /** Overrides the computed signature (or leaves it out with `null`). */
  readonly signature?: string | null;
  /** Signs one body and sends another. */
  readonly sendBody?: string;
  readonly headers?: Record<string, string>;
}

export interface SentRequest {
  readonly status: number;
  readonly text: string;
  /** How long Slack would have waited for the acknowledgement. */
  readonly ms: number;
}

export async function postSigned(url: string, body: string, contentType: string, options: SignedRequestOptions = {}): Promise<SentRequest> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature === undefined ? slackSignature(options.secret ?? SIGNING_SECRET, timestamp, body) : options.signature;
  const headers: Record<string, string> = { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), ...options.headers };
  if (signature !== null) headers['x-slack-signature'] = signature;
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body: options.sendBody ?? body });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

export function slashCommand(fields: { text: string; responseUrl: string; userId?: string; channelId?: string; teamId?: string }): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: fields.teamId ?? 'T0TEST',
    team_domain: 'test',
    channel_id: fields.channelId ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: fields.userId ?? 'U0ASKER1',
    user_name: 'asker',
    command: '/policy',
    text: fields.text,
    api_app_id: 'A0POLICY',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

/** The `payload` of a slash command as Socket Mode delivers it. */
export function slashCommandPayload(fields: { text: string; responseUrl: string; userId?: string; channelId?: string }): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(slashCommand(fields)));
}

let eventCounter = 0;

/** An event as Slack posts it, from workspace `teamId` (the stand-in's own by default). */
export function eventCallback(event: Record<string, unknown>, eventId = `Ev${Date.now()}${(eventCounter += 1)}`, teamId = 'T0TEST'): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: 'A0POLICY',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: teamId, user_id: 'UBOTSELF1', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

let tsCounter = 0;
export function messageTs(): string {
  tsCounter += 1;
  return `${1_750_000_000 + tsCounter}.00${String(tsCounter).padStart(4, '0')}`;
}

export function appMention(fields: { text: string; channel?: string; user?: string; ts?: string; threadTs?: string; botId?: string }): Record<string, unknown> {
  const ts = fields.ts ?? messageTs();
  return {
    type: 'app_mention',
    user: fields.user ?? 'U0ASKER1',
    text: fields.text,
    ts,
    channel: fields.channel ?? 'C0GENERAL',
    event_ts: ts,
    ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    ...(fields.botId ? { bot_id: fields.botId } : {}),
  };
}

export function directMessage(fields: { text: string; channel?: string; user?: string; ts?: string; threadTs?: string; botId?: string; subtype?: string }): Record<string, unknown> {
  const ts = fields.ts ?? messageTs();
  return {
    type: 'message',
    channel: fields.channel ?? 'D0DIRECT1',
    channel_type: 'im',
    user: fields.user ?? 'U0ASKER1',
    text: fields.text,
    ts,
    event_ts: ts,
    ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    ...(fields.botId ? { bot_id: fields.botId } : {}),
    ...(fields.subtype ? { subtype: fields.subtype } : {}),
  };
}

/**
 * A click on a button, as Slack posts it (`payload=` JSON, form-encoded): on
 * an ephemeral message by default (a slash command's answer), or on a message
 * in the channel (`ephemeral: false`: a mention's answer, a DM).
 */
export function blockActionsBody(fields: {
  actionId: string;
  value: string;
  responseUrl: string;
  channel?: string;
  user?: string;
  ephemeral?: boolean;
  messageTs?: string;
  triggerId?: string;
  label?: string;
}): string {
  const channel = fields.channel ?? 'C0GENERAL';
  const ephemeral = fields.ephemeral ?? true;
  const messageTs = fields.messageTs ?? '1750000000.000001';
  const payload = {
    type: 'block_actions',
    user: { id: fields.user ?? 'U0ASKER1', username: 'asker', name: 'asker', team_id: 'T0TEST' },
    api_app_id: 'A0POLICY',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: ephemeral },
    trigger_id: fields.triggerId ?? '1.2.3',
    team: { id: 'T0TEST', domain: 'test' },
    channel: { id: channel, name: 'general' },
    // Slack sends the message itself only when it is not ephemeral.
    ...(ephemeral ? {} : { message: { type: 'message', user: 'UBOTSELF1', ts: messageTs, text: 'the answer' } }),
    response_url: fields.responseUrl,
    actions: [{ action_id: fields.actionId, block_id: 'b1', text: { type: 'plain_text', text: fields.label ?? 'Share in channel' }, value: fields.value, type: 'button', action_ts: '1750000001.000001' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/**
 * A modal's submission, as Slack posts it: the view the app opened (as
 * `views.open` received it), with the ids Slack adds and the state of its
 * inputs (`values[blockId][actionId]`).
 */
export function viewSubmissionBody(fields: { view: Record<string, unknown>; values: Record<string, Record<string, { type: string; value: string | null }>>; user?: string }): string {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0TEST', domain: 'test' },
    user: { id: fields.user ?? 'U0ASKER1', username: 'asker', name: 'asker', team_id: 'T0TEST' },
    api_app_id: 'A0POLICY',
    token: 'legacy-verification-token',
    trigger_id: '4.5.6',
    view: {
      id: 'V0FORM0001',
      team_id: 'T0TEST',
      app_id: 'A0POLICY',
      bot_id: 'BBOTSELF1',
      private_metadata: '',
      root_view_id: 'V0FORM0001',
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
      hash: '1750000002.abcdef',
      ...fields.view,
      state: { values: fields.values },
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** `app_home_opened`, as Slack sends it when someone opens the app's Home (or Messages) tab. */
export function appHomeOpened(fields: { user?: string; channel?: string; tab?: 'home' | 'messages' } = {}): Record<string, unknown> {
  return { type: 'app_home_opened', user: fields.user ?? 'U0ASKER1', channel: fields.channel ?? 'D0HOME001', tab: fields.tab ?? 'home', event_ts: `${Math.floor(Date.now() / 1000)}.000100` };
}

/** A button clicked in a published Home tab: its container is the view, and Slack sends no channel and no response_url. */
export function homeButtonBody(fields: { actionId: string; value: string; user?: string }): string {
  const payload = {
    type: 'block_actions',
    user: { id: fields.user ?? 'U0ASKER1', username: 'asker', name: 'asker', team_id: 'T0TEST' },
    api_app_id: 'A0POLICY',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: 'V0HOME0001' },
    trigger_id: '1.2.4',
    team: { id: 'T0TEST', domain: 'test' },
    view: { id: 'V0HOME0001', team_id: 'T0TEST', type: 'home', blocks: [], private_metadata: '', callback_id: '', state: { values: {} }, hash: '1.home', app_id: 'A0POLICY', bot_id: 'BBOTSELF1' },
    actions: [{ action_id: fields.actionId, block_id: 'b1', text: { type: 'plain_text', text: 'Download the calendar (.ics)' }, value: fields.value, type: 'button', action_ts: '1750000001.000002' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
