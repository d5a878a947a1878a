import path from 'node:path';
import { loadConfig, type Config } from '../config.ts';
import { createLogger } from '../core/log.ts';
import { LowdbStore } from '../store/lowdb-store.ts';
import { createFetcher, DEFAULT_FETCH_POLICY } from '../watching/fetch.ts';
import { FeedWatcher } from '../watching/watcher.ts';
import { systemClock } from '../core/clock.ts';
import { addSource } from '../knowledge/sources/add.ts';
import { checkKnowledgeBase, knowledgePaths, loadKnowledgeBase } from '../knowledge/load.ts';
import { formatProblem } from '../knowledge/problems.ts';
import { dateFlag, UsageError, type ToolSpec } from './command-line.ts';
import { runTool } from './run.ts';

const KB = {
  run: 'npm run kb --',
  synopsis: ['add FILE --publisher P --published YYYY-MM-DD [--title T] [--url U]', 'validate | list | stats | show SOURCE', 'watch [--once]'],
  summary: "The curator's tools, on the knowledge base in POLICYBOT_KNOWLEDGE_DIR (default: this repository). Nothing here can leave it half-written.",
  flags: {
    publisher: { type: 'string', value: 'P', description: 'add: who published the document' },
    published: { type: 'string', value: 'YYYY-MM-DD', description: 'add: the day it was published' },
    title: { type: 'string', value: 'T', description: 'add: its title (default: the first heading or line)' },
    url: { type: 'string', value: 'U', description: 'add: its address' },
    once: { type: 'boolean', description: 'watch: poll every feed once and exit (within a minute, whatever a feed does)' },
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
  ],
} as const satisfies ToolSpec;

const ADD_ONLY = ['publisher', 'published', 'title', 'url'] as const;

runTool(KB, async ({ values, positionals }) => {
  const [command, ...rest] = positionals;
  if (!command) throw new UsageError('a command is needed: add, validate, list, stats or show');
  if (command !== 'add') {
    const stray = ADD_ONLY.find((flag) => values[flag] !== undefined);
    if (stray) throw new UsageError(`--${stray} belongs to "add", not "${command}"`);
  }
  if (command !== 'watch' && values.once) throw new UsageError(`--once belongs to "watch", not "${command}"`);
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
      out(`Added ${added.id} (${added.format}) as seeds/${added.textFile} with seeds/${added.metaFile}.`);
      out('Paragraphs (cite them as paragraph: pN, with a few words of it as quote):');
      for (const p of added.paragraphs) out(`  ${p.id.padEnd(4)} ${p.heading ? '[heading] ' : ''}${oneLine(p.text, 110)}`);
      out();
      out(`The bot can answer from it at once (restart it, or send it SIGHUP). To curate, cite it with source: ${added.id}.`);
      return 0;
    }
    case 'validate': {
      expectArguments(0, '');
      const { kb, problems } = await checkKnowledgeBase(paths);
      if (problems.length > 0) {
        process.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
        return 1;
      }
      out(`OK: ${kb!.sources.length} source(s), ${kb!.entries.length} entries, ${kb!.deadlines.length} deadlines; sources as of ${kb!.asOf}.`);
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

/** `watch`: polls the feeds into the inbox, once or until stopped. */
async function watch(config: Config, paths: ReturnType<typeof knowledgePaths>, once: boolean, out: (line?: string) => void): Promise<number> {
  if (config.feeds.urls.length === 0) {
    process.stderr.write('kb: watch: POLICYBOT_FEEDS names no feed. Set it to RSS/Atom feeds or Federal Register documents.json searches, separated by commas.\n');
    return 1;
  }
  const kb = await loadKnowledgeBase(paths);
  const log = createLogger(config.logLevel);
  const store = await LowdbStore.open(config.dataFile, { log });
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
    const waiting = store.inbox().filter((i) => i.state === 'waiting').length;
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
