import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.ts';
import { createLogger } from '../../src/core/log.ts';
import { reply } from '../../src/core/reply.ts';
import { defineCommand, type CommandSpec } from '../../src/commands/spec.ts';
import { scanForSecrets, takeFindings, TOKEN_SHAPES } from '../support/secret-scan.ts';
import { createTestBot } from '../support/core.ts';

/**
 * The suite-wide scan (`tests/support/secret-scan.setup.ts`) must itself be
 * able to fail: each test here leaks a token on purpose through one watched
 * path, checks the scan saw it, and then clears it so the test passes.
 */
const SLACK = 'xoxb-1234567890-leaked-on-purpose';
const DISCORD = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz012345';

afterEach(() => void takeFindings());

describe('the token scan', () => {
  it('knows each token shape, and leaves ordinary words alone', () => {
    for (const token of [SLACK, 'xapp-1-A0TEST-1234-abcd', 'sk-proj-abcdefghijkl', DISCORD]) expect(scanForSecrets(`x ${token} y`, 'test'), token).toBe(true);
    for (const text of ['a task-force on risk-based pricing', 'xoxo', 'sk-1', 'Section 232, risk-sharing', 'MTIz.abc.def']) expect(scanForSecrets(text, 'test'), text).toBe(false);
    expect(TOKEN_SHAPES).toHaveLength(4);
    expect(takeFindings().map((f) => f.hint)).not.toContain(SLACK);
  });

  it('sees a token in a log line, whatever the logger writes to', () => {
    const lines: string[] = [];
    // Under a key the logger does not redact by name, so the scan is what stands between it and the line.
    createLogger('info', (l) => lines.push(l)).info('oops', { note: SLACK });
    expect(lines).toHaveLength(1);
    expect(takeFindings()).toEqual([{ where: 'a log line', kind: 'Slack token', hint: 'xoxb-1… (33 characters)' }]);
  });

  it('sees a token in a reply from the core', async () => {
    const { knowledge, clock, log } = await createTestBot();
    const leaky = defineCommand({ name: 'leak', description: 'leaks', options: [], examples: [], execute: async () => reply({ kind: 'info', text: `token ${DISCORD}` }) });
    const bot = createBot({ knowledge, clock, log, commands: [leaky as CommandSpec<never>] });
    await bot.handleText('/leak', { platform: 'console' });
    expect(takeFindings()).toMatchObject([{ where: 'a reply from bot.handleText', kind: 'Discord token' }]);
  });

  it('sees a token in a request body a stand-in receives', async () => {
    const server = createServer((req, res) => req.on('end', () => res.end('ok')).resume());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/api/chat.postMessage`, { method: 'POST', headers: { authorization: `Bearer ${SLACK}` }, body: JSON.stringify({ text: `hello ${SLACK}` }) });
      expect(takeFindings()).toMatchObject([{ where: 'a request body sent to POST /api/chat.postMessage', kind: 'Slack token' }]);
      // In a header or Slack's token field, where credentials belong, it is not a finding.
      await fetch(`http://127.0.0.1:${port}/api/auth.test`, { method: 'POST', headers: { authorization: `Bearer ${SLACK}` }, body: `token=${SLACK}&team=T1` });
      expect(takeFindings()).toEqual([]);
    } finally {
      server.close();
    }
  });

  it("sees a token in a child process's output", async () => {
    const child = spawn(process.execPath, ['-e', `process.stderr.write(${JSON.stringify(`sk-${'a'.repeat(20)}`)})`]);
    await new Promise((resolve) => child.on('close', resolve));
    expect(takeFindings()).toMatchObject([{ kind: 'OpenAI key', where: expect.stringMatching(/^stderr of /) }]);
  });
});
