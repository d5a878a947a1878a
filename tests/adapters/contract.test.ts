import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { createDiscordAdapter } from '../../src/adapters/discord/discord-adapter.ts';
import { platformsToStart, type PlatformPlugin } from '../../src/adapters/platform.ts';
import { PLATFORMS } from '../../src/adapters/registry.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.ts';
import { createBot, type Bot } from '../../src/bot.ts';
import { loadConfig, sectionOf } from '../../src/config.ts';
import { fixedClock } from '../../src/core/clock.ts';
import type { Adapter } from '../../src/core/adapter.ts';
import { PLATFORM_ID } from '../../src/core/platform.ts';
import { reply } from '../../src/core/reply.ts';
import { Secret } from '../../src/core/secret.ts';
import { Scheduler } from '../../src/following/scheduler.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { knowledgePaths } from '../../src/knowledge/load.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { startFakeDiscord } from '../fakes/discord-stand-in.ts';
import { directMessage, eventCallback, JSON_TYPE, postSigned, SIGNING_SECRET } from '../fakes/slack-requests.ts';
import { BOT_ID, BOT_USER_ID, startFakeSlackWebApi, waitFor } from '../fakes/slack-web-api.ts';
import { memoryLogger, PROJECT_ROOT, shippedKnowledgeBase } from '../support/core.ts';
import { MemoNetwork, memoPlatform } from '../support/memo/platform.ts';
import { tempDataDir } from '../support/store.ts';

/**
 * One contract, every adapter: Slack, Discord and the console as shipped, and
 * "memo", a platform the rest of the code has never heard of (tests/support/memo:
 * its folder, and one line in this suite's registry). Each runs against its
 * stand-in, through a driver that knows how a person uses that platform.
 */

const TODAY = '2026-02-27';
const QUESTION = 'How big is the EXIM loan behind Project Vault?';
const SOURCE = 'US-Led Efforts to Coordinate Critical Minerals Trade Policies Take Shape';

interface Session {
  readonly adapter: Adapter;
  /** A person asks, as that platform lets them; what they see, as text. */
  ask(text: string): Promise<string>;
  /** A channel the bot can post into (platforms that post). */
  readonly channel?: string;
  /** What reached that channel, as text. */
  posted(): string[];
  close(): Promise<void>;
}

interface Driver {
  /** How the suite names it, when one platform runs in more than one way. */
  readonly label?: string;
  readonly plugin: PlatformPlugin;
  /** An environment that configures it (empty for the fallback). */
  readonly env: Record<string, string>;
  /** What would notify everyone on that platform, were it left in a rendered reply. */
  readonly broadcast?: RegExp;
  start(bot: Bot): Promise<Session>;
}

const network = new MemoNetwork();
/** A Slack adapter driven as a person uses it: a DM for each question, the answer read off the stand-in Web API. */
function slackSession(
  adapter: SlackAdapter,
  api: Awaited<ReturnType<typeof startFakeSlackWebApi>>,
  where: { channel: string; dms: string; workspace?: string; token?: string },
): Session {
  const url = `http://127.0.0.1:${adapter.port}/slack/events`;
  let n = 0;
  const inChannel = (channel: string) => api.posted().filter((c) => c.params.channel === channel && (where.token === undefined || c.token === where.token));
  return {
    adapter,
    channel: where.workspace ? `${where.workspace}:${where.channel}` : where.channel,
    async ask(text) {
      const dm = `${where.dms}${(n += 1)}`;
      await postSigned(url, JSON.stringify(eventCallback(directMessage({ text, channel: dm }))), JSON_TYPE);
      const [posted] = await waitFor(() => inChannel(dm).length > 0 && inChannel(dm), 'the answer');
      return JSON.stringify(posted!.params.blocks);
    },
    posted: () => inChannel(where.channel).map((c) => JSON.stringify(c.params.blocks)),
    async close() {
      await adapter.stop();
      await api.close();
    },
  };
}

let rooms = 0;
const memo = memoPlatform(network);
/** This suite's registry: the shipped one, and one line for the new platform. */
const REGISTRY = [...PLATFORMS, memo];
const plugin = (id: string) => REGISTRY.find((p) => p.id === id)!;

