import path from 'node:path';
import { loadConfig, type Config } from '../config.ts';
import { createLogger } from '../core/log.ts';
import { openStore } from '../store/open.ts';
import { createFetcher, DEFAULT_FETCH_POLICY } from '../watching/fetch.ts';
import { FeedWatcher } from '../watching/watcher.ts';
import { systemClock } from '../core/clock.ts';
import { addSource, type AddedSource } from '../knowledge/sources/add.ts';
import { readStoreFile } from '../store/lowdb-store.ts';
import type { InboxItem } from '../store/store.ts';
import { acceptItem, dismissItem } from '../watching/accept.ts';
import { checkKnowledgeBase, knowledgePaths, loadKnowledgeBase } from '../knowledge/load.ts';
import { formatProblem } from '../knowledge/problems.ts';
import { dateFlag, UsageError, type ToolSpec } from './command-line.ts';
import { runTool } from './run.ts';

const KB = {
  run: 'npm run kb --',
  synopsis: [
    'add FILE --publisher P --published YYYY-MM-DD [--title T] [--url U]',
    'validate | list | stats | show SOURCE',
    'watch [--once]',
    'inbox [--json] [--all] | accept ID [--title T] [--publisher P] [--published YYYY-MM-DD] | dismiss ID',
  ],
  summary: "The curator's tools, on the knowledge base in POLICYBOT_KNOWLEDGE_DIR (default: this repository). Nothing here can leave it half-written.",
  flags: {
    publisher: { type: 'string', value: 'P', description: 'add: who published the document (accept: instead of the feed\'s)' },
    published: { type: 'string', value: 'YYYY-MM-DD', description: 'add: the day it was published (accept: instead of the feed\'s)' },
    title: { type: 'string', value: 'T', description: 'add: its title (default: the first heading or line; accept: the feed\'s)' },
    url: { type: 'string', value: 'U', description: 'add: its address' },
    once: { type: 'boolean', description: 'watch: poll every feed once and exit (within a minute, whatever a feed does)' },
    json: { type: 'boolean', description: 'inbox: one JSON object per line (id, title, url, feed, published, entries, …)' },
    all: { type: 'boolean', description: 'inbox: accepted and dismissed items too' },
  },
  positionals: true,
  more: [
    'commands:',
    '  add FILE       keep a document (text, Markdown or HTML) in seeds/ and print its paragraph ids',
    '  validate       check every source and curated file; report every problem (file, line, field); exit 1 if any',
    '  list           entries and sources',
    '  stats          how many entries, sources, deadlines; the as-of date',
    '  show SOURCE    a source’s paragraphs with their ids, to cite them',
    '  watch          poll the feeds in POLICYBOT_FEEDS; items that touch the knowledge base go to the inbox in the',
    '                 data store (POLICYBOT_DATA); every POLICYBOT_FEED_INTERVAL, or once with --once (exit 1 if a feed failed)',
    '  inbox          the items waiting: id, title, feed, date, the entries they touch (reads the data file only)',
    '  accept ID      fetch the item\'s page, keep it as a source (like add), validate, print its paragraph ids',
    '  dismiss ID     set the item aside; it is not offered again',
  ],
} as const satisfies ToolSpec;

const ADD_ONLY = ['publisher', 'published', 'title', 'url'] as const;
/** What accept may change of the feed's metadata. */
const ACCEPT_TOO: readonly string[] = ['publisher', 'published', 'title'];

