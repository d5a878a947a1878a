import { reply } from '../core/reply.ts';
import type { CommandSpec } from './spec.ts';
import { defineCommand } from './spec.ts';

/** `help` lists the commands it is given, so it never drifts from them. */
export function helpCommand(all: () => readonly CommandSpec<never>[]) {
  return defineCommand({
    name: 'help',
    description: 'What the bot knows and how to ask it.',
    options: [],
    examples: ['help'],
    async execute(_args, ctx) {
      const kb = ctx.engine.kb;
      const topics = kb.entries.map((e) => e.name).join('; ');
      return reply({
        kind: 'info',
        title: 'policybot: help',
        text:
          'Ask a question in plain words, or use a command. Every answer quotes and cites the source paragraph it rests on; ' +
          `when my sources do not say, I say so. Sources as of ${kb.asOf}.`,
        fields: [
          ...all().map((c) => ({ name: c.name, value: `${c.description}\nExample: ${c.examples[0] ?? c.name}` })),
          { name: 'I know about', value: topics },
        ],
      });
    },
  });
}
