import { platformsToStart } from './adapters/platform.ts';
import { PLATFORMS } from './adapters/registry.ts';
import { answeringOn, createCore, warmUp } from './app.ts';
import type { Following } from './commands/spec.ts';
import { ConfigError, debugRequested, loadConfig, type Config } from './config.ts';
import type { Adapter, EventCalendar } from './core/adapter.ts';
import { failureText } from './core/errors.ts';
import { fileErrorReason } from './core/files.ts';
import { atLeast, createLogger, type Logger } from './core/log.ts';
import { Scheduler, type Poster } from './following/scheduler.ts';
import { reloadKnowledge, watchKnowledge } from './knowledge/reload.ts';
import { openStore } from './store/open.ts';
import type { PlatformId } from './core/platform.ts';
import { createFetcher, DEFAULT_FETCH_POLICY } from './watching/fetch.ts';
import { FeedWatcher } from './watching/watcher.ts';
import type { CuratorDesk } from './watching/curator.ts';
import { knowledgePaths } from './knowledge/load.ts';
import type { Invocation } from './core/invocation.ts';
import type { InboxItem } from './store/store.ts';

/**
 * `npm start`: validates the configuration, loads the knowledge base (refusing
 * to run on an invalid one), opens the data store when a platform that keeps
 * data runs, and starts every configured platform of the registry; with none
 * configured, the fallback (the console).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const platforms = platformsToStart(config, PLATFORMS);
  // A platform that talks on this terminal (the console at a TTY) is a conversation: log lines stay out of it (see openLog).
  const log = openLog(config, platforms.some((p) => p.usesTerminal) && Boolean(process.stdin.isTTY));
  // The console alone keeps nothing unless asked to: two terminals may run side by side. Watched feeds need the inbox.
  const watching = config.feeds.urls.length > 0;
  // One factory chooses: PostgreSQL (POLICYBOT_DATABASE_URL, shared by instances) or the lowdb file.
  const store = platforms.some((p) => p.keepsData) || config.dataFileSet || config.databaseUrl || watching ? await openStore(config, log) : undefined;
  // Fair-use counters and deliveries already seen: in the database with PostgreSQL, so every instance counts and remembers as one.
  const opened = store ? (await import('./store/shared.ts')).sharedState(store) : undefined;
  let watcher: FeedWatcher | undefined;
  let scheduler: Scheduler | undefined;
  // The curators' channel: made once the core's knowledge exists; its buttons can be pressed only once the adapters run.
  let curator: CuratorDesk | undefined;
  const fetcher = createFetcher({ ...DEFAULT_FETCH_POLICY, allowPrivate: config.fetchAllowPrivate });
  // Loaded only when set: accepting pages brings the HTML reader and the knowledge checker along.
  const desk = config.curatorChannel && store ? await import('./watching/curator.ts') : undefined;
  const actions = desk ? { [desk.INBOX_ACTIONS]: (argument: string, invocation: Invocation) => curator!.act(argument, invocation) } : undefined;
  const following: Following | undefined = store ? { store, reminderDays: config.reminderDays, subscriptionsChanged: () => scheduler?.poke() } : undefined;

  // Platforms that serve requests (Slack, Discord) acknowledge on this thread, so answers are computed on others (POLICYBOT_WORKERS); the console answers here.
  const core = await createCore(config, log, {
    ...(following ? { following } : {}),
    ...(actions ? { actions } : {}),
    ...(opened ? { rateCounters: opened.rateCounters } : {}),
    ...(platforms.some((p) => !p.usesTerminal) ? { workers: config.workers } : {}),
  });
  if (desk && config.curatorChannel && store) {
    curator = new desk.CuratorDesk({
      channel: config.curatorChannel,
      store,
      fetcher,
      paths: knowledgePaths(config.knowledgeDir),
      clock: core.clock,
      log,
      knowledge: () => core.knowledge.kb,
      reload: () => reloadKnowledge(core.knowledge, log, 'inbox item accepted'),
    });
    if (!watching) log.warn('POLICYBOT_CURATOR_CHANNEL is set but POLICYBOT_FEEDS names no feed: the inbox gets no new items, so no notices are posted');
  }
  const adapters: Adapter[] = [];
  // Each plug-in loads its platform's library only here, when it is configured.
  for (const p of platforms) {
    adapters.push(await p.create(config.platforms.get(p.id), { bot: core.bot, log, config, ...(store ? { store } : {}), io: { input: process.stdin, output: process.stdout }, ...(opened?.seenKeys ? { seenKeys: opened.seenKeys } : {}) }));
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    unwatch?.();
    await watcher?.stop();
    await curator?.stop();
    await scheduler?.stop();
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await core.close();
    await store?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void reloadKnowledge(core.knowledge, log, 'SIGHUP'));
  // A user message must never bring the process down; whatever escapes a handler is logged.
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: reason instanceof Error ? reason : String(reason) }));
  const unwatch = config.watchKnowledge ? watchKnowledge(core.knowledge, log) : undefined;

  log.info('starting', { adapters: adapters.map((a) => a.name), answering: answeringOn(core), entries: core.knowledge.kb.entries.length, asOf: core.knowledge.kb.asOf, store: store?.description ?? 'none' });
  // A platform on this terminal runs until its input ends; the others serve until a signal.
  const terminal = adapters.find((_adapter, i) => platforms[i]!.usesTerminal);
  try {
    if (adapters.some((a) => a !== terminal)) await warmUp(core);
    await Promise.all(adapters.filter((a) => a !== terminal).map((a) => a.start()));
  } catch (error) {
    // A port in use or a refused token: let go of what did start (the store's lock above all) before saying why.
    unwatch?.();
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await core.close();
    await store?.close();
    throw error;
  }

  if (store) {
    const posters: Partial<Record<PlatformId, Poster>> = {};
    const calendars: Partial<Record<PlatformId, EventCalendar>> = {};
    for (const a of adapters) {
      if (a.post) posters[a.name] = a.post.bind(a);
      if (a.events) calendars[a.name] = a.events;
    }
    scheduler = new Scheduler({ store, knowledge: core.knowledge, clock: core.clock, log, posters, calendars, reminderDays: config.reminderDays, ...(config.postTimeoutMs ? { postTimeoutMs: config.postTimeoutMs } : {}) });
    core.knowledge.onChange(() => scheduler!.knowledgeChanged());
    scheduler.start();
  }
  // The curators' channel is on a configured platform (config.ts checks it), so its adapter runs.
  const curatorAdapter = curator ? adapters.find((a) => a.name === config.curatorChannel?.platform) : undefined;
  if (curator && curatorAdapter?.post) curator.postWith(curatorAdapter.post.bind(curatorAdapter));
  if (store && watching) {
    // Polls at start and every POLICYBOT_FEED_INTERVAL; a failing feed is logged and retried, never fatal. New inbox items go to the curators' channel, when one is set.
    const notices = curator;
    watcher = new FeedWatcher({ feeds: config.feeds.urls, store, knowledge: () => core.knowledge.kb, fetcher, clock: core.clock, log, ...(notices ? { onNewItems: (items: readonly InboxItem[]) => void notices.notify(items) } : {}) });
    watcher.start(config.feeds.intervalMs);
  }

  if (terminal) {
    await terminal.start();
    // The console ends with its input; nothing else keeps the process alive then.
    await stop('end of input');
  }
}

/**
 * The log: to `POLICYBOT_LOG_FILE` when it is set, at `LOG_LEVEL`; otherwise
 * JSON lines on stderr, which in an interactive console session share the
 * screen with the conversation, so there only warnings and errors are
 * written (a file takes the rest, when one is set).
 */
function openLog(config: Config, interactiveConsole: boolean): Logger {
  if (!config.logFile) return createLogger(interactiveConsole ? atLeast(config.logLevel, 'warn') : config.logLevel);
  try {
    return createLogger(config.logLevel, { file: config.logFile });
  } catch (error) {
    throw new ConfigError([{ variable: 'POLICYBOT_LOG_FILE', message: `cannot be used: ${config.logFile}: ${fileErrorReason(error)}. Set it to a file in a folder this user can write to, or leave it unset to log on stderr` }]);
  }
}

main().catch((error: unknown) => {
  // An operator's mistake reads as its message (the variable and what to do); a stack only with LOG_LEVEL=debug.
  process.stderr.write(`policybot cannot start.\n${failureText(error, { debug: debugRequested() })}\n`);
  process.exit(1);
});
