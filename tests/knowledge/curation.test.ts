import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { knowledgePaths } from '../../src/knowledge/load.ts';
import { reloadKnowledge, watchKnowledge } from '../../src/knowledge/reload.ts';
import { addSource } from '../../src/knowledge/sources/add.ts';
import { memoryLogger, PROJECT_ROOT } from '../support/core.ts';
import { copyKnowledge, type KnowledgeCopy } from '../support/kb-copy.ts';
import { runScript } from '../support/run.ts';

let kb: KnowledgeCopy;
beforeEach(async () => {
  kb = await copyKnowledge();
});
afterEach(async () => {
  await kb.dispose();
});

async function incoming(name: string, text: string): Promise<string> {
  const file = path.join(tmpdir(), `policybot-incoming-${process.pid}-${name}`);
  await writeFile(file, text);
  return file;
}

const ask = async (root: string, question: string, now = '2026-11-28') => {
  const holder = await KnowledgeHolder.load(knowledgePaths(root));
  const bot = createBot({ knowledge: holder, clock: fixedClock(now), log: memoryLogger() });
  return bot.handleQuestion(question, { platform: 'cli' });
};

describe('npm run kb -- add', () => {
  it('keeps a plain-text document verbatim, and it answers before anyone curates it', async () => {
    const text = 'Graphite talks open\n\nThe United States and Canada opened talks on graphite supply on March 2, 2026. Officials expect a first round within 45 days.\n';
    const added = await addSource({ file: await incoming('graphite.txt', text), publisher: 'Example Wire', published: '2026-03-03' }, path.join(kb.root, 'seeds'));
    expect(added).toMatchObject({ id: 'example-wire-2026-03-03-graphite-talks-open', format: 'text' });
    expect(await kb.read(`seeds/${added.textFile}`)).toBe(text);
    expect(added.paragraphs.map((p) => p.id)).toEqual(['p1', 'p2']);
    const meta = JSON.parse(await kb.read(`seeds/${added.metaFile}`)) as Record<string, string>;
    expect(meta).toMatchObject({ title: 'Graphite talks open', publisher: 'Example Wire', published: '2026-03-03' });

    const r = await ask(kb.root, 'Which countries opened talks on graphite supply?');
    expect(r.kind).toBe('answer');
    expect(r.citations[0]).toMatchObject({ sourceId: added.id, locator: '¶2', quote: 'The United States and Canada opened talks on graphite supply on March 2, 2026.' });
  });

  it('keeps Markdown as written', async () => {
    const md = '# Cobalt note\n\nThe Cobalt Forum met in **Lisbon** on 2026-03-09.\n\n- item one\n- item two\n';
    const added = await addSource({ file: await incoming('cobalt.md', md), publisher: 'Notes', published: '2026-03-10' }, path.join(kb.root, 'seeds'));
    expect(added.format).toBe('markdown');
    expect(await kb.read(`seeds/${added.textFile}`)).toBe(md);
    expect(added.paragraphs[0]).toMatchObject({ text: '# Cobalt note', heading: true });
  });

  it('reduces HTML to its text with the library, keeps the original beside it, and takes the title from it', async () => {
    const html = `<!doctype html><html><head><title>Lithium &amp; the EU</title><script>var x = "<p>not text</p>";</script></head>
      <body><nav>Home | News</nav><h1>Lithium &amp; the EU</h1><p>The EU and Chile agreed on lithium &ldquo;offtake&rdquo; terms.</p>
      <ul><li>First point</li><li>Second point</li></ul><p>Prices were <b>not</b> disclosed.</p></body></html>`;
    const added = await addSource({ file: await incoming('lithium.html', html), publisher: 'Example News', published: '2026-04-01', url: 'https://example.com/lithium' }, path.join(kb.root, 'seeds'));
    expect(added.format).toBe('html');
    const text = await kb.read(`seeds/${added.textFile}`);
    expect(text).toContain('The EU and Chile agreed on lithium “offtake” terms.');
    expect(text).toContain('• First point');
    expect(text).not.toMatch(/<|not text|Home \| News/);
    expect(await kb.read(`seeds/${added.id}.orig.html`)).toBe(html);
    const meta = JSON.parse(await kb.read(`seeds/${added.metaFile}`)) as Record<string, string>;
    expect(meta).toMatchObject({ title: 'Lithium & the EU', url: 'https://example.com/lithium', original: `${added.id}.orig.html` });
    // The whole knowledge base still validates with the new source in it.
    expect((await runScript('src/cli/kb.ts', ['validate'], { env: { POLICYBOT_KNOWLEDGE_DIR: kb.root } })).code).toBe(0);
  });

  it('refuses missing metadata, a bad date, and a document it already has, writing nothing', async () => {
    const seeds = path.join(kb.root, 'seeds');
    const before = (await readdir(seeds)).sort();
    const file = await incoming('x.txt', 'Some text.\n');
    await expect(addSource({ file }, seeds)).rejects.toThrow(/Missing --publisher, --published/);
    await expect(addSource({ file, publisher: 'P', published: '2026-02-30' }, seeds)).rejects.toThrow(/--published must be a real date/);
    const copy = await incoming('copy.txt', await readFile(path.join(PROJECT_ROOT, 'seeds/000_b6a7ccd00cf8827f.txt'), 'utf8'));
    await expect(addSource({ file: copy, publisher: 'P', published: '2026-02-05' }, seeds)).rejects.toThrow(/already a source: clk-2026-02-05/);
    expect((await readdir(seeds)).sort()).toEqual(before);
  });

  it('prints the paragraphs with their ids from the command line', async () => {
    const r = await runScript('src/cli/kb.ts', ['add', await incoming('nickel.txt', 'Nickel\n\nIndonesia set a nickel export quota.\n'), '--publisher', 'Wire', '--published', '2026-05-01'], { env: { POLICYBOT_KNOWLEDGE_DIR: kb.root } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^  p1   \[heading\] Nickel$/m);
    expect(r.stdout).toMatch(/^  p2   Indonesia set a nickel export quota\.$/m);
  });
});

describe('npm run kb -- validate, list, stats', () => {
  it('passes on the shipped knowledge base', async () => {
    const r = await runScript('src/cli/kb.ts', ['validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK: 1 source\(s\), 15 entries, 3 deadlines; sources as of 2026-02-05\./);
  });

  it('reports every problem at once and exits non-zero', async () => {
    await kb.edit('curated/entries/project-vault.yaml', 'unit: USD', 'unit: euros');
    await kb.edit('curated/entries/us-eu-mou.yaml', 'phrase: Within the next 30 days', 'phrase: Within the next 45 days');
    await kb.edit('curated/entries/g7.yaml', 'aliases: [Group of Seven, G-7]', 'aliases: [Group of Seven, G-7, MSP]');
    await kb.edit('curated/entries/us-japan-framework.yaml', 'paragraph: p11\n    quote: The initiative builds', 'paragraph: p12\n    quote: The initiative builds');
    const r = await runScript('src/cli/kb.ts', ['validate'], { env: { POLICYBOT_KNOWLEDGE_DIR: kb.root } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/project-vault\.yaml:\d+: figures\[0\]\.unit: Invalid option/);
    expect(r.stderr).toMatch(/us-eu-mou\.yaml:\d+: deadlines\[0\]\.phrase: "Within the next 45 days" does not stand in the quoted sentence/);
    expect(r.stderr).toMatch(/"MSP" already names the entry/);
    expect(r.stderr).toMatch(/us-japan-framework\.yaml:\d+: summary\.cite\.quote: does not stand verbatim in clk-2026-02-05 p12 \(it is in p11\)/);
    expect(r.stderr).toMatch(/^4 problems:/);
  });

  it('lists entries and sources, and counts them', async () => {
    const list = await runScript('src/cli/kb.ts', ['list']);
    expect(list.stdout).toMatch(/us-mexico-action-plan\s+action-plan\s+US–Mexico Critical Minerals Action Plan  \[1 deadline\]/);
    expect(list.stdout).toMatch(/clk-2026-02-05\s+2026-02-05  Cassidy Levy Kent/);
    const stats = await runScript('src/cli/kb.ts', ['stats']);
    expect(stats.stdout).toMatch(/entries:\s+15\nsources:\s+1 \(\d+ paragraphs, \d+ cited by entries\)\ndeadlines:\s+3\ndevelopments: 0\nas of:\s+2026-02-05/);
  });
});

describe('reloading without a restart', () => {
  it('picks up a valid change and answers from it', async () => {
    const holder = await KnowledgeHolder.load(knowledgePaths(kb.root));
    const log = memoryLogger();
    await kb.edit('curated/entries/project-vault.yaml', 'aliases: [Vault,', 'aliases: [Fort Knox of minerals, Vault,');
    expect(await reloadKnowledge(holder, log, 'test')).toBe(true);
    expect(holder.kb.entry('project-vault')!.aliases).toContain('Fort Knox of minerals');
    expect(log.lines.some((l) => l.includes('knowledge reloaded'))).toBe(true);
  });

  it('refuses an invalid change, logs every reason, and keeps answering from the last good base', async () => {
    const holder = await KnowledgeHolder.load(knowledgePaths(kb.root));
    const bot = createBot({ knowledge: holder, clock: fixedClock('2026-11-28'), log: memoryLogger() });
    const log = memoryLogger();
    const version = holder.kb.version;
    await kb.edit('curated/entries/project-vault.yaml', 'value: 10000000000', 'value: lots');
    expect(await reloadKnowledge(holder, log, 'test')).toBe(false);
    expect(holder.kb.version).toBe(version);
    const line = log.lines.find((l) => l.includes('reload refused'))!;
    expect(line).toMatch(/project-vault\.yaml:\d+: figures\[0\]\.value/);
    expect((await bot.handleQuestion('How big is the EXIM loan behind Project Vault?', { platform: 'cli' })).text).toMatch(/\$10 billion/);
  });

  it('reloads when a file changes, when watching', async () => {
    const holder = await KnowledgeHolder.load(knowledgePaths(kb.root));
    const log = memoryLogger();
    const stop = watchKnowledge(holder, log, { debounceMs: 50 });
    try {
      const changed = new Promise<void>((resolve) => holder.onChange(() => resolve()));
      await kb.edit('curated/entries/g7.yaml', 'aliases: [Group of Seven, G-7]', 'aliases: [Group of Seven, G-7, Gang of Seven]');
      await changed;
      expect(holder.kb.entry('g7')!.aliases).toContain('Gang of Seven');
    } finally {
      stop();
    }
  });

  it('reloads a running bot on SIGHUP', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts')], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? '', POLICYBOT_KNOWLEDGE_DIR: kb.root, POLICYBOT_NOW: '2026-11-28' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
      if (!check()) throw new Error(`timed out; stdout:\n${out}\nstderr:\n${err}`);
    };
    try {
      await until(() => err.includes('"starting"'));
      child.stdin.write('/agreement fort knox of minerals\n');
      await until(() => out.includes('No agreement matches'));
      await kb.edit('curated/entries/project-vault.yaml', 'aliases: [Vault,', 'aliases: [Fort Knox of minerals, Vault,');
      child.kill('SIGHUP');
      await until(() => err.includes('knowledge reloaded'));
      child.stdin.write('/agreement fort knox of minerals\n');
      await until(() => out.includes('A critical minerals stockpiling initiative'));
    } finally {
      child.stdin.end();
      child.kill('SIGTERM');
    }
  });
});

describe('when sources disagree', () => {
  it('keeps both values with their citations and shows both, newest source first', async () => {
    await kb.write('seeds/later.txt', 'Ministerial recap\n\nThe critical minerals ministerial was held on February 3, 2026, at the State Department.\n\nProject Vault is backed by a $12 billion loan from EXIM.\n');
    await kb.write('seeds/later.meta.json', JSON.stringify({ id: 'recap-2026-03-01', file: 'later.txt', title: 'Ministerial recap', publisher: 'Recap Weekly', published: '2026-03-01' }));
    await kb.edit(
      'curated/entries/critical-minerals-ministerial.yaml',
      "when:\n  phrase: Yesterday's ministerial meeting\n  cite:\n    paragraph: p7\n    quote: Yesterday's ministerial meeting",
      "when:\n  - phrase: Yesterday's ministerial meeting\n    cite:\n      paragraph: p7\n      quote: Yesterday's ministerial meeting\n  - on: 2026-02-03\n    cite:\n      source: recap-2026-03-01\n      paragraph: p2\n      quote: was held on February 3, 2026",
    );
    await kb.edit(
      'curated/entries/project-vault.yaml',
      'figures:\n',
      'figures:\n  - id: exim-direct-loan\n    label: direct loan from the U.S. Export-Import Bank (EXIM)\n    value: 12000000000\n    unit: USD\n    text: $12 billion\n    cite:\n      source: recap-2026-03-01\n      paragraph: p3\n      quote: a $12 billion loan from EXIM\n',
    );
    const when = await ask(kb.root, 'When was the critical minerals ministerial held?');
    expect(when.text).toMatch(/sources disagree on the date\. Recap Weekly \(2026-03-01, ¶2\) gives February 3, 2026 \(2026-02-03\); Cassidy Levy Kent \(2026-02-05, ¶7\) gives February 4, 2026 \(2026-02-04\)/);
    expect(when.citations.map((c) => c.sourceId)).toEqual(['recap-2026-03-01', 'clk-2026-02-05']);

    const loan = await ask(kb.root, 'How big is the EXIM loan behind Project Vault?');
    expect(loan.text).toMatch(/Recap Weekly \(2026-03-01, ¶3\) gives \$12 billion; Cassidy Levy Kent \(2026-02-05, ¶6\) gives \$10 billion/);

    const deadlines = await (async () => {
      const holder = await KnowledgeHolder.load(knowledgePaths(kb.root));
      return createBot({ knowledge: holder, clock: fixedClock('2026-11-28'), log: memoryLogger() }).handleCommand('deadlines', {}, { platform: 'cli' });
    })();
    expect(deadlines.deadlines[0]!.computation).toMatch(/sources disagree on that date/);
  });

  it('refuses a stated date that the quoted words do not give', async () => {
    await kb.edit('curated/entries/project-vault.yaml', "when:\n  phrase: this week saw the announcement of Project Vault", "when:\n  on: 2026-02-03");
    const r = await runScript('src/cli/kb.ts', ['validate'], { env: { POLICYBOT_KNOWLEDGE_DIR: kb.root } });
    expect(r.stderr).toMatch(/project-vault\.yaml:\d+: when: the quoted sentence\(s\) do not state 2026-02-03/);
  });
});
