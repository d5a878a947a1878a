import path from 'node:path';
import { loadConfig } from '../config.ts';
import { addSource } from '../knowledge/sources/add.ts';
import { checkKnowledgeBase, knowledgePaths, loadKnowledgeBase } from '../knowledge/load.ts';
import { formatProblem } from '../knowledge/problems.ts';
import { parseArgs } from './args.ts';
import { runCli, UsageError } from './run.ts';

const USAGE = `usage: npm run kb -- <command>
  add FILE [--title T] [--publisher P] [--published YYYY-MM-DD] [--url U]
                 keep a document (text, Markdown or HTML) in seeds/ and print its paragraph ids
  validate       check every source and curated file; report every problem; exit 1 if any
  list           entries and sources
  stats          how many entries, sources, deadlines; the as-of date
  show SOURCE    a source's paragraphs with their ids, to cite them`;

/** `npm run kb -- …`: the curator's tools. Nothing here can leave the knowledge base half-written. */
runCli(async () => {
  const { values, positionals } = parseArgs({
    options: { title: { type: 'string' }, publisher: { type: 'string' }, published: { type: 'string' }, url: { type: 'string' } },
    allowPositionals: true,
  });
  const [command, ...rest] = positionals;
  const paths = knowledgePaths(loadConfig().knowledgeDir);
  const out = (line = '') => process.stdout.write(`${line}\n`);

  switch (command) {
    case 'add': {
      const file = rest[0];
      if (!file) throw new UsageError(USAGE);
      const added = await addSource({ file: path.resolve(file), ...values }, paths.seeds);
      out(`Added ${added.id} (${added.format}) as seeds/${added.textFile} with seeds/${added.metaFile}.`);
      out('Paragraphs (cite them as paragraph: pN, with a few words of it as quote):');
      for (const p of added.paragraphs) out(`  ${p.id.padEnd(4)} ${p.heading ? '[heading] ' : ''}${oneLine(p.text, 110)}`);
      out();
      out(`The bot can answer from it at once (restart it, or send it SIGHUP). To curate, cite it with source: ${added.id}.`);
      return 0;
    }
    case 'validate': {
      const { kb, problems } = await checkKnowledgeBase(paths);
      if (problems.length > 0) {
        process.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
        return 1;
      }
      out(`OK: ${kb!.sources.length} source(s), ${kb!.entries.length} entries, ${kb!.deadlines.length} deadlines; sources as of ${kb!.asOf}.`);
      return 0;
    }
    case 'list': {
      const kb = await loadKnowledgeBase(paths);
      out('Entries:');
      for (const e of kb.entries) out(`  ${e.id.padEnd(42)} ${e.kind.padEnd(22)} ${e.name}${e.deadlines.length ? `  [${e.deadlines.length} deadline${e.deadlines.length === 1 ? '' : 's'}]` : ''}`);
      out('Sources:');
      for (const s of kb.sources) out(`  ${s.id.padEnd(42)} ${s.published}  ${s.publisher}: ${s.title}`);
      return 0;
    }
    case 'stats': {
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
      const kb = await loadKnowledgeBase(paths);
      const source = kb.source(rest[0] ?? '');
      if (!source) {
        process.stderr.write(`No source "${rest[0] ?? ''}". Sources: ${kb.sources.map((s) => s.id).join(', ')}\n`);
        return 1;
      }
      out(`${source.id}: ${source.title} (${source.publisher}, ${source.published})`);
      for (const p of source.paragraphs) out(`  ${p.id.padEnd(4)} ${p.heading ? '[heading] ' : ''}${p.text}`);
      return 0;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return command ? 1 : 0;
  }
});

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
