import { afterEach, describe, expect, test } from 'vitest';
import { CUSTOM_ID_LIMIT, feedbackButtonId, feedbackFormId, feedbackRow, parseFeedbackButton, parseFeedbackForm } from '../../src/adapters/discord/components.ts';
import { APOLOGY, type Bot } from '../../src/bot.ts';
import type { FakeDiscord } from '../fakes/discord-stand-in.ts';
import { logged, slowAnswerer, startStack, stopAll } from './harness.ts';

afterEach(stopAll);

const NO_PINGS = { parse: [], replied_user: false };
const EPHEMERAL = 64;
const QUESTION = 'When is the US-EU memorandum due?';

/** The 👍/👎 row of a sent message body, as { up, down } custom ids. */
function buttonsOf(body: any): { up: string; down: string } {
  expect(body.components).toHaveLength(1);
  const [row] = body.components;
  expect(row.type).toBe(1);
  expect(row.components).toHaveLength(2);
  const [up, down] = row.components;
  expect(up).toMatchObject({ type: 2, emoji: { name: '👍' } });
  expect(down).toMatchObject({ type: 2, emoji: { name: '👎' } });
  for (const b of row.components) expect(b.custom_id.length).toBeLessThanOrEqual(CUSTOM_ID_LIMIT);
  return { up: up.custom_id, down: down.custom_id };
}

/** Asks through /ask and returns the answer's message body (the first response). */
async function ask(discord: FakeDiscord): Promise<any> {
  const { id } = discord.command('ask', { question: QUESTION });
  const callback = await discord.callback(id);
  expect(callback.body.type).toBe(4);
  return callback.body.data;
}

/** Clicks a button on the answer that carries it, as a member would. */
function click(discord: FakeDiscord, customId: string, answer: any): { id: string; token: string } {
  return discord.click(customId, { components: answer.components });
}

