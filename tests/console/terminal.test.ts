import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderForConsole } from '../../src/adapters/console/render.ts';
import { createTestBot, type TestBot } from '../support/core.ts';
import { runInTerminal, screenText, SGR, type TerminalSession } from '../support/pty.ts';
import { tempDataDir } from '../support/store.ts';

/**
 * `npm start` as a person sees it: the bot in a pseudo-terminal of a fixed
 * width (a real TTY on both ends, so readline, isTTY and the window's columns
 * are the real ones), keys typed into it, and what it draws read back.
 */

const PROMPT = /policybot> /;
const QUESTION = 'When is the US-EU memorandum due?';
const NOW = '2026-11-28';

let test: TestBot;
beforeAll(async () => {
  test = await createTestBot({ now: NOW });
});

const sessions: TerminalSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

function start(cols: number, env: Record<string, string | undefined> = {}): TerminalSession {
  // LOG_LEVEL=info: the bot does log its start at info, so a line of it would show up here if it leaked into the session.
  const s = runInTerminal('src/main.ts', { cols, env: { POLICYBOT_NOW: NOW, LOG_LEVEL: 'info', ...env } });
  sessions.push(s);
  return s;
}

/** Asks at the prompt; returns the raw output of the answer (up to the next prompt). */
async function ask(s: TerminalSession, question: string): Promise<string> {
  const before = await s.waitFor(PROMPT);
  s.type(`${question}\r`);
  const echoed = await s.waitFor(new RegExp(`${question.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r*\\n`), { from: before });
  const next = await s.waitFor(PROMPT, { from: echoed });
  return s.output().slice(echoed, next).replace(/policybot> $/, '');
}

async function quit(s: TerminalSession): Promise<number> {
  s.type('/quit\r');
  return s.exited;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe.each([80, 160])('the console in a %i-column terminal', (cols) => {
  it('colours the answer, wraps it to the width at word boundaries, and shows no log line', async () => {
    const s = start(cols);
    const raw = await ask(s, QUESTION);
    expect(await quit(s)).toBe(0);

    expect(raw).toMatch(SGR);
    const shown = screenText(raw);
    const expected = renderForConsole(await test.bot.handleText(QUESTION, { platform: 'console' }));
    // Every word whole and in order: a word cut at the edge would be two here.
    expect(words(shown)).toEqual(words(expected));
    const lines = shown.split('\n');
    // Wrapped to the window: only a single word longer than a line (an address) runs past it, and it is never cut.
    for (const line of lines) if ([...line].length > cols) expect(words(line), line).toHaveLength(1);
    expect(lines.some((l) => [...l].length > cols * 0.8 && [...l].length <= cols)).toBe(true);
    if (cols === 80) expect(Math.max(...lines.filter((l) => words(l).length > 1).map((l) => [...l].length))).toBeLessThanOrEqual(80);
    // Not one JSON log line in the session, though the bot logged its start at info.
    expect(screenText(s.output())).not.toMatch(/"level"|"message"/);
  });
});

describe('the console, as a terminal', () => {
  it('NO_COLOR=1 gives plain text', async () => {
    const s = start(80, { NO_COLOR: '1' });
    const raw = await ask(s, QUESTION);
    await quit(s);
    expect(raw).not.toMatch(SGR);
    expect(s.output()).not.toMatch(SGR);
    expect(screenText(raw)).toContain('Sources:\nUS-Led Efforts to Coordinate Critical Minerals Trade Policies Take Shape\n  Cassidy Levy Kent, 2026-02-05');
  });

  it('FORCE_COLOR=0 turns colour off, and FORCE_COLOR wins over NO_COLOR', async () => {
    const off = start(80, { FORCE_COLOR: '0' });
    expect(await ask(off, 'sources')).not.toMatch(SGR);
    await quit(off);
    const on = start(80, { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(await ask(on, 'sources')).toMatch(SGR);
    await quit(on);
  });

  it('help shows how to leave (/quit), and Ctrl-C leaves too', async () => {
    const s = start(100);
    const shown = screenText(await ask(s, 'help'));
    expect(shown).toMatch(/At this prompt:\n\s+\/quit \(or \/exit, Ctrl-D, Ctrl-C\) leaves\./);
    s.type('\u0003');
    expect(await s.exited).toBe(0);
  });

  it('keeps the prompt history across sessions in the data folder, and log lines in POLICYBOT_LOG_FILE', async () => {
    const data = await tempDataDir();
    try {
      const env = { POLICYBOT_DATA: data.file, POLICYBOT_LOG_FILE: path.join(data.dir, 'policybot.log') };
      const first = start(80, env);
      await ask(first, 'Who leads the Mexico action plan for the US?');
      expect(await quit(first)).toBe(0);
      expect(await readFile(path.join(data.dir, 'console-history'), 'utf8')).toBe('Who leads the Mexico action plan for the US?\n');

      const second = start(80, env);
      const at = await second.waitFor(PROMPT);
      // ↑ recalls the question of the session before.
      second.type('\u001B[A');
      await second.waitFor(/Who leads the Mexico action plan for the US\?/, { from: at });
      second.type('\r');
      await second.waitFor(/Office of the U\.S\. Trade Representative/, { from: at });
      expect(await quit(second)).toBe(0);

      const logged = (await readFile(env.POLICYBOT_LOG_FILE, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { message: string });
      expect(logged.filter((l) => l.message === 'starting')).toHaveLength(2);
      expect(screenText(first.output() + second.output())).not.toMatch(/"level"/);
    } finally {
      await data.dispose();
    }
  });
});
