import { PassThrough } from 'node:stream';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consoleInvocation, createConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { createBot, type Bot } from '../../src/bot.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { feedbackReport } from '../../src/store/report.ts';
import { memoryLogger, shippedKnowledgeBase } from '../support/core.ts';
import { runScript } from '../support/run.ts';
import { tempDataDir } from '../support/store.ts';

let data: Awaited<ReturnType<typeof tempDataDir>>;
let store: LowdbStore;
let bot: Bot;
let pokes = 0;
beforeEach(async () => {
  data = await tempDataDir();
  store = await LowdbStore.open(data.file);
  pokes = 0;
  bot = createBot({
    knowledge: new KnowledgeHolder(await shippedKnowledgeBase()),
    clock: fixedClock('2026-02-27'),
    log: memoryLogger(),
    following: { store, reminderDays: [30, 7, 1, 0], subscriptionsChanged: () => void pokes++ },
  });
});
afterEach(async () => {
  await store.close();
  await data.dispose();
});

const discord = (canManageChannel: boolean) => ({ platform: 'discord', channelId: 'C1', userId: 'U1', canManageChannel, manageChannelHint: 'It needs the Manage Channels permission.' });

describe('subscribe, unsubscribe, subscriptions', () => {
  it('subscribes a channel, tells the scheduler, and says what it will receive', async () => {
    const r = await bot.handleText('/subscribe deadlines', discord(true));
    expect(r).toMatchObject({ kind: 'info', title: 'Subscribed' });
    expect(r.text).toMatch(/deadline reminders\. Reminders come 30, 7 and 1 days before, and on the day/);
    expect((await store.subscription({ platform: 'discord', channelId: 'C1' }))).toMatchObject({ topics: ['deadlines'] });
    expect(pokes).toBe(1);
    expect((await bot.handleCommand('subscriptions', {}, discord(false))).text).toMatch(/receives deadline reminders, since 2026-02-27/);
    expect((await bot.handleCommand('unsubscribe', {}, discord(true))).text).toMatch(/no more reminders/);
    expect((await store.subscriptions())).toEqual([]);
  });

  it('refuses members who may not manage the channel', async () => {
    const r = await bot.handleCommand('subscribe', { topics: 'all' }, discord(false));
    expect(r).toMatchObject({ kind: 'user-error', text: 'You may not change this channel’s subscriptions.', notes: ['It needs the Manage Channels permission.'] });
    expect((await store.subscriptions())).toEqual([]);
  });

  it('refuses the console, which cannot receive posts', async () => {
    expect(await bot.handleCommand('subscribe', {}, consoleInvocation('session'))).toMatchObject({ kind: 'user-error', text: expect.stringMatching(/belong to a chat channel the bot can post in/) });
  });

  it('rejects an unknown topic', async () => {
    expect(await bot.handleCommand('subscribe', { topics: 'gossip' }, discord(true))).toMatchObject({ kind: 'user-error', text: '“gossip” is not a choice for topics: choose all, deadlines or announcements.' });
  });
});

describe('deadlines as an iCalendar file', () => {
  it('attaches an .ics with one event per deadline that parses under RFC 5545', async () => {
    const r = await bot.handleCommand('deadlines', {}, { platform: 'console' });
    const ics = r.attachments.find((a) => a.filename.endsWith('.ics'))!;
    expect(ics.contentType).toBe('text/calendar');
    expect(ics.content.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(ics.content));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.uid, e.startDate.toString(), e.summary])).toEqual([
      ['us-eu-mou-conclusion@policybot', '2026-03-06', 'Conclusion of the US–EU memorandum (estimated)'],
      ['us-mexico-negotiation-window@policybot', '2026-04-05', 'End of the 60-day US–Mexico negotiation window (estimated)'],
      ['pledge-projects-identified@policybot', '2026-08-04', 'Projects identified and supported under the 54-country pledge (estimated)'],
    ]);
    expect(events[0]!.description).toMatch(/Source: "• U\.S\.-EU Memorandum of Understanding: Within the next 30 days, the United States/);
    expect(events[0]!.description).toMatch(/As of the newest source, 2026-02-05/);
  });

  it('npm run ics prints the same calendar', async () => {
    const r = await runScript('src/cli/ics.ts', ['--now', '2026-03-01']);
    expect(r.code).toBe(0);
    const events = new ICAL.Component(ICAL.parse(r.stdout)).getAllSubcomponents('vevent');
    expect(events).toHaveLength(3);
  });
});

