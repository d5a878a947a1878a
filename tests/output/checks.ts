import type { APIEmbed } from 'discord.js';
import { EMBED_LIMITS } from '../../src/adapters/discord/embeds.ts';
import type { OutgoingMessage } from '../../src/adapters/discord/messages.ts';
import { toDiscordMessage, toDiscordPayload, toRestMessage } from '../../src/adapters/discord/payload.ts';
import { LIMITS, type SlackMessage } from '../../src/adapters/slack/blocks.ts';

/**
 * What every rendered reply must be, per platform: nothing that pings,
 * nothing a platform refuses for its size. Each check throws with what
 * broke and where, so that fast-check can shrink the input that broke it.
 */

function ensure(condition: unknown, what: string, text?: string): asserts condition {
  if (!condition) throw new Error(text === undefined ? what : `${what}: ${JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}…` : text)}`);
}

// ---- Slack ----

type AnyBlock = Record<string, any>;

/** Every text object of a Slack message, with where it sits. */
export function slackTexts(message: SlackMessage): { where: string; type: string; text: string; verbatim?: boolean }[] {
  const out: { where: string; type: string; text: string; verbatim?: boolean }[] = [];
  message.blocks.forEach((b: AnyBlock, i) => {
    if (b.text) out.push({ where: `${i}:${b.type}.text`, ...b.text });
    for (const f of b.fields ?? []) out.push({ where: `${i}:${b.type}.field`, ...f });
    for (const e of b.elements ?? []) {
      if (e.type === 'mrkdwn' || e.type === 'plain_text') out.push({ where: `${i}:${b.type}.element`, ...e });
      if (e.type === 'button') out.push({ where: `${i}:${b.type}.button`, ...e.text });
    }
  });
  return out;
}

/** The links `mrkdwnLink` builds: the only markup an answer may carry. */
const SOURCE_LINK = /<https?:\/\/[^<>|\s]*\|[^<>]*>/g;
const BROADCAST = /@(channel|here|everyone)\b/i;

export function expectSlackSafe(message: SlackMessage): void {
  ensure(message.blocks.length <= LIMITS.blocks, `${message.blocks.length} blocks`);
  for (const b of message.blocks as AnyBlock[]) {
    if (b.type === 'section') {
      ensure(b.text || b.fields?.length, 'an empty section');
      if (b.text) ensure(b.text.text.length <= LIMITS.sectionText, 'section text too long', b.text.text);
      if (b.fields) {
        ensure(b.fields.length <= LIMITS.sectionFields, `${b.fields.length} fields`);
        for (const f of b.fields) ensure(f.text.length <= LIMITS.fieldText, 'field too long', f.text);
      }
    }
    if (b.type === 'context') {
      ensure(b.elements.length > 0 && b.elements.length <= LIMITS.contextElements, `${b.elements.length} context elements`);
      for (const e of b.elements) ensure(e.text.length <= LIMITS.sectionText, 'context element too long', e.text);
    }
  }
  const texts = slackTexts(message);
  ensure(texts.reduce((n, t) => n + t.text.length, 0) <= LIMITS.totalText, 'more text than a message holds');
  ensure(message.text.length > 0 && message.text.length <= LIMITS.fallbackText, 'fallback text length', message.text);
  for (const t of [...texts, { where: 'fallback', type: 'mrkdwn', text: message.text, verbatim: true }]) {
    ensure(t.text.length > 0, `empty text at ${t.where}`);
    if (t.type === 'mrkdwn') ensure(t.verbatim === true, `mrkdwn without verbatim at ${t.where}`);
    const outsideLinks = t.text.replace(SOURCE_LINK, '');
    // With `<` and `>` escaped, no <!channel>, <@U…>, <#C…>, <!subteam^…> or disguised link can exist.
    ensure(!/[<>]/.test(outsideLinks), `unescaped markup at ${t.where}`, t.text);
    ensure(!BROADCAST.test(outsideLinks), `a bare broadcast at ${t.where}`, t.text);
    for (const link of t.text.match(SOURCE_LINK) ?? []) ensure(!/<[!@#]/.test(link.slice(1)), `markup inside a link at ${t.where}`, link);
    ensure(!/[\u202A-\u202E\u2066-\u2069]/.test(t.text), `bidi control at ${t.where}`, t.text);
  }
}

// ---- Discord ----

/** Stricter than Discord: a broadcast word even glued to other letters counts. */
const DISCORD_PING = /@(everyone|here)|<@[!&]?\d/i;
const NO_PINGS_API = { parse: [], replied_user: false };

/** A stand-in for what `MessagePayload` needs of its target (an interaction or a channel). */
const TARGET = { client: { options: { jsonTransformer: (x: unknown) => x } }, messages: { resolveId: (x: unknown) => x } };

function embedTexts(e: APIEmbed): string[] {
  return [e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])];
}

export function expectDiscordSafe(messages: readonly OutgoingMessage[]): void {
  ensure(messages.length > 0, 'no message at all');
  for (const m of messages) {
    ensure(m.content !== undefined || m.embeds.length > 0, 'an empty message');
    if (m.content !== undefined) {
      ensure(m.content.length > 0 && m.content.length <= 2000, 'content length', m.content);
      ensure(!DISCORD_PING.test(m.content), 'a ping in content', m.content);
    }
    ensure(m.embeds.length <= EMBED_LIMITS.embedsPerMessage, `${m.embeds.length} embeds`);
    let total = 0;
    for (const e of m.embeds) {
      ensure((e.title?.length ?? 0) <= EMBED_LIMITS.title, 'title too long', e.title);
      ensure((e.description?.length ?? 0) <= EMBED_LIMITS.description, 'description too long');
      ensure((e.footer?.text.length ?? 0) <= EMBED_LIMITS.footer, 'footer too long');
      ensure((e.fields?.length ?? 0) <= EMBED_LIMITS.fields, `${e.fields?.length} fields`);
      ensure(e.title || e.description || e.fields?.length || e.footer, 'an empty embed');
      for (const f of e.fields ?? []) {
        ensure(f.name.length > 0 && f.name.length <= EMBED_LIMITS.fieldName, 'field name length', f.name);
        ensure(f.value.length > 0 && f.value.length <= EMBED_LIMITS.fieldValue, 'field value length', f.value);
      }
      for (const t of embedTexts(e)) {
        total += t.length;
        ensure(!DISCORD_PING.test(t), 'a ping in an embed', t);
        ensure(!/[\u202A-\u202E\u2066-\u2069]/.test(t), 'bidi control in an embed', t);
      }
      // Footers show text literally; everywhere else a masked link would render and hide where it leads.
      for (const t of embedTexts({ ...e, footer: undefined })) ensure(!/(^|[^\\])\[[^\]\n]*\]\(\s*https?:/.test(t), 'a masked link in an embed', t);
    }
    ensure(total <= EMBED_LIMITS.total, `${total} characters in one message`);
    // However it is sent, the message carries the rule that nobody is pinged.
    ensure(toDiscordMessage(m).allowedMentions?.parse?.length === 0, 'discord.js options without allowedMentions');
    ensure(JSON.stringify(toRestMessage(m).body.allowed_mentions) === JSON.stringify(NO_PINGS_API), 'REST body without allowed_mentions');
    const body = toDiscordPayload(TARGET as never, m, { reply: { messageReference: '1', failIfNotExists: false } }).body as { allowed_mentions?: unknown };
    ensure(JSON.stringify(body.allowed_mentions) === JSON.stringify(NO_PINGS_API), 'payload without allowed_mentions');
  }
}

// ---- console ----

export function expectConsoleSafe(text: string): void {
  ensure(!/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(text), 'a control character', text);
  ensure(!/[\u202A-\u202E\u2066-\u2069]/.test(text), 'a bidi control', text);
  ensure(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text), 'a lone surrogate', text);
}
