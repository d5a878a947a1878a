import { randomUUID } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter } from '../../core/adapter.ts';
import { parseCommandLine, type Bot } from '../../bot.ts';
import type { Invocation } from '../../core/invocation.ts';
import type { Logger } from '../../core/log.ts';
import type { Reply } from '../../core/reply.ts';
import { HISTORY_LIMIT, loadHistory, saveHistory } from './history.ts';
import { renderForConsole, renderLine } from './render.ts';
import { paint, useColour, type ColourSetting } from './style.ts';

export interface ConsoleOptions {
  readonly input: Readable & { isTTY?: boolean };
  readonly output: Writable & { isTTY?: boolean; columns?: number };
  /** Colour: `auto` (the default) when the output is a terminal; NO_COLOR and FORCE_COLOR decide it in `config.ts`. */
  readonly colour?: ColourSetting;
  /** Where the prompt's history is kept between sessions (in the data folder); none when absent. */
  readonly historyFile?: string;
  /** For the history file's failures, which must not stop the session. */
  readonly log?: Logger;
}

/** What the console itself understands, beside the bot's commands: shown under `help`. */
const SESSION_COMMANDS = '/quit (or /exit, Ctrl-D, Ctrl-C) leaves. ↑ and ↓ recall earlier lines';

const PROMPT = 'policybot> ';
const QUIT = /^\/?(quit|exit)$/i;

/**
 * The console: an interactive prompt on a terminal, or one answer per input
 * line when stdin is a pipe (answers in input order, a blank line between).
 * On a terminal it colours (unless NO_COLOR) and wraps answers to the
 * window's width as it is when each answer is printed, and keeps the prompt's
 * history in `historyFile` across sessions. `start()` resolves when the input
 * ends or the user quits.
 */
export function createConsoleAdapter(bot: Bot, io: ConsoleOptions): Adapter {
  let rl: Interface | undefined;
  const interactive = Boolean(io.input.isTTY);
  const colour = useColour(io.colour ?? 'auto', io.output);
  const write = (text: string) => io.output.write(`${text}\n`);
  // A pipe has no width: its reader decides how to wrap.
  const width = () => (io.output.isTTY && io.output.columns ? io.output.columns : undefined);
  const look = () => ({ colour, ...(width() ? { width: width()! } : {}) });

  return {
    name: 'console',
    async start() {
      const history = interactive && io.historyFile ? await loadHistory(io.historyFile, io.log) : [];
      rl = createInterface({
        input: io.input,
        output: interactive ? io.output : undefined,
        terminal: interactive,
        ...(interactive ? { history, historySize: HISTORY_LIMIT, removeHistoryDuplicates: true } : {}),
      });
      const lines = rl;
      let saved: Promise<void> = Promise.resolve();
      if (interactive && io.historyFile) {
        const file = io.historyFile;
        // Saved as it changes, so that a session ended by closing the window keeps what was asked; leaving is not worth recalling.
        lines.on('history', (entries: string[]) => void (saved = saveHistory(file, entries.filter((e) => !QUIT.test(e.trim())), io.log)));
      }
      // Ctrl-C at the prompt leaves, as it does in most shells' REPLs (readline would otherwise only pause).
      lines.on('SIGINT', () => lines.close());
      if (interactive) {
        const kb = bot.knowledge.kb;
        write(renderLine([{ text: 'policybot', style: ['bold'] }, { text: `: ${kb.entries.length} entries from ${kb.sources.length} source(s), as of ${kb.asOf}. Ask a question, or type /help. /quit leaves.` }], look()));
        lines.setPrompt(colour ? paint(PROMPT, ['bold', 'cyan']) : PROMPT);
        lines.prompt();
      }
      let first = true;
      const session = randomUUID();
      for await (const line of lines) {
        const text = line.trim();
        if (!text) {
          if (interactive) lines.prompt();
          continue;
        }
        if (interactive && QUIT.test(text)) break;
        // One session, one conversation: "and who leads it?" follows the question before.
        const r = await bot.handleText(text, consoleInvocation(session));
        if (!interactive && !first) write('');
        first = false;
        write(renderForConsole(interactive ? withSessionHelp(bot, text, r) : r, look()));
        if (interactive) {
          write('');
          lines.prompt();
        }
      }
      lines.close();
      // The process may exit as soon as this returns: the last save lands first.
      await saved;
    },
    async stop() {
      rl?.close();
    },
  };
}

/** Who asks at the console: one person, one conversation per session, in a "channel" nothing can be posted to. */
export function consoleInvocation(session: string): Invocation {
  return { platform: 'console', channelId: 'console', userId: 'console', conversation: session, unfollowable: true, local: true };
}

/** `help` at the prompt also says how to leave and recall: the console's own keys, which the bot's commands cannot know. */
function withSessionHelp(bot: Bot, text: string, r: Reply): Reply {
  if (r.kind !== 'info' || parseCommandLine(text, bot.commands)?.name !== 'help') return r;
  return { ...r, fields: [...r.fields, { name: 'At this prompt', value: `${SESSION_COMMANDS}.` }] };
}