describe('feedback', () => {
  it('stores a vote with the question, answer, citations and knowledge version, and never the user’s id', async () => {
    const answer = await bot.handleQuestion('How big is the EXIM loan behind Project Vault?', { platform: 'slack', channelId: 'C9', userId: 'U777' });
    expect(answer.feedbackId).toBeDefined();
    const thanks = await bot.handleFeedback({ feedbackId: answer.feedbackId!, vote: 'down', reason: 'wanted the private capital too' }, { platform: 'slack', channelId: 'C9', userId: 'U777' });
    expect(thanks.text).toMatch(/curators/);
    const [record] = (await store.feedback());
    expect(record).toMatchObject({ kind: 'vote', vote: 'down', reason: 'wanted the private capital too', question: 'How big is the EXIM loan behind Project Vault?', kbVersion: (await shippedKnowledgeBase()).version, platform: 'slack' });
    expect(record!.answer).toMatch(/\$10 billion/);
    expect(record!.citations[0]).toMatchObject({ source: 'clk-2026-02-05', locator: '¶6' });
    expect(JSON.stringify((await store.feedback()))).not.toContain('U777');
  });

  it('stores declined questions as coverage gaps, and the report lists both', async () => {
    for (let i = 0; i < 3; i++) await bot.handleQuestion('What is the lithium price in 2030?', { platform: 'discord', channelId: 'C1', userId: `U${i}` });
    await bot.handleQuestion('Who will win the World Cup?', { platform: 'discord', channelId: 'C1' });
    const answer = await bot.handleQuestion('When is the MOU due?', { platform: 'discord', channelId: 'C1' });
    await bot.handleFeedback({ feedbackId: answer.feedbackId!, vote: 'down' }, { platform: 'discord', channelId: 'C1' });
    // Declined questions are recorded after the reply, in batches at most a second apart.
    await vi.waitFor(async () => expect((await store.feedback()).filter((f) => f.kind === 'declined')).toHaveLength(4), { timeout: 5000 });
    const report = feedbackReport((await store.feedback()), { since: '2026-01-01' });
    expect(report).toMatch(/0 up, 1 down, 4 declined questions/);
    expect(report).toMatch(/Q: When is the MOU due\?/);
    expect(report).toMatch(/-\s+3× What is the lithium price in 2030\?/);
    expect(report.indexOf('lithium')).toBeLessThan(report.indexOf('World Cup'));
  });

  it('says when an answer is too old to rate', async () => {
    expect(await bot.handleFeedback({ feedbackId: 'nope', vote: 'up' }, { platform: 'discord' })).toMatchObject({ kind: 'user-error' });
  });
});

describe('one vote per person per answer', () => {
  it('a second click by the same person replaces the first; another person adds one', async () => {
    const answer = await bot.handleQuestion('How big is the EXIM loan behind Project Vault?', { platform: 'slack', channelId: 'C9', userId: 'U1' });
    const rate = (vote: 'up' | 'down', userId: string) => bot.handleFeedback({ feedbackId: answer.feedbackId!, vote }, { platform: 'slack', channelId: 'C9', userId });
    await rate('up', 'U1');
    await rate('down', 'U1');
    await rate('up', 'U2');
    expect((await store.feedback()).map((f) => f.vote)).toEqual(['down', 'up']);
  });
});

