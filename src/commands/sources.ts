import { reply } from '../core/reply.ts';
import { defineCommand } from './spec.ts';

export const sources = defineCommand({
  name: 'sources',
  description: 'The documents the bot answers from, with their dates.',
  options: [],
  examples: ['sources'],
  async execute(_args, ctx) {
    const kb = ctx.engine.kb;
    const list = [...kb.sources].sort((a, b) => b.published.localeCompare(a.published));
    return reply({
      kind: 'info',
      title: 'Sources',
      text: `I answer from ${list.length} source document${list.length === 1 ? '' : 's'} and ${kb.entries.length} curated entries. Nothing after ${kb.asOf} is recorded.`,
      fields: list.map((s) => ({
        name: s.title,
        value: `${s.publisher}, ${s.published} · ${s.paragraphs.length} paragraphs${s.url ? ` · ${s.url}` : ''}`,
      })),
    });
  },
});
