import { createConsoleAdapter } from './adapters/console/console-adapter.ts';
import { createCore } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import type { Adapter } from './core/adapter.ts';
import { createLogger } from './core/log.ts';
import { KnowledgeBaseError } from './knowledge/problems.ts';
import { reloadKnowledge, watchKnowledge } from './knowledge/reload.ts';

/**
 * `npm start`: validates the configuration, loads the knowledge base (refusing
 * to run on an invalid one), and starts every configured adapter; with no
 * platform tokens, the console.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const core = await createCore(config, log);
  const adapters: Adapter[] = [];
  if (adapters.length === 0) adapters.push(createConsoleAdapter(core.bot, { input: process.stdin, output: process.stdout }));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    unwatch?.();
    await Promise.allSettled(adapters.map((a) => a.stop()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void reloadKnowledge(core.knowledge, log, 'SIGHUP'));
  const unwatch = config.watchKnowledge ? watchKnowledge(core.knowledge, log) : undefined;

  log.info('starting', { adapters: adapters.map((a) => a.name), entries: core.knowledge.kb.entries.length, asOf: core.knowledge.kb.asOf });
  await Promise.all(adapters.map((a) => a.start()));
  // The console resolves when its input ends; platform adapters keep the process alive.
  if (adapters.every((a) => a.name === 'console')) {
    unwatch?.();
    process.exit(0);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof KnowledgeBaseError) {
    process.stderr.write(`policybot cannot start.\n${error.message}\n`);
  } else {
    process.stderr.write(`policybot cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
