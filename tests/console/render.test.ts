import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderForConsole } from '../../src/adapters/console/render.ts';
import { colourSetting, useColour } from '../../src/adapters/console/style.ts';
import { consolePlatform } from '../../src/adapters/console/platform.ts';
import { loadConfig, sectionOf } from '../../src/config.ts';
import { reply } from '../../src/core/reply.ts';
import { expectConsoleSafe } from '../output/checks.ts';
import { createTestBot, type TestBot } from '../support/core.ts';
import { runScript } from '../support/run.ts';

/** The console's renderer with explicit width and colour, as the terminal hands them over. */

let test: TestBot;
beforeAll(async () => {
  test = await createTestBot();
});

const SGR = /\u001B\[[0-9;]*m/g;
const plain = (text: string) => text.replace(SGR, '');
const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('renderForConsole with a width', () => {
  it.each([40, 80, 160])('wraps to %i columns at word boundaries, continuation lines under their text', async (width) => {
    const r = await test.bot.handleText('deadlines', { platform: 'console' });
    const flat = renderForConsole(r);
    const wrapped = renderForConsole(r, { width });
    expect(words(wrapped)).toEqual(words(flat));
    for (const line of wrapped.split('\n')) if (line.length > width) expect(words(line), line).toHaveLength(1);
    // A quote's continuation starts under the quote, past its number.
    const quote = wrapped.split('\n').findIndex((l) => /^ {2}\[1\] ¶\d+ “/.test(l));
    if (width < 160) expect(wrapped.split('\n')[quote + 1]).toMatch(/^ {6}\S/);
  });

  it('colours headings, statuses, sources and notes, and the words stay the same', async () => {
    const r = await test.bot.handleText('When is the US-EU memorandum due?', { platform: 'console' });
    const coloured = renderForConsole(r, { colour: true, width: 160 });
    expect(coloured).toMatch(SGR);
    expect(coloured).toContain('\u001B[2mpassed 267 days ago\u001B[22m');
    expect(coloured).toContain('\u001B[1mSources:\u001B[22m');
    expect(words(plain(coloured))).toEqual(words(renderForConsole(r)));
    // Every line closes what it opens: a line printed alone (or cut by wrapping) leaks no colour.
    for (const line of coloured.split('\n')) expect(line.replace(/\u001B\[(22|23|24|39)m/g, ')').replace(/\u001B\[(1|2|3|4|3[0-7])m/g, '(').replace(/[^()]/g, ''), line).toMatch(/^(\(+\)+)*$/);
  });

  it('without colour writes no escape code, with or without a width', async () => {
    const r = await test.bot.handleText('sources', { platform: 'console' });
    expect(renderForConsole(r, { width: 60 })).not.toMatch(SGR);
    expect(renderForConsole(r)).not.toMatch(SGR);
  });

  it('keeps sanitising every piece of a reply when it colours it: the only escape codes are its own', () => {
    const bad = 'x\u001B[2J\u001B]8;;https://evil\u0007link\u001B]8;;\u0007\r\u009B31m\u202Eend';
    const out = renderForConsole(reply({ kind: 'declined', title: bad, text: bad, fields: [{ name: bad, value: bad }], notes: [bad] }), { colour: true, width: 50 });
    expectConsoleSafe(plain(out));
    expect(out.match(/\u001B[^[]|\u001B\[[0-9;]*[^0-9;m]/g)).toBeNull();
    expect(plain(out)).toContain('xlink');
  });
});

describe('colour settings', () => {
  it('FORCE_COLOR wins, NO_COLOR turns it off, TERM=dumb too, and otherwise a terminal decides', () => {
    expect(colourSetting({})).toBe('auto');
    expect(colourSetting({ NO_COLOR: '1' })).toBe('never');
    expect(colourSetting({ NO_COLOR: '' })).toBe('auto');
    expect(colourSetting({ FORCE_COLOR: '1', NO_COLOR: '1' })).toBe('always');
    expect(colourSetting({ FORCE_COLOR: '' })).toBe('always');
    expect(colourSetting({ FORCE_COLOR: '0' })).toBe('never');
    expect(colourSetting({ TERM: 'dumb' })).toBe('never');
    expect(useColour('auto', { isTTY: true })).toBe(true);
    expect(useColour('auto', {})).toBe(false);
    expect(useColour('always', {})).toBe(true);
    expect(useColour('never', { isTTY: true })).toBe(false);
  });

  it('are read by the configuration, with the history beside the data file only when one is set', () => {
    expect(sectionOf(loadConfig({ NO_COLOR: '1' }), consolePlatform)).toEqual({ colour: 'never' });
    expect(sectionOf(loadConfig({ POLICYBOT_DATA: '/srv/policybot/data.json' }), consolePlatform)).toEqual({ colour: 'auto', historyFile: '/srv/policybot/console-history' });
    expect(loadConfig({ POLICYBOT_LOG_FILE: 'logs/bot.log' }).logFile).toBe(path.resolve('logs/bot.log'));
  });
});

describe('POLICYBOT_LOG_FILE', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'policybot-log-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the log lines off stderr (its folder made if missing)', async () => {
    const file = path.join(dir, 'logs', 'policybot.log');
    const r = await runScript('src/main.ts', [], { input: 'sources\n', env: { POLICYBOT_NOW: '2026-11-28', POLICYBOT_LOG_FILE: file } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Sources/);
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(file, 'utf8')).split('\n')[0]).toMatch(/"message":"starting"/);
  });

  it('that cannot be written stops start-up naming the variable', async () => {
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'x');
    const r = await runScript('src/main.ts', [], { env: { POLICYBOT_LOG_FILE: path.join(blocker, 'bot.log') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/POLICYBOT_LOG_FILE cannot be used: .*a-file\/bot\.log: something is already there\. Set it to a file in a folder this user can write to/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