describe('👍/👎 under answers', () => {
  test('an immediate slash-command answer carries both buttons; other replies carry none', async () => {
    const { discord } = await startStack({ store: true });
    const answer = await ask(discord);
    const { up, down } = buttonsOf(answer);
    const feedbackId = parseFeedbackButton(up)!.feedbackId;
    expect(parseFeedbackButton(up)).toEqual({ vote: 'up', feedbackId });
    expect(parseFeedbackButton(down)).toEqual({ vote: 'down', feedbackId });
    expect(answer.allowed_mentions).toEqual(NO_PINGS);

    const help = discord.command('help');
    expect((await discord.callback(help.id)).body.data.components ?? []).toHaveLength(0);
    const error = discord.command('agreement', { name: 'zzqx wibble' });
    expect((await discord.callback(error.id)).body.data.components ?? []).toHaveLength(0);
  });

  test('a bot without a data store keeps no feedback, so its answers carry no buttons', async () => {
    const { discord } = await startStack();
    expect((await ask(discord)).components ?? []).toHaveLength(0);
  });

  test('a deferred answer gets its buttons with the edit that fills it in', async () => {
    const { discord } = await startStack({ store: true, answerer: slowAnswerer(400), deferAfterMs: 50 });
    const { id, token } = discord.command('ask', { question: QUESTION });
    expect((await discord.callback(id)).body.type).toBe(5);
    const edit = await discord.api.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${discord.ids.applicationId}/${token}/messages/@original`);
    buttonsOf(edit.body);
    expect(edit.body.allowed_mentions).toEqual(NO_PINGS);
  });

  test('a mention-mode answer carries them too', async () => {
    const { discord } = await startStack({ store: true, mentions: true });
    discord.message(`<@${discord.ids.botId}> ${QUESTION}`);
    const sent = await discord.api.waitFor((r) => r.method === 'POST' && r.path === `/channels/${discord.ids.channelId}/messages`);
    buttonsOf(sent.body);
    expect(sent.body.allowed_mentions).toEqual(NO_PINGS);
  });
});

describe('👍', () => {
  test('records an up vote and thanks the clicker privately, leaving the buttons for everyone else', async () => {
    const { discord, store } = await startStack({ store: true });
    const answer = await ask(discord);
    const sentAt = Date.now();
    const clicked = click(discord, buttonsOf(answer).up, answer);
    const callback = await discord.callback(clicked.id);
    expect(callback.at - sentAt).toBeLessThan(3000);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: NO_PINGS } });
    expect(callback.body.data.content).toMatch(/Thanks/);
    expect(callback.body.data.components ?? []).toHaveLength(0);
    // The answer itself is left alone: no UPDATE_MESSAGE, no edit.
    expect(discord.api.find('PATCH', /^\/webhooks\//)).toHaveLength(0);

    const [record, ...more] = (await store!.feedback());
    expect(more).toHaveLength(0);
    expect(record).toMatchObject({ kind: 'vote', vote: 'up', platform: 'discord', question: QUESTION });
    expect(record!.reason).toBeUndefined();
    expect(record!.answer).toMatch(/March 6, 2026/);
    expect(record!.user).toEqual(expect.any(String));
  });

  test('an answer the bot no longer remembers is said to be too old, privately', async () => {
    const { discord, store } = await startStack({ store: true });
    const clicked = discord.click(feedbackButtonId('up', 'forgotten-answer'));
    const data = (await discord.callback(clicked.id)).body.data;
    expect(data).toMatchObject({ flags: EPHEMERAL, allowed_mentions: NO_PINGS });
    expect(data.content).toMatch(/too old/);
    expect((await store!.feedback())).toHaveLength(0);
  });

  test('a slow store is deferred privately at once, then the thanks filled in', async () => {
    const slowFeedback = (bot: Bot): Bot => ({
      ...bot,
      handleFeedback: async (feedback, invocation) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return bot.handleFeedback(feedback, invocation);
      },
    });
    const { discord, store } = await startStack({ store: true, bot: slowFeedback, deferAfterMs: 50 });
    const answer = await ask(discord);
    const { id, token } = click(discord, buttonsOf(answer).up, answer);
    const callback = await discord.callback(id);
    // Deferred privately while the vote was still being saved (300 ms), so the thanks is an edit.
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await discord.api.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${discord.ids.applicationId}/${token}/messages/@original`);
    expect(edit.at).toBeGreaterThanOrEqual(callback.at);
    expect(edit.body).toMatchObject({ content: expect.stringMatching(/Thanks/), allowed_mentions: NO_PINGS });
    expect((await store!.feedback())).toEqual([expect.objectContaining({ vote: 'up' })]);
  });

  test('a core that throws still gets the clicker an apology, and the failure is logged', async () => {
    const broken = (bot: Bot): Bot => ({ ...bot, handleFeedback: () => Promise.reject(new Error('store on fire')) });
    const { discord, log } = await startStack({ store: true, bot: broken });
    const answer = await ask(discord);
    const clicked = click(discord, buttonsOf(answer).up, answer);
    const data = (await discord.callback(clicked.id)).body.data;
    expect(data).toMatchObject({ content: APOLOGY, flags: EPHEMERAL, allowed_mentions: NO_PINGS });
    expect(logged(log.lines).find((l) => l.level === 'error')?.error?.message).toBe('store on fire');
  });

  test('a button the bot does not know (an older version’s) is answered, not left to fail', async () => {
    const { discord } = await startStack({ store: true });
    const clicked = discord.click('share:1234');
    const data = (await discord.callback(clicked.id)).body.data;
    expect(data).toMatchObject({ flags: EPHEMERAL, allowed_mentions: NO_PINGS });
    expect(data.content).toMatch(/no longer works/);
  });
});

