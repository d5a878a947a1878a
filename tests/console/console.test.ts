import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../src/adapters/console/console-adapter.ts';
import { copyKnowledge } from '../support/kb-copy.ts';
import { createTestBot } from '../support/core.ts';
import { runScript } from '../support/run.ts';

/** What the console adapter prints for these lines of stdin, one session. */
async function consoleSession(lines: string): Promise<string> {
  const { bot } = await createTestBot();
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d: Buffer) => (printed += d.toString()));
  const done = createConsoleAdapter(bot, { input, output }).start();
  input.end(lines);
  await done;
  return printed;
}

describe('console adapter, driven through stdin', () => {
  it('answers one input line at a time, in order, with quotes and sources', async () => {
    const printed = await consoleSession('How big is the EXIM loan behind Project Vault?\n\n/deadlines\nWhat is the price of lithium in 2030?\n');
    const first = printed.indexOf('$10 billion');
    const second = printed.indexOf('Deadlines');
    const third = printed.indexOf("I don't know");
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
    // The source once (title; publisher, date, address), then the paragraph cited from it.
    expect(printed).toMatch(
      /Sources:\nUS-Led Efforts to Coordinate Critical Minerals Trade Policies Take Shape\n  Cassidy Levy Kent, 2026-02-05\n  https:\/\/www\.cassidylevy\.com\/\S+\n  \[1\] ¶6 “For example, this week saw the announcement of Project Vault/,
    );
  });
});

describe('console follow-ups', () => {
  it('reads a question against the one before in the same session', async () => {
    const printed = await consoleSession('What is the US-EU memorandum?\nwho leads it on the us side?\n');
    // The second answer names the memorandum's lead (the first question's topic), not another agreement's.
    expect(printed).toMatch(/Memorandum of Understanding on critical minerals: the United States side is led by the U\.S\. Department of State/);
  });
});

describe('npm start (no tokens: the console on the shipped knowledge base)', () => {
  it('answers piped questions and exits', async () => {
    const r = await runScript('src/main.ts', [], { input: 'When is the US-EU MOU due?\n/help\n', env: { POLICYBOT_NOW: '2026-11-28' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/March 6, 2026 \(2026-03-06\)/);
    expect(r.stdout).toMatch(/passed 267 days ago/);
    expect(r.stdout).toMatch(/policybot: help/);
  });

  it('refuses to start on an invalid setting, naming the variable', async () => {
    const r = await runScript('src/main.ts', [], { env: { POLICYBOT_NOW: 'yesterday' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/POLICYBOT_NOW expects a real date written YYYY-MM-DD/);
  });

  it('names the missing variable when a platform is half configured', async () => {
    const r = await runScript('src/main.ts', [], { env: { SLACK_BOT_TOKEN: 'xoxb-123-456-abc' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SLACK_SIGNING_SECRET is required in HTTP mode/);
    expect(r.stderr).not.toMatch(/xoxb-123-456-abc/);
  });

  it('refuses to start on a broken knowledge base, naming file, field and reason', async () => {
    const kb = await copyKnowledge();
    try {
      await kb.edit('curated/entries/project-vault.yaml', 'unit: USD', 'unit: euros');
      const r = await runScript('src/main.ts', [], { env: { POLICYBOT_KNOWLEDGE_DIR: kb.root } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/curated\/entries\/project-vault\.yaml:\d+: figures\[0\]\.unit: Invalid option/);
      expect(r.stdout).toBe('');
    } finally {
      await kb.dispose();
    }
  });
});

describe('npm run ask', () => {
  it('answers once in plain text', async () => {
    const r = await runScript('src/cli/ask.ts', ['Which Mexican government body co-leads the action plan?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Secretariat of Economy/);
  });

  it('--json prints one JSON line per question read from stdin, in order, with verbatim quotes', async () => {
    const r = await runScript('src/cli/ask.ts', ['--json', '--now', '2026-11-28'], { input: 'How long is the US-Mexico negotiation window?\nWho will win the 2026 US midterm elections?\nWhat share of rare earth mining does China control?\n' });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { question: string; answer: string; abstained: boolean; citations: { source: string; locator: string; quote: string }[] });
    expect(lines.map((l) => l.question)).toEqual(['How long is the US-Mexico negotiation window?', 'Who will win the 2026 US midterm elections?', 'What share of rare earth mining does China control?']);
    expect(lines.map((l) => l.abstained)).toEqual([false, true, false]);
    expect(Object.keys(lines[0]!)).toEqual(['question', 'answer', 'abstained', 'citations']);
    expect(lines[0]!.citations[0]).toEqual({ source: 'clk-2026-02-05', locator: '¶16', quote: expect.stringContaining('60-day negotiation window') });
    expect(lines[2]!.answer).toMatch(/70 percent/);
  });

  it('--json with a question argument answers that one', async () => {
    const r = await runScript('src/cli/ask.ts', ['--json', '--now', '2026-03-01', 'When is the MOU due?']);
    const line = JSON.parse(r.stdout) as { answer: string };
    expect(line.answer).toMatch(/5 days away/);
  });

  it('rejects a malformed --now', async () => {
    const r = await runScript('src/cli/ask.ts', ['--json', '--now', '28/11/2026', 'q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ask: --now expects a real date written YYYY-MM-DD, not "28\/11\/2026"/);
    expect(r.stdout).toBe('');
  });
});
