import { createBot, type Bot } from '../../src/bot.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { knowledgePaths } from '../../src/knowledge/load.ts';
import { reloadKnowledge } from '../../src/knowledge/reload.ts';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import type { ChannelRef } from '../../src/store/store.ts';
import { CuratorDesk, INBOX_ACTIONS } from '../../src/watching/curator.ts';
import { createFetcher, DEFAULT_FETCH_POLICY } from '../../src/watching/fetch.ts';
import { FeedWatcher } from '../../src/watching/watcher.ts';
import { rss, send, startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { memoryLogger } from './core.ts';
import { copyKnowledge, type KnowledgeCopy } from './kb-copy.ts';
import { tempDataDir } from './store.ts';

/**
 * The curators' channel as `npm start` wires it, without a platform: a feed
 * on loopback offering one item that touches Project Vault (its title tries
 * to ping everyone) and the page behind it, a copy of the knowledge base that
 * accepting it adds to, the data store, the feed watcher telling the desk of
 * new items, and a bot whose `inbox` actions the desk runs. A platform's test
 * hands the desk its adapter's `post`.
 */

export const VAULT_ITEM = {
  title: 'Project Vault stockpile adds gallium <!channel> @everyone @here',
  page: `<!doctype html><html><head><title>Project Vault adds gallium</title></head><body>
<h1>Project Vault adds gallium</h1>
<p>Project Vault will add gallium to the stockpile from July 1, 2026, the Department of Energy said.</p>
<p>The first purchases are planned for the third quarter of 2026.</p>
</body></html>`,
};

export interface CuratorStack {
  readonly bot: Bot;
  readonly desk: CuratorDesk;
  readonly watcher: FeedWatcher;
  readonly store: LowdbStore;
  readonly knowledge: KnowledgeHolder;
  readonly kb: KnowledgeCopy;
  readonly server: FeedServer;
  readonly log: ReturnType<typeof memoryLogger>;
  /** A second desk over the same store, as after a restart. */
  restartedDesk(): CuratorDesk;
  close(): Promise<void>;
}

export async function curatorStack(channel: ChannelRef): Promise<CuratorStack> {
  const server = await startFeedServer();
  server.route(
    '/wire/rss.xml',
    send(
      'application/rss+xml; charset=utf-8',
      rss([
        { title: VAULT_ITEM.title.replace(/</g, '&lt;').replace(/>/g, '&gt;'), link: server.url('/wire/vault'), guid: 'wire-vault-1', pubDate: 'Tue, 14 Apr 2026 09:00:00 GMT', description: 'The stockpile grows.' },
        { title: 'Fisheries quota notice for the Baltic season', link: server.url('/wire/fisheries'), guid: 'wire-fish-1', pubDate: 'Tue, 14 Apr 2026 09:00:00 GMT' },
      ]),
    ),
  );
  server.route('/wire/vault', send('text/html; charset=utf-8', VAULT_ITEM.page));
  const kb = await copyKnowledge();
  const data = await tempDataDir();
  const store = await LowdbStore.open(data.file);
  const paths = knowledgePaths(kb.root);
  const knowledge = await KnowledgeHolder.load(paths);
  const clock = fixedClock('2026-04-15');
  const log = memoryLogger('debug');
  const fetcher = createFetcher({ ...DEFAULT_FETCH_POLICY, allowPrivate: true });
  const makeDesk = () => new CuratorDesk({ channel, store, fetcher, paths, clock, log, knowledge: () => knowledge.kb, reload: () => reloadKnowledge(knowledge, log, 'inbox item accepted') });
  const desk = makeDesk();
  const bot = createBot({ knowledge, clock, log, actions: { [INBOX_ACTIONS]: (argument, invocation) => desk.act(argument, invocation) } });
  const watcher = new FeedWatcher({ feeds: [server.url('/wire/rss.xml')], store, knowledge: () => knowledge.kb, fetcher, clock, log, onNewItems: (items) => void desk.notify(items) });
  return {
    bot,
    desk,
    watcher,
    store,
    knowledge,
    kb,
    server,
    log,
    restartedDesk: makeDesk,
    async close() {
      await desk.stop();
      await store.close();
      await server.close();
      await kb.dispose();
      await data.dispose();
    },
  };
}