runTool(KB, async ({ values, positionals }) => {
  const [command, ...rest] = positionals;
  if (!command) throw new UsageError('a command is needed: add, validate, list, stats, show, watch, inbox, accept or dismiss');
  if (command !== 'add') {
    const stray = ADD_ONLY.find((flag) => values[flag] !== undefined && !(command === 'accept' && ACCEPT_TOO.includes(flag)));
    if (stray) throw new UsageError(`--${stray} belongs to "add"${ACCEPT_TOO.includes(stray) ? ' and "accept"' : ''}, not "${command}"`);
  }
  if (command !== 'watch' && values.once) throw new UsageError(`--once belongs to "watch", not "${command}"`);
  for (const flag of ['json', 'all'] as const) if (command !== 'inbox' && values[flag]) throw new UsageError(`--${flag} belongs to "inbox", not "${command}"`);
  const expectArguments = (count: number, what: string) => {
    if (rest.length < count) throw new UsageError(`${command} needs ${what}`);
    if (rest.length > count) throw new UsageError(`unexpected argument "${rest[count]}" after ${command}${count > 0 ? ` ${rest.slice(0, count).join(' ')}` : ''}`);
  };
  const config = loadConfig();
  const paths = knowledgePaths(config.knowledgeDir);
  const out = (line = '') => process.stdout.write(`${line}\n`);

  switch (command) {
    case 'add': {
      expectArguments(1, 'the FILE to add');
      const published = dateFlag('published', values.published);
      const added = await addSource(
        {
          file: path.resolve(rest[0]!),
          ...(values.title !== undefined ? { title: values.title } : {}),
          ...(values.publisher !== undefined ? { publisher: values.publisher } : {}),
          ...(published ? { published } : {}),
          ...(values.url !== undefined ? { url: values.url } : {}),
        },
        paths.seeds,
      );
      printAdded(added, out);
      return 0;
    }
    case 'inbox': {
      expectArguments(0, '');
      const inbox = await readInbox(config);
      if (!inbox) {
        process.stderr.write(`kb: inbox: no data file at ${config.dataFile} (POLICYBOT_DATA); nothing has been watched yet.\n`);
        return 1;
      }
      const items = inbox.filter((i) => values.all || i.state === 'waiting');
      if (values.json) {
        for (const i of items) out(JSON.stringify({ id: i.id, title: i.title, url: i.url, feed: i.feed, published: i.published ?? null, entries: i.entries, keywords: i.keywords, publisher: i.publisher ?? null, state: i.state, found: i.found }));
        return 0;
      }
      if (items.length === 0) {
        out(values.all ? 'The inbox is empty.' : 'No item is waiting in the inbox.');
        return 0;
      }
      for (const i of items) {
        out(`${i.id}  ${i.published ?? '(no date)'}  ${oneLine(i.title, 100)}${i.state === 'waiting' ? '' : `  [${i.state}${i.settled?.source ? ` as ${i.settled.source}` : ''}]`}`);
        out(`          ${i.url}`);
        out(`          from ${i.feed}; touches ${[...i.entries, ...i.keywords.map((k) => `"${k}"`)].join(', ')}`);
      }
      out();
      out('Keep one as a source: npm run kb -- accept ID   Set one aside: npm run kb -- dismiss ID');
      return 0;
    }
    case 'accept': {
      expectArguments(1, 'the ID of an inbox item (see `npm run kb -- inbox`)');
      const published = dateFlag('published', values.published);
      const log = createLogger(config.logLevel);
      const store = await openStore(config, log);
      try {
        const { item, added } = await acceptItem(
          { id: rest[0]!, ...(values.title !== undefined ? { title: values.title } : {}), ...(values.publisher !== undefined ? { publisher: values.publisher } : {}), ...(published ? { published } : {}) },
          { store, fetcher: createFetcher({ ...DEFAULT_FETCH_POLICY, allowPrivate: config.fetchAllowPrivate }), paths, clock: systemClock },
        );
        out(`Accepted inbox item ${item.id}: ${item.title}`);
        printAdded(added, out);
        out('The knowledge base validates with it. To record what it reports about an entry, add a development citing it (docs/curating.md).');
        return 0;
      } finally {
        await store.close();
      }
    }
    case 'dismiss': {
      expectArguments(1, 'the ID of an inbox item (see `npm run kb -- inbox`)');
      const store = await openStore(config, createLogger(config.logLevel));
      try {
        const item = await dismissItem(store, rest[0]!, systemClock);
        out(`Dismissed ${item.id}: ${item.title}. It will not be offered again.`);
        return 0;
      } finally {
        await store.close();
      }
    }
    case 'validate': {
      expectArguments(0, '');
      const { kb, problems } = await checkKnowledgeBase(paths);
      if (problems.length > 0) {
        process.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
        return 1;
      }
      const developments = kb!.entries.reduce((n, e) => n + e.developments.length, 0);
      out(`OK: ${kb!.sources.length} source(s), ${kb!.entries.length} entries, ${kb!.deadlines.length} deadlines${developments > 0 ? `, ${developments} development${developments === 1 ? '' : 's'}` : ''}; sources as of ${kb!.asOf}.`);
      return 0;
    }
    case 'list': {
      expectArguments(0, '');
      const kb = await loadKnowledgeBase(paths);
      out('Entries:');
      for (const e of kb.entries) out(`  ${e.id.padEnd(42)} ${e.kind.padEnd(22)} ${e.name}${e.deadlines.length ? `  [${e.deadlines.length} deadline${e.deadlines.length === 1 ? '' : 's'}]` : ''}`);
      out('Sources:');
      for (const s of kb.sources) out(`  ${s.id.padEnd(42)} ${s.published}  ${s.publisher}: ${s.title}`);
      return 0;
    }
    case 'stats': {
      expectArguments(0, '');
      const kb = await loadKnowledgeBase(paths);
      const cited = new Set(kb.entries.flatMap((e) => [e.summary, ...e.facts, ...e.instruments].flatMap((c) => c.citations.map((x) => `${x.sourceId}#${x.paragraphId}`))));
      const paragraphs = kb.sources.reduce((n, s) => n + s.paragraphs.filter((p) => !p.heading).length, 0);
      out(`entries:    ${kb.entries.length}`);
      out(`sources:    ${kb.sources.length} (${paragraphs} paragraphs, ${cited.size} cited by entries)`);
      out(`deadlines:  ${kb.deadlines.length}`);
      out(`developments: ${kb.entries.reduce((n, e) => n + e.developments.length, 0)}`);
      out(`as of:      ${kb.asOf}`);
      out(`version:    ${kb.version}`);
      return 0;
    }
    case 'show': {
      expectArguments(1, 'the SOURCE id to show (see `npm run kb -- list`)');
      const kb = await loadKnowledgeBase(paths);
      const source = kb.source(rest[0]!);
      if (!source) {
        process.stderr.write(`No source "${rest[0]}". Sources: ${kb.sources.map((s) => s.id).join(', ')}\n`);
        return 1;
      }
      out(`${source.id}: ${source.title} (${source.publisher}, ${source.published})`);
      for (const p of source.paragraphs) out(`  ${p.id.padEnd(4)} ${p.heading ? '[heading] ' : ''}${p.text}`);
      return 0;
    }
    case 'watch': {
      expectArguments(0, '');
      return watch(config, paths, values.once === true, out);
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
});

function printAdded(added: AddedSource, out: (line?: string) => void): void {
  out(`Added ${added.id} (${added.format}) as seeds/${added.textFile} with seeds/${added.metaFile}.`);
  out('Paragraphs (cite them as paragraph: pN, with a few words of it as quote):');
  for (const p of added.paragraphs) out(`  ${p.id.padEnd(4)} ${p.heading ? '[heading] ' : ''}${oneLine(p.text, 110)}`);
  out();
  out(`The bot can answer from it at once (restart it, or send it SIGHUP). To curate, cite it with source: ${added.id}.`);
}

/** The inbox: from the database when POLICYBOT_DATABASE_URL is set, else read from the data file without locking it (undefined when there is none). */
async function readInbox(config: Config): Promise<readonly InboxItem[] | undefined> {
  if (!config.databaseUrl) return (await readStoreFile(config.dataFile))?.inbox;
  const store = await openStore(config, createLogger(config.logLevel));
  try {
    return await store.inbox();
  } finally {
    await store.close();
  }
}

/** `watch`: polls the feeds into the inbox, once or until stopped. */
async function watch(config: Config, paths: ReturnType<typeof knowledgePaths>, once: boolean, out: (line?: string) => void): Promise<number> {
  if (config.feeds.urls.length === 0) {
    process.stderr.write('kb: watch: POLICYBOT_FEEDS names no feed. Set it to RSS/Atom feeds or Federal Register documents.json searches, separated by commas.\n');
    return 1;
  }
  const kb = await loadKnowledgeBase(paths);
  const log = createLogger(config.logLevel);
  const store = await openStore(config, log);
  try {
    const watcher = new FeedWatcher({
      feeds: config.feeds.urls,
      store,
      knowledge: () => kb,
      fetcher: createFetcher({ ...DEFAULT_FETCH_POLICY, allowPrivate: config.fetchAllowPrivate }),
      clock: systemClock,
      log,
    });
    if (!once) {
      watcher.start(config.feeds.intervalMs);
      out(`Watching ${config.feeds.urls.length} feed(s) every ${Math.round(config.feeds.intervalMs / 60_000)} min; new items go to the inbox (npm run kb -- inbox). Ctrl-C stops.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await watcher.stop();
      return 0;
    }
    const reports = await watcher.pollOnce({ deadline: Date.now() + 50_000 });
    for (const r of reports) {
      if (r.ok) out(`ok      ${r.feed}: ${r.offered} item(s), ${r.added.length} new in the inbox`);
      else out(`FAILED  ${r.feed}: ${r.error} (${r.attempts} attempt${r.attempts === 1 ? '' : 's'})`);
      for (const item of r.added) out(`          ${item.id}  ${oneLine(item.title, 80)}  [${[...item.entries, ...item.keywords.map((k) => `"${k}"`)].join(', ')}]`);
    }
    const waiting = (await store.inbox()).filter((i) => i.state === 'waiting').length;
    out(`${waiting} item(s) waiting in the inbox: npm run kb -- inbox`);
    return reports.every((r) => r.ok) ? 0 : 1;
  } finally {
    await store.close();
  }
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
