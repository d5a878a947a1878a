import { afterEach, describe, expect, test } from 'vitest';
import { APOLOGY } from '../../src/bot.ts';
import { extractiveAnswerer, type Answerer } from '../../src/knowledge/answer/answerer.ts';
import { allText, logged, slowAnswerer, startStack, stopAll } from './harness.ts';

afterEach(stopAll);

const NO_PINGS = { parse: [], replied_user: false };
const EPHEMERAL = 64;

describe('the gateway connection', () => {
  test('asks for JSON on gateway v10, identifies with the Guilds intent only, and keeps heartbeats acknowledged', async () => {
    const { discord } = await startStack();
    const [query] = discord.gateway.connections;
    expect(query?.get('v')).toBe('10');
    expect(query?.get('encoding')).toBe('json');
    expect(query?.has('compress')).toBe(false);
    expect(discord.gateway.identifies).toHaveLength(1);
    expect(discord.gateway.identifies[0]).toMatchObject({ intents: 1, compress: false });
    // REST goes to the stand-in's base, versioned, with the bot token.
    const gatewayBot = await discord.api.waitFor((r) => r.path === '/gateway/bot');
    expect(gatewayBot.version).toBe('10');
    expect(gatewayBot.authorization).toMatch(/^Bot /);
    await waitUntil(() => discord.gateway.heartbeats >= 1);
    expect(discord.gateway.connections).toHaveLength(1);
  });
});