describe('👎', () => {
  test('opens a form for an optional reason; sending it records a down vote with the reason', async () => {
    const { discord, store } = await startStack({ store: true });
    const answer = await ask(discord);
    const { down } = buttonsOf(answer);
    const feedbackId = parseFeedbackButton(down)!.feedbackId;

    const clicked = click(discord, down, answer);
    const modal = (await discord.callback(clicked.id)).body;
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toBe(feedbackFormId(feedbackId));
    expect(modal.data.custom_id.length).toBeLessThanOrEqual(CUSTOM_ID_LIMIT);
    expect(modal.data.title.length).toBeLessThanOrEqual(45);
    const [field, ...others] = modal.data.components;
    expect(others).toHaveLength(0);
    expect(field).toMatchObject({ type: 18, component: { type: 4, custom_id: 'reason', required: false } });
    expect(field.label.length).toBeLessThanOrEqual(45);
    // Opening the form records nothing: dismissing it is a change of mind.
    expect((await store!.feedback())).toHaveLength(0);

    const submitted = discord.submit(modal.data.custom_id, { reason: 'It should say whether the memorandum was concluded.' });
    const thanks = (await discord.callback(submitted.id)).body;
    expect(thanks).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: NO_PINGS } });
    expect(thanks.data.content).toMatch(/curators/);
    expect((await store!.feedback())).toEqual([expect.objectContaining({ kind: 'vote', vote: 'down', reason: 'It should say whether the memorandum was concluded.', question: QUESTION, platform: 'discord' })]);
  });

  test('a form sent empty records the vote without a reason', async () => {
    const { discord, store } = await startStack({ store: true });
    const answer = await ask(discord);
    const feedbackId = parseFeedbackButton(buttonsOf(answer).down)!.feedbackId;
    const submitted = discord.submit(feedbackFormId(feedbackId), { reason: '   ' });
    expect((await discord.callback(submitted.id)).body.data.content).toMatch(/curators/);
    const [record] = (await store!.feedback());
    expect(record).toMatchObject({ vote: 'down' });
    expect(record!.reason).toBeUndefined();
  });

  test('a form that could not be opened (the click expired) still counts the 👎, and the expiry is logged', async () => {
    const { discord, store, log } = await startStack({ store: true });
    const answer = await ask(discord);
    const { down } = buttonsOf(answer);
    discord.api.on('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, (r) => (r.body?.type === 9 ? { status: 404, body: { message: 'Unknown interaction', code: 10062 } } : undefined), 1);
    click(discord, down, answer);
    await waitUntil(() => logged(log.lines).some((l) => l.level === 'warn' && /expired/.test(l.message)));
    expect((await store!.feedback())).toEqual([expect.objectContaining({ vote: 'down' })]);
    expect(logged(log.lines).filter((l) => l.level === 'error')).toHaveLength(0);
  });
});

describe('privacy', () => {
  test('no log line, and nothing stored, carries the user’s id', async () => {
    const { discord, store, log } = await startStack({ store: true, mentions: true });
    const answer = await ask(discord);
    const { up, down } = buttonsOf(answer);
    await discord.callback(click(discord, up, answer).id);
    const modal = (await discord.callback(click(discord, down, answer).id)).body;
    await discord.callback(discord.submit(modal.data.custom_id, { reason: 'wrong date' }).id);
    // The paths that log: an expired interaction, a too-old answer, a failing mention reply.
    discord.api.on('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, { status: 404, body: { message: 'Unknown interaction', code: 10062 } }, 1);
    await discord.callback(discord.click(up).id);
    await discord.callback(discord.click(feedbackButtonId('up', 'forgotten')).id);
    discord.api.on('POST', /^\/channels\/\d+\/messages$/, { status: 403, body: { message: 'Missing Permissions', code: 50013 } }, 1);
    discord.message(`<@${discord.ids.botId}> ${QUESTION}`);
    await waitUntil(() => logged(log.lines).some((l) => /mention reply failed/.test(l.message)));
    await waitUntil(() => logged(log.lines).some((l) => /expired/.test(l.message)));

    // One vote per person per answer: the last click stands, attributed to a hash.
    expect((await store!.feedback())).toEqual([expect.objectContaining({ vote: 'up', user: expect.any(String) })]);
    expect(log.lines.length).toBeGreaterThan(2);
    expect(log.lines.join('\n')).not.toContain(discord.ids.userId);
    expect(JSON.stringify((await store!.feedback()))).not.toContain(discord.ids.userId);
  });
});

describe('custom ids', () => {
  test('carry the vote and the answer within Discord’s 100 characters, and come back apart', () => {
    const id = 'a1b2c3d4-e5f6-4a7b';
    const row = feedbackRow(id)!;
    expect(row.components.map((b) => b.custom_id)).toEqual([feedbackButtonId('up', id), feedbackButtonId('down', id)]);
    for (const b of row.components) expect(parseFeedbackButton(b.custom_id)?.feedbackId).toBe(id);
    expect(parseFeedbackForm(feedbackFormId(id))).toBe(id);
    expect(parseFeedbackButton('feedback:sideways:x')).toBeUndefined();
    expect(parseFeedbackForm('feedback-reason:')).toBeUndefined();
  });

  test('an id too long for a custom id sends the answer without buttons rather than have Discord refuse it', () => {
    const longest = 'x'.repeat(CUSTOM_ID_LIMIT - Math.max(feedbackButtonId('down', '').length, feedbackFormId('').length));
    expect(feedbackRow(longest)).toBeDefined();
    expect(feedbackRow(`${longest}x`)).toBeUndefined();
    expect(feedbackRow('')).toBeUndefined();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
