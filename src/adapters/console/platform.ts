import path from 'node:path';
import { z } from 'zod';
import { definePlatform } from '../platform.ts';
import { colourSetting, type ColourSetting } from './style.ts';

/** The console's section of the configuration. */
export interface ConsoleConfig {
  /** NO_COLOR, FORCE_COLOR and TERM, read as command-line tools read them. */
  readonly colour: ColourSetting;
  /** Beside the data file, when one is configured: the console alone keeps nothing otherwise. */
  readonly historyFile?: string;
}

/** The console, as a plug-in: the fallback, started when no other platform is configured. */
export const consolePlatform = definePlatform<ConsoleConfig>({
  id: 'console',
  title: 'the console',
  fallback: true,
  usesTerminal: true,
  variables: {
    NO_COLOR: z.string().optional(),
    FORCE_COLOR: z.string().optional(),
    TERM: z.string().optional(),
  },
  section(env, _problem, core) {
    return {
      colour: colourSetting(env as { NO_COLOR?: string; FORCE_COLOR?: string; TERM?: string }),
      ...(core.dataFileSet ? { historyFile: path.join(path.dirname(core.dataFile), 'console-history') } : {}),
    };
  },
  async create(section, { bot, log, io }) {
    const { createConsoleAdapter } = await import('./console-adapter.ts');
    return createConsoleAdapter(bot, { ...io, colour: section.colour, log, ...(section.historyFile ? { historyFile: section.historyFile } : {}) });
  },
  async render(reply) {
    return (await import('./render.ts')).renderForConsole(reply);
  },
});