describe('slash commands', () => {
  test('a ready answer is the first response: embeds with citations, no deferral, and nobody pinged', async () => {
    const { discord } = await startStack();
    const { id, token } = discord.command('ask', { question: 'When is the US-EU memorandum due?' });
    const callback = await discord.callback(id);
    expect(callback.path).toBe(`/interactions/${id}/${token}/callback`);
    expect(callback.body.type).toBe(4);
    const data = callback.body.data;
    expect(data.allowed_mentions).toEqual(NO_PINGS);
    expect(data.flags ?? 0).toBe(0);
    const [embed] = data.embeds;
    expect(embed.description).toMatch(/March 6, 2026/);
    // The source once, then its cited paragraphs.
    const source = embed.fields.findIndex((f: any) => f.name === 'US-Led Efforts to Coordinate Critical Minerals Trade Policies Take Shape');
    expect(embed.fields[source].value).toMatch(/^Cassidy Levy Kent · 2026-02-05\nhttps:\/\/www\.cassidylevy\.com\//);
    expect(embed.fields[source + 1]).toMatchObject({ name: '[1] ¶11', value: expect.stringMatching(/^“.*”$/s) });
    expect(JSON.stringify(embed.fields).split('https://www.cassidylevy.com/')).toHaveLength(2);
    const deadline = embed.fields.find((f: any) => f.value.includes('<t:'));
    expect(deadline.value).toMatch(/<t:\d+:D> \(<t:\d+:R>\)/);
    expect(discord.api.find('PATCH', /^\/webhooks\//)).toHaveLength(0);
  });

  test('a follow-up /ask reads "it" against the same person\'s question before, in this channel', async () => {
    const { discord } = await startStack();
    const first = discord.command('ask', { question: 'What is the US-EU memorandum?' });
    await discord.callback(first.id);
    const followUp = discord.command('ask', { question: 'who leads it on the us side?' });
    const callback = await discord.callback(followUp.id);
    expect(callback.body.data.embeds[0].description).toMatch(/Memorandum[\s\S]*Department of State/);
  });

  test('a slow answer is deferred at once and the deferred reply edited when it is ready', async () => {
    const { discord } = await startStack({ answerer: slowAnswerer(600), deferAfterMs: 100 });
    const sentAt = Date.now();
    const { id, token } = discord.command('ask', { question: 'When is the US-EU memorandum due?' });
    const callback = await discord.callback(id);
    expect(callback.body.type).toBe(5);
    expect(callback.at - sentAt).toBeLessThan(550);
    const edit = await discord.api.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${discord.ids.applicationId}/${token}/messages/@original`);
    expect(edit.at).toBeGreaterThanOrEqual(callback.at);
    expect(edit.body.allowed_mentions).toEqual(NO_PINGS);
    expect(edit.body.embeds[0].description).toMatch(/March 6, 2026/);
  });

  test('a user error is a short reply only the asker sees', async () => {
    const { discord } = await startStack();
    const { id } = discord.command('agreement', { name: 'zzqx wibble' });
    const callback = await discord.callback(id);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.content).toMatch(/zzqx wibble|agreement/i);
    expect(callback.body.data.content.length).toBeLessThan(600);
    expect(callback.body.data.embeds ?? []).toHaveLength(0);
    expect(callback.body.data.allowed_mentions).toEqual(NO_PINGS);
  });

  test('an internal error is an ephemeral apology, logged with its cause', async () => {
    const failing: Answerer = { name: 'broken', answer: async () => Promise.reject(new Error('index exploded')) };
    const { discord, log } = await startStack({ answerer: failing });
    const { id } = discord.command('ask', { question: 'When is the US-EU memorandum due?' });
    const callback = await discord.callback(id);
    expect(callback.body.data).toMatchObject({ content: APOLOGY, flags: EPHEMERAL, allowed_mentions: NO_PINGS });
    const error = logged(log.lines).find((l) => l.level === 'error');
    expect(error?.error?.message).toBe('index exploded');
  });

  test('an internal error after a deferral replaces the public "thinking" with an ephemeral apology', async () => {
    const { discord, log } = await startStack({ answerer: slowAnswerer(300, new Error('model timed out')), deferAfterMs: 50 });
    const { id, token } = discord.command('ask', { question: 'When is the US-EU memorandum due?' });
    expect((await discord.callback(id)).body.type).toBe(5);
    const webhook = `/webhooks/${discord.ids.applicationId}/${token}`;
    await discord.api.waitFor((r) => r.method === 'DELETE' && r.path === `${webhook}/messages/@original`);
    const followUp = await discord.api.waitFor((r) => r.method === 'POST' && r.path === webhook);
    expect(followUp.body).toMatchObject({ content: APOLOGY, flags: EPHEMERAL, allowed_mentions: NO_PINGS });
    expect(logged(log.lines).some((l) => l.level === 'error' && l.error?.message === 'model timed out')).toBe(true);
  });

  test('every command the bot defines answers through Discord', async () => {
    const { discord, bot } = await startStack();
    for (const spec of bot.commands) {
      const args = Object.fromEntries(spec.options.filter((o) => o.required).map((o) => [o.name, o.autocomplete ? 'us-mexico-action-plan' : 'When is the US-EU memorandum due?']));
      const { id } = discord.command(spec.name, args);
      const callback = await discord.callback(id);
      expect(callback.body.type, spec.name).toBe(4);
      expect(callback.body.data.allowed_mentions, spec.name).toEqual(NO_PINGS);
      expect(callback.body.data.embeds?.length || callback.body.data.content?.length, spec.name).toBeTruthy();
    }
    const agreement = discord.command('agreement', { name: 'us-mexico-action-plan' });
    expect((await discord.callback(agreement.id)).body.data.embeds[0].title).toBe('US–Mexico Critical Minerals Action Plan');
  });

  test('/deadlines sends its calendar as a file, text/calendar, beside the embeds', async () => {
    const { discord } = await startStack();
    const { id } = discord.command('deadlines');
    const callback = await discord.callback(id);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.embeds[0].fields.some((f: any) => f.value.includes('<t:'))).toBe(true);
    expect(callback.body.data.attachments).toEqual([expect.objectContaining({ id: '0' })]);
    expect(callback.files).toHaveLength(1);
    const [file] = callback.files;
    expect(file).toMatchObject({ field: 'files[0]', name: 'policybot-deadlines.ics', contentType: 'text/calendar' });
    expect(file!.text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(file!.text).toContain('UID:us-eu-mou-conclusion@policybot');
  });

  test('text that tries to ping is neutralised as well as disallowed', async () => {
    const loud: Answerer = {
      name: 'loud',
      answer: async (question, context) => ({ ...(await extractiveAnswerer.answer(question, context)), text: 'Hey @everyone and @here, ask <@&1400000000000000004> or <@1500000000000000005>.' }),
    };
    const { discord } = await startStack({ answerer: loud });
    const { id } = discord.command('ask', { question: '@everyone When is the US-EU memorandum due?' });
    const callback = await discord.callback(id);
    const body = allText(callback.body);
    expect(body).not.toMatch(/@everyone|@here|<@&?\d/);
    expect(callback.body.data.embeds[0].description).toContain('@\u200beveryone');
    expect(callback.body.data.allowed_mentions).toEqual(NO_PINGS);
  });
});

describe('channel settings', () => {
  test('subscribe needs Manage Channels, as Discord computed it for the asker in this channel', async () => {
    const { discord, store } = await startStack({ store: true });
    const refused = discord.command('subscribe', { topics: 'deadlines' }, { permissions: String(1 << 10) });
    const no = (await discord.callback(refused.id)).body.data;
    expect(no).toMatchObject({ flags: EPHEMERAL });
    expect(no.content).toMatch(/Manage Channels/);
    expect((await store!.subscriptions())).toEqual([]);
    const allowed = discord.command('subscribe', { topics: 'deadlines' }, { permissions: String((1 << 10) | (1 << 4)) });
    const yes = (await discord.callback(allowed.id)).body.data;
    expect(yes.embeds[0].title).toBe('Subscribed');
    expect((await store!.subscriptions())).toHaveLength(1);
  });
});

describe('autocomplete', () => {
  test('offers agreement names and aliases as choices (at most 25), with the entry id as value', async () => {
    const { discord } = await startStack();
    const { id } = discord.autocomplete('deadlines', 'agreement', 'mex');
    const callback = await discord.callback(id);
    expect(callback.body.type).toBe(8);
    expect(callback.body.data.choices).toContainEqual({ name: 'US–Mexico Critical Minerals Action Plan', value: 'us-mexico-action-plan' });
    const all = discord.autocomplete('agreement', 'name', '');
    const choices = (await discord.callback(all.id)).body.data.choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });
});

describe('an expired interaction', () => {
  test('10062 Unknown interaction is logged, not retried, and the bot keeps answering', async () => {
    const { discord, log } = await startStack();
    discord.api.on('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, { status: 404, body: { message: 'Unknown interaction', code: 10062 } }, 1);
    const expired = discord.command('ask', { question: 'When is the US-EU memorandum due?' });
    await discord.callback(expired.id);
    await waitUntil(() => logged(log.lines).some((l) => l.level === 'warn' && /expired/.test(l.message)));
    expect(discord.api.requests.filter((r) => r.path.startsWith(`/interactions/${expired.id}/`))).toHaveLength(1);

    const next = discord.command('ask', { question: 'When is the US-EU memorandum due?' });
    expect((await discord.callback(next.id)).body.type).toBe(4);
    expect(logged(log.lines).filter((l) => l.level === 'error')).toHaveLength(0);
  });

  test('an interaction that expires while deferred is logged too', async () => {
    const { discord, log } = await startStack({ answerer: slowAnswerer(200), deferAfterMs: 20 });
    discord.api.on('PATCH', /^\/webhooks\//, { status: 404, body: { message: 'Unknown Webhook', code: 10015 } });
    const { id } = discord.command('ask', { question: 'When is the US-EU memorandum due?' });
    expect((await discord.callback(id)).body.type).toBe(5);
    await waitUntil(() => logged(log.lines).some((l) => l.level === 'warn' && /expired/.test(l.message)));
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