const drivers: Driver[] = [
  {
    plugin: plugin('slack'),
    env: { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET },
    broadcast: /<!(channel|here|everyone)>/,
    async start(bot) {
      const api = await startFakeSlackWebApi();
      const adapter = createSlackAdapter(bot, { botToken: new Secret('xoxb-test-token'), signingSecret: new Secret(SIGNING_SECRET), apiUrl: api.url, port: 0, admins: [] }, memoryLogger(), { host: '127.0.0.1', apiTimeoutMs: 3000 });
      await adapter.start();
      return slackSession(adapter, api, { channel: 'C0CONTRACT', dms: 'D0CONTRACT' });
    },
  },
  {
    // Installed in many workspaces: its installation kept in the store, its channels the workspace's (`T0TEST:C…`).
    label: 'slack (many workspaces, OAuth)',
    plugin: plugin('slack'),
    env: { SLACK_CLIENT_ID: '1111111111.2222222222', SLACK_CLIENT_SECRET: '0123456789abcdef0123456789abcdef', SLACK_STATE_SECRET: 'state-secret-for-the-tests-0123456789', SLACK_SIGNING_SECRET: SIGNING_SECRET },
    broadcast: /<!(channel|here|everyone)>/,
    async start(bot) {
      const api = await startFakeSlackWebApi();
      const token = 'xoxb-contract-workspace-token';
      await store.putInstallation({ platform: 'slack', scope: 'team:T0TEST', data: { team: { id: 'T0TEST' }, bot: { token, id: BOT_ID, userId: BOT_USER_ID, scopes: ['chat:write'] }, isEnterpriseInstall: false }, at: `${TODAY}T00:00:00.000Z` });
      const oauth = { clientId: '1111111111.2222222222', clientSecret: new Secret('0123456789abcdef0123456789abcdef'), stateSecret: new Secret('state-secret-for-the-tests-0123456789') };
      const adapter = createSlackAdapter(bot, { oauth, signingSecret: new Secret(SIGNING_SECRET), apiUrl: api.url, port: 0, admins: [] }, memoryLogger(), { host: '127.0.0.1', apiTimeoutMs: 3000, store });
      await adapter.start();
      // Its channels are the workspace's, and what it posts there must carry that workspace's token.
      return slackSession(adapter, api, { channel: 'C0CONTRACT', dms: 'D0OAUTH', workspace: 'T0TEST', token });
    },
  },
  {
    plugin: plugin('discord'),
    env: { DISCORD_TOKEN: 'MTIz.abc.def' },
    broadcast: /(^|[^\u200b])@(everyone|here)/,
    async start(bot) {
      const discord = await startFakeDiscord();
      const adapter = createDiscordAdapter(bot, discord.config(), memoryLogger());
      await adapter.start();
      const channel = discord.ids.channelId;
      return {
        adapter,
        channel,
        async ask(text) {
          const { id } = discord.command('ask', { question: text });
          return JSON.stringify((await discord.callback(id)).body.data);
        },
        posted: () => discord.api.find('POST', new RegExp(`^/channels/${channel}/messages$`)).map((r) => JSON.stringify(r.body)),
        async close() {
          await adapter.stop();
          await discord.close();
        },
      };
    },
  },
  {
    plugin: plugin('console'),
    env: {},
    async start(bot) {
      // Piped input: one answer per line, the session ending with the input.
      const session = (lines: string) => {
        const input = new PassThrough();
        const output = new PassThrough();
        let printed = '';
        output.on('data', (d: Buffer) => (printed += d.toString()));
        const adapter = createConsoleAdapter(bot, { input, output });
        const done = adapter.start().then(() => printed);
        input.end(lines);
        return { adapter, done };
      };
      const idle = session('');
      await idle.done;
      return { adapter: idle.adapter, ask: (text) => session(`${text}\n`).done, posted: () => [], close: async () => undefined };
    },
  },
  {
    plugin: memo,
    env: { MEMO_NAME: 'policybot' },
    async start() {
      // Through its plug-in, as main.ts starts a platform.
      const config = loadConfig({ MEMO_NAME: 'policybot' }, REGISTRY);
      const adapter = await memo.create(sectionOf(config, memo)!, { bot: bot!, log: memoryLogger(), config, io: { input: new PassThrough(), output: new PassThrough() } });
      await adapter.start();
      return {
        adapter,
        channel: 'news',
        async ask(text) {
          const room = `room-${(rooms += 1)}`;
          await network.write(room, 'asker', text);
          return network.byBot(room).join('\n');
        },
        posted: () => network.byBot('news'),
        close: () => adapter.stop(),
      };
    },
  },
];

