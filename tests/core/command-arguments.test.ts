import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.ts';
import { defineCommand, type CommandSpec } from '../../src/commands/spec.ts';
import { reply } from '../../src/core/reply.ts';
import { createTestBot } from '../support/core.ts';

/** Options are declared once, and the declaration is what is checked: required, one of the choices, not too long. */

const slack = { platform: 'slack' as const, channelId: 'C0ARGS', userId: 'U0ARGS' };

/** A command that echoes its arguments, to see exactly what `execute` receives. */
const echo = defineCommand({
  name: 'echo',
  description: 'Says back what it was given.',
  options: [
    { name: 'word', description: 'A short word', required: true, maxLength: 5, whenMissing: 'Which word?' },
    { name: 'colour', description: 'A colour', required: false, choices: ['red', 'green'] },
  ] as const,
  examples: ['echo hello'],
  async execute({ word, colour }) {
    return reply({ kind: 'info', text: `${word}/${colour ?? 'none'}` });
  },
}) as CommandSpec<never>;

async function echoBot() {
  const { knowledge, clock, log } = await createTestBot();
  return createBot({ knowledge, clock, log, commands: [echo] });
}

describe('command arguments come from one declaration, and are checked', () => {
  it('a required option left out, or blank, is refused with the option’s own question, before the command runs', async () => {
    const bot = await echoBot();
    for (const options of [{}, { word: '   ' }]) {
      expect(await bot.handleCommand('echo', options, slack)).toMatchObject({ kind: 'user-error', text: 'Which word?', notes: ['For example: echo hello'] });
    }
  });

  it('a value longer than the option allows is refused, naming the option', async () => {
    const bot = await echoBot();
    expect(await bot.handleCommand('echo', { word: 'toolong' }, slack)).toMatchObject({ kind: 'user-error', text: 'word may be at most 5 characters long.' });
  });

  it('a choice must be one of the declared values; case and spaces do not matter', async () => {
    const bot = await echoBot();
    expect(await bot.handleCommand('echo', { word: 'hi', colour: 'blue' }, slack)).toMatchObject({ kind: 'user-error', text: '“blue” is not a choice for colour: choose red or green.' });
    expect(await bot.handleCommand('echo', { word: ' hi ', colour: ' GREEN ' }, slack)).toMatchObject({ kind: 'info', text: 'hi/green' });
    expect(await bot.handleCommand('echo', { word: 'hi', colour: '' }, slack)).toMatchObject({ kind: 'info', text: 'hi/none' });
  });

  it('the built-in commands say what is missing in their own words', async () => {
    const { bot } = await createTestBot();
    expect(await bot.handleCommand('agreement', {}, slack)).toMatchObject({ kind: 'user-error', text: 'Which agreement? Give its name after the command.' });
    expect(await bot.handleCommand('ask', { question: '' }, slack)).toMatchObject({ kind: 'user-error', text: 'Ask me a question, in plain words.' });
  });

  it('every built-in option is checked the way it is registered (Discord’s required and choices are the same declaration)', async () => {
    const { bot } = await createTestBot();
    for (const spec of bot.commands) {
      for (const option of spec.options) {
        const missing = spec.args.safeParse({});
        if (option.required) expect(missing.success, `${spec.name} ${option.name}`).toBe(false);
        if (option.choices) expect(spec.args.safeParse({ [option.name]: 'not-a-choice' }).success, `${spec.name} ${option.name}`).toBe(false);
      }
    }
  });
});