describe('following one agreement', () => {
  const channel = { platform: 'discord', channelId: 'C1' };

  it('subscribe NAME follows that agreement only (resolved like other commands: id, alias, loose name); a second adds to the list; subscriptions names them', async () => {
    const first = await bot.handleText('subscribe us-mexico', discord(true));
    expect(first).toMatchObject({ kind: 'info', title: 'Subscribed' });
    expect(first.text).toMatch(/^This channel now receives deadline reminders and announcements for “US–Mexico Critical Minerals Action Plan” only\./);
    expect(await store.subscription(channel)).toMatchObject({ topics: ['deadlines', 'announcements'], agreements: ['us-mexico-action-plan'] });

    // The topic word first, then the name; a loose name finds its agreement.
    await bot.handleText('/subscribe deadlines projct vault', discord(true));
    expect(await store.subscription(channel)).toMatchObject({ topics: ['deadlines'], agreements: ['us-mexico-action-plan', 'project-vault'] });
    // As Discord sends it: the option by name, the value an id from autocomplete.
    await bot.handleCommand('subscribe', { topics: 'deadlines', agreement: 'project-vault' }, discord(true));
    expect((await store.subscription(channel))!.agreements).toEqual(['us-mexico-action-plan', 'project-vault']);
    expect(pokes).toBe(3);

    const status = await bot.handleText('subscriptions', discord(false));
    expect(status.text).toBe('This channel receives deadline reminders for “US–Mexico Critical Minerals Action Plan” and “Project Vault” only, since 2026-02-27.');
  });

  it('subscribe without an agreement follows every agreement again; unsubscribe NAME drops one, and the last one ends the subscription', async () => {
    await bot.handleText('subscribe us-mexico', discord(true));
    const all = await bot.handleText('subscribe', discord(true));
    expect(all.text).toMatch(/^This channel now receives deadline reminders and announcements\./);
    expect((await store.subscription(channel))!.agreements).toBeUndefined();
    expect((await bot.handleText('unsubscribe vault', discord(true))).text).toBe('This channel follows every agreement, so there is no one agreement to stop following.');

    await bot.handleText('subscribe us-mexico', discord(true));
    await bot.handleText('subscribe vault', discord(true));
    expect(await bot.handleText('unsubscribe us-eu mou', discord(true))).toMatchObject({ kind: 'user-error', text: 'This channel does not follow “US–EU Memorandum of Understanding on critical minerals”.' });
    expect((await bot.handleText('unsubscribe vault', discord(true))).text).toBe('This channel no longer follows “Project Vault”; it receives deadline reminders and announcements for “US–Mexico Critical Minerals Action Plan” only.');
    expect(await bot.handleText('unsubscribe us-mexico', discord(false))).toMatchObject({ kind: 'user-error', text: 'You may not change this channel’s subscriptions.' });
    expect((await bot.handleText('unsubscribe us-mexico', discord(true))).text).toMatch(/^This channel followed only “US–Mexico Critical Minerals Action Plan”; it will receive no more/);
    expect(await store.subscriptions()).toEqual([]);
  });

  it('an unknown name changes nothing and lists the close matches', async () => {
    await bot.handleText('subscribe deadlines', discord(true));
    const r = await bot.handleText('subscribe us japan', discord(true));
    expect(r).toMatchObject({ kind: 'user-error', text: 'No agreement matches “us japan”.' });
    expect(r.notes[0]).toMatch(/^Did you mean “US–Japan critical minerals framework”/);
    expect(await store.subscription(channel)).toMatchObject({ topics: ['deadlines'] });
    expect((await store.subscription(channel))!.agreements).toBeUndefined();
    // Only the three topic words are topics: anything else is a name.
    expect((await bot.handleText('subscribe toString', discord(true))).text).toBe('No agreement matches “toString”.');
  });

  it('the console reads `subscribe <name>` the same way: the name is resolved, and the console itself is no channel to post in', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => (printed += d.toString()));
    const done = createConsoleAdapter(bot, { input, output }).start();
    input.end('subscribe mexco zzqx\nsubscribe us-mexico\nsubscriptions\n');
    await done;
    expect(printed).toMatch(/No agreement matches “mexco zzqx”\.\s+Did you mean “US–Mexico Critical Minerals Action Plan”/);
    expect(printed).toMatch(/Subscriptions belong to a chat channel the bot can post in/);
    expect(await store.subscriptions()).toEqual([]);
  });

  it('the store keeps the list across a restart; a subscribe that leaves it out keeps it, null clears it', async () => {
    const at = new Date('2026-02-27T10:00:00Z');
    await store.subscribe(channel, ['deadlines'], at, { agreements: ['project-vault', 'project-vault'] });
    await store.close();
    store = await LowdbStore.open(data.file);
    expect(await store.subscription(channel)).toMatchObject({ agreements: ['project-vault'] });
    await store.subscribe(channel, ['announcements'], at, { events: false });
    expect(await store.subscription(channel)).toMatchObject({ topics: ['announcements'], agreements: ['project-vault'] });
    await store.subscribe(channel, ['announcements'], at, { agreements: null });
    expect(await store.subscription(channel)).not.toHaveProperty('agreements');
  });
});
