import childProcess from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { afterEach, vi } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { scanForSecrets, takeFindings } from './secret-scan.ts';

/**
 * Runs before every test file (vitest `setupFiles`): everything the bot says
 * or logs anywhere in the suite is scanned for token shapes, and a test that
 * let one through fails. Watched:
 * - every `Reply` the core returns (any adapter, any command);
 * - every log line, whatever logger it goes to;
 * - every request body a loopback stand-in (Slack, Discord, OpenAI) receives,
 *   which is every message an adapter rendered and sent;
 * - this process's stdout and stderr, and those of every child process the
 *   suite starts (`npm start`, the CLIs).
 * Credentials travel in headers (and Slack's `token` field), which are not
 * scanned; anywhere else in a body they are a leak.
 */

vi.mock('../../src/bot.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/bot.ts')>();
  const watch = (bot: Bot): Bot => {
    const scanned =
      <A extends unknown[]>(name: string, f: (...args: A) => Promise<unknown>) =>
      async (...args: A) => {
        const r = await f(...args);
        scanForSecrets(JSON.stringify(r), `a reply from bot.${name}`);
        return r;
      };
    return Object.assign(Object.create(bot) as Bot, {
      handleCommand: scanned('handleCommand', bot.handleCommand),
      handleText: scanned('handleText', bot.handleText),
      handleQuestion: scanned('handleQuestion', bot.handleQuestion),
      handleFeedback: scanned('handleFeedback', bot.handleFeedback),
    }) as Bot;
  };
  return { ...real, createBot: (...args: Parameters<typeof real.createBot>) => watch(real.createBot(...args)) };
});

vi.mock('../../src/core/log.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/log.ts')>();
  return {
    ...real,
    createLogger: (level?: Parameters<typeof real.createLogger>[0], write?: (line: string) => void) =>
      real.createLogger(level, (line) => {
        scanForSecrets(line, 'a log line');
        (write ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
      }),
  };
});

subscribe('http.server.request.start', (message) => {
  const { request } = message as { request: IncomingMessage };
  const where = `a request body sent to ${request.method ?? ''} ${request.url ?? ''}`.slice(0, 160);
  let body = '';
  request.on('data', (chunk: Buffer | string) => {
    if (body.length < 1_000_000) body += chunk.toString();
  });
  // Slack's Web API takes the credential as a `token` field too (Bolt's auth.test sends it so): that field is where it belongs.
  request.on('end', () => scanForSecrets(body.replace(/(^|&)token=[^&]*/g, '$1').replace(/"token"\s*:\s*"[^"]*"/g, ''), where));
});

for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) scanForSecrets(chunk.toString(), stream === process.stdout ? 'stdout' : 'stderr');
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

const spawn = childProcess.spawn;
childProcess.spawn = ((...args: Parameters<typeof spawn>) => {
  const child = spawn(...args);
  const script = Array.isArray(args[1]) ? args[1].find((a) => /\.[jt]s$/.test(a)) : undefined;
  const name = String(script ?? args[0]).split('/').slice(-2).join('/');
  child.stdout?.on('data', (d: Buffer) => scanForSecrets(d.toString(), `stdout of ${name}`));
  child.stderr?.on('data', (d: Buffer) => scanForSecrets(d.toString(), `stderr of ${name}`));
  return child;
}) as typeof spawn;
// Tests import `spawn` by name from the ES module: make that binding the watched one too.
syncBuiltinESMExports();

afterEach(() => {
  const found = takeFindings();
  if (found.length > 0) {
    throw new Error(`A token shape leaked:\n${found.map((f) => `  - ${f.kind} ${f.hint} in ${f.where}`).join('\n')}`);
  }
});
