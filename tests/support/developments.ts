import type { KnowledgeCopy } from './kb-copy.ts';

/**
 * A newer source that reports what came of the US–EU memorandum, as a curator
 * would add it, and the development that cites it: what the tests of
 * developments add to a copy of the shipped knowledge base.
 */
export const NEWER_SOURCE = {
  id: 'ec-2026-03-21',
  text: [
    'EU and US conclude memorandum on critical minerals',
    '',
    'On March 20, 2026, the United States and the European Union concluded the Memorandum of Understanding on critical minerals in Brussels, the European Commission announced.',
    '',
    'On March 20, 2026, the two sides also agreed to extend the consultations on stockpiling to June 30, 2026.',
    '',
  ].join('\n'),
  meta: { id: 'ec-2026-03-21', file: 'ec-2026-03-21.txt', title: 'EU and US conclude memorandum on critical minerals', publisher: 'European Commission', published: '2026-03-21', url: 'https://example.org/ec/mou' },
};

export const CONCLUDED = `developments:
  - kind: concluded
    on: 2026-03-20
    text: The United States and the European Union concluded the memorandum in Brussels.
    cite:
      source: ec-2026-03-21
      paragraph: p2
      quote: On March 20, 2026, the United States and the European Union concluded the Memorandum of Understanding
`;

/** Adds the newer source to the copy. */
export async function addNewerSource(kb: KnowledgeCopy): Promise<void> {
  await kb.write(`seeds/${NEWER_SOURCE.meta.file}`, NEWER_SOURCE.text);
  await kb.write(`seeds/${NEWER_SOURCE.id}.meta.json`, `${JSON.stringify(NEWER_SOURCE.meta, null, 2)}\n`);
}

/** Adds the newer source and records `developments` (YAML) on the US–EU memorandum's entry. */
export async function recordDevelopment(kb: KnowledgeCopy, developments = CONCLUDED): Promise<void> {
  await addNewerSource(kb);
  const file = 'curated/entries/us-eu-mou.yaml';
  await kb.write(file, `${(await kb.read(file)).trimEnd()}\n${developments}`);
}
