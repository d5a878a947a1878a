import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter } from '../../core/adapter.ts';
import type { Bot } from '../../bot.ts';
import { renderForConsole } from './render.ts';

export interface ConsoleOptions {
  readonly input: Readable & { isTTY?: boolean };
  readonly output: Writable;
}

/**
 * The console: an interactive prompt on a terminal, or one answer per input
 * line when stdin is a pipe (answers in input order, a blank line between).
 * `start()` resolves when the input ends or the user quits.
 */
export function createConsoleAdapter(bot: Bot, io: ConsoleOptions): Adapter {
  let rl: ReturnType<typeof createInterface> | undefined;
  const interactive = Boolean(io.input.isTTY);
  const write = (text: string) => io.output.write(`${text}\n`);

  return {
    name: 'console',
    async start() {
      rl = createInterface({ input: io.input, output: interactive ? io.output : undefined, terminal: interactive });
      if (interactive) {
        const kb = bot.knowledge.kb;
        write(`policybot: ${kb.entries.length} entries from ${kb.sources.length} source(s), as of ${kb.asOf}. Ask a question, or type /help. /quit leaves.`);
        rl.setPrompt('policybot> ');
        rl.prompt();
      }
      let first = true;
      const session = randomUUID();
      for await (const line of rl) {
        const text = line.trim();
        if (!text) {
          if (interactive) rl.prompt();
          continue;
        }
        if (interactive && /^\/?(quit|exit)$/i.test(text)) break;
        // One session, one conversation: "and who leads it?" follows the question before.
        const r = await bot.handleText(text, { platform: 'console', channelId: 'console', userId: 'console', conversation: session });
        if (!interactive && !first) write('');
        first = false;
        write(renderForConsole(r));
        if (interactive) {
          write('');
          rl.prompt();
        }
      }
      rl.close();
    },
    async stop() {
      rl?.close();
    },
  };
}