let bot: Bot | undefined;
let store: LowdbStore;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let knowledge: KnowledgeHolder;

async function setUp(): Promise<Bot> {
  if (bot) return bot;
  data = await tempDataDir();
  store = await LowdbStore.open(data.file);
  knowledge = new KnowledgeHolder(await shippedKnowledgeBase(), knowledgePaths(PROJECT_ROOT));
  bot = createBot({ knowledge, clock: fixedClock(TODAY), log: memoryLogger(), following: { store, reminderDays: [7, 0], subscriptionsChanged: () => {} } });
  return bot;
}

afterAll(async () => {
  await store?.close();
  await data?.dispose();
});

describe.each(drivers.map((d) => [d.label ?? d.plugin.id, d] as const))('the adapter contract: %s', (_label, driver) => {
  const id = driver.plugin.id;
  it('is a plug-in: an id, its own section of the configuration, and an adapter named after it', async () => {
    expect(id).toMatch(PLATFORM_ID);
    const unset = loadConfig({}, REGISTRY);
    const set = loadConfig(driver.env, REGISTRY);
    if (driver.plugin.fallback) expect(platformsToStart(unset, REGISTRY).map((p) => p.id)).toEqual([id]);
    else {
      expect(unset.platforms.has(id)).toBe(false);
      expect(set.platforms.has(id)).toBe(true);
      expect(platformsToStart(set, REGISTRY).map((p) => p.id)).toEqual([id]);
    }
  });

  it('answers a question asked there, with the source named once', async () => {
    const session = await driver.start(await setUp());
    try {
      expect(session.adapter.name).toBe(id);
      const seen = await session.ask(QUESTION);
      expect(seen).toContain('$10 billion');
      expect(seen.split(SOURCE)).toHaveLength(2);
    } finally {
      await session.close();
    }
  });

  it('stops cleanly, and a second stop is harmless', async () => {
    const session = await driver.start(await setUp());
    await session.close();
    await session.adapter.stop();
  });

  it('renders a reply with its renderer, keeping the words and pinging nobody', async () => {
    const shown = JSON.stringify(await driver.plugin.render(reply({ kind: 'info', title: 'Hello', text: 'Due soon <!channel> @everyone.' })));
    expect(shown).toContain('Due soon');
    if (driver.broadcast) expect(shown).not.toMatch(driver.broadcast);
  });

  it('posts a subscribed channel its reminders, when the platform can post: the store and scheduler take its id', async (context) => {
    const b = await setUp();
    const session = await driver.start(b);
    try {
      if (!session.adapter.post || !session.channel) {
        // The console talks to one person and has nowhere to post.
        expect(driver.plugin.fallback).toBe(true);
        context.skip();
        return;
      }
      await store.subscribe({ platform: id, channelId: session.channel }, ['deadlines'], new Date('2026-02-20T00:00:00Z'));
      const scheduler = new Scheduler({ store, knowledge, clock: fixedClock(TODAY), log: memoryLogger(), posters: { [id]: session.adapter.post.bind(session.adapter) }, reminderDays: [7, 0] });
      await scheduler.noteKnowledge();
      expect((await scheduler.tick()).sent).toBe(1);
      expect(session.posted().join('\n')).toMatch(/Deadline in 7 days: Conclusion of the US–EU memorandum/);
      expect((await store.post(`reminder:${id}:${session.channel}:us-eu-mou-conclusion@2026-03-06:7`))).toMatchObject({ state: 'sent' });
      // And it survives a restart of the store: the file accepts the new id.
      const file = data.file;
      await store.close();
      store = await LowdbStore.open(file);
      expect((await store.subscription({ platform: id, channelId: session.channel }))).toBeDefined();
      bot = createBot({ knowledge, clock: fixedClock(TODAY), log: memoryLogger(), following: { store, reminderDays: [7, 0], subscriptionsChanged: () => {} } });
    } finally {
      await session.close();
    }
  });
});

describe('a new platform', () => {
  it('needs no change outside its folder: subscribing from it works through the shared commands', async () => {
    const b = await setUp();
    const session = await drivers.at(-1)!.start(b);
    try {
      const said = await session.ask('subscribe announcements');
      expect(said).toMatch(/^Subscribed\nThis channel now receives announcements\./);
      expect((await store.subscriptions()).some((s) => s.channel.platform === 'memo' && s.topics.includes('announcements'))).toBe(true);
    } finally {
      await session.close();
    }
  });
});
