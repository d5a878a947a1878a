import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { parseIsoDate } from '../../src/core/dates.ts';
import { dueReminders } from '../../src/following/reminders.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { checkKnowledgeBase, knowledgePaths } from '../../src/knowledge/load.ts';
import { formatProblem } from '../../src/knowledge/problems.ts';
import { memoryLogger } from '../support/core.ts';
import { recordDevelopment, addNewerSource } from '../support/developments.ts';
import { copyKnowledge, type KnowledgeCopy } from '../support/kb-copy.ts';
import { runScript } from '../support/run.ts';

/**
 * Developments: what happened after an entry's sources, cited to a newer
 * source. Deadline and agreement status come from the latest one; `kb
 * validate` checks them like every claim.
 */
let kb: KnowledgeCopy;
beforeEach(async () => {
  kb = await copyKnowledge();
});
afterEach(async () => {
  await kb.dispose();
});

const console_ = { platform: 'console' as const };
async function botOn(root: string, now: string) {
  const holder = await KnowledgeHolder.load(knowledgePaths(root));
  return { bot: createBot({ knowledge: holder, clock: fixedClock(now), log: memoryLogger() }), kb: holder.kb };
}
async function problemsOf(root: string): Promise<string[]> {
  return (await checkKnowledgeBase(knowledgePaths(root))).problems.map(formatProblem);
}

describe('a recorded development', () => {
  it('answers "is the US–EU memorandum concluded?" and /deadlines with what happened, citing the newer source', async () => {
    await recordDevelopment(kb);
    expect((await runScript('src/cli/kb.ts', ['validate'], { env: { POLICYBOT_KNOWLEDGE_DIR: kb.root } })).code).toBe(0);
    const { bot } = await botOn(kb.root, '2026-12-01');

    const answer = await bot.handleQuestion('is the US–EU memorandum concluded?', console_);
    expect(answer.kind).toBe('answer');
    expect(answer.text).toMatch(/concluded on 2026-03-20 \(European Commission, 2026-03-21\): The United States and the European Union concluded the memorandum in Brussels\./);
    expect(answer.citations[0]).toMatchObject({ sourceId: 'ec-2026-03-21', locator: '¶2' });
    expect(answer.citations[0]!.quote).toMatch(/^On March 20, 2026, the United States and the European Union concluded/);
    expect(answer.notes).toContain('As of the newest source, 2026-03-21; nothing later is recorded.');

    const deadlines = await bot.handleCommand('deadlines', {}, console_);
    const mou = deadlines.deadlines.find((d) => d.id === 'us-eu-mou-conclusion')!;
    expect(mou.status).toMatchObject({ state: 'settled', text: 'concluded on 2026-03-20 (European Commission, 2026-03-21)' });
    expect(mou.computation).toMatch(/^Concluded on 2026-03-20 .*; first due 2026-03-06 \(estimated\): 30 days/);
    expect(mou.citations[0]).toMatchObject({ sourceId: 'ec-2026-03-21' });
    expect(deadlines.text).toMatch(/As of 2026-12-01: no deadline is still ahead, 1 settled by a later development, 2 passed\./);
    // "Whether it was met" is unknown only for the deadlines no development speaks of.
    expect(deadlines.text).toMatch(/the sources do not record whether they were met/);

    const card = await bot.handleCommand('agreement', { name: 'US-EU MOU' }, console_);
    expect(card.fields.find((f) => f.name === 'Status')?.value).toMatch(/^Concluded on 2026-03-20 \(European Commission, 2026-03-21\)/);
    expect(card.citations.some((c) => c.sourceId === 'ec-2026-03-21')).toBe(true);
  });

  it('answers a deadline question with what happened first, and never also as an open question', async () => {
    await recordDevelopment(kb);
    const { bot } = await botOn(kb.root, '2026-12-01');
    const r = await bot.handleQuestion('When is the US-EU MOU due?', console_);
    expect(r.text).toMatch(/^Conclusion of the US–EU memorandum: concluded on 2026-03-20 \(European Commission, 2026-03-21\)/);
    expect(r.text).toMatch(/It was first due on March 6, 2026 \(2026-03-06\) \(estimated\)/);
    expect(r.text).not.toMatch(/do not record whether it was met/);
  });

  it('moves an extended deadline to its new date: status, answers and reminders follow it', async () => {
    await recordDevelopment(
      kb,
      `developments:
  - kind: extended
    on: 2026-03-20
    to: 2026-06-30
    text: The consultations were extended to June 30, 2026.
    cite:
      source: ec-2026-03-21
      paragraph: p3
      quote: On March 20, 2026, the two sides also agreed to extend the consultations on stockpiling to June 30, 2026
`,
    );
    const { bot, kb: base } = await botOn(kb.root, '2026-06-23');
    const deadlines = await bot.handleCommand('deadlines', { agreement: 'MOU' }, console_);
    expect(deadlines.deadlines[0]).toMatchObject({ date: '2026-06-30', precision: 'exact', status: { state: 'upcoming', days: 7 } });
    expect(deadlines.deadlines[0]!.status.text).toBe('upcoming in 7 days, extended to 2026-06-30 (European Commission, 2026-03-21)');
    const r = await bot.handleQuestion('When is the US-EU MOU due?', console_);
    expect(r.text).toMatch(/extended to 2026-06-30 on 2026-03-20 \(European Commission, 2026-03-21\)/);
    expect(r.text).toMatch(/As of today \(2026-06-23\), the new date, June 30, 2026 \(2026-06-30\), is 7 days away\./);
    expect(r.text).not.toMatch(/passed/);
    // A reminder a week before the new date; none for the old one.
    const subscription = { channel: { platform: 'console' as const, channelId: 'c' }, topics: ['deadlines' as const], since: '2026-01-01T00:00:00.000Z' };
    const due = dueReminders(base, [subscription], parseIsoDate('2026-06-23')!, [7], () => false);
    expect(due.map((d) => [d.deadline.id, d.on])).toEqual([['us-eu-mou-conclusion', '2026-06-23']]);
  });

  it('sends no reminder for a deadline a development settled', async () => {
    await recordDevelopment(kb);
    const { kb: base } = await botOn(kb.root, '2026-02-27');
    const subscription = { channel: { platform: 'console' as const, channelId: 'c' }, topics: ['deadlines' as const], since: '2026-01-01T00:00:00.000Z' };
    expect(dueReminders(base, [subscription], parseIsoDate('2026-02-27')!, [7], () => false).map((d) => d.deadline.id)).not.toContain('us-eu-mou-conclusion');
  });
});

describe('without a development', () => {
  it('a passed deadline says so first, relative to today, and that the sources do not record the outcome', async () => {
    const { bot } = await botOn(kb.root, '2026-12-01');
    const r = await bot.handleQuestion('When is the US-EU MOU due?', console_);
    expect(r.text).toMatch(/^As of today \(2026-12-01\), the conclusion of the US–EU memorandum, due March 6, 2026 \(2026-03-06\) \(estimated\), passed 270 days ago; the sources do not record whether it was met\./);
    expect(r.notes).toContain('As of the newest source, 2026-02-05; nothing later is recorded.');
    // The card says the sources' status as theirs, with its date: "a 60-day window is open" was true then.
    const card = await bot.handleCommand('agreement', { name: 'mexico action plan' }, console_);
    expect(card.fields.find((f) => f.name === 'Status')?.value).toMatch(/a 60-day negotiation window is open.*\(as the sources put it on 2026-02-05; where its deadlines stand today is below\)$/);
    expect(card.deadlines[0]!.status.text).toBe('passed 240 days ago');
  });
});

describe('kb validate checks developments like every claim', () => {
  it('refuses a development citing a source published before the entry’s own, with file, line and field', async () => {
    await addNewerSource(kb);
    await kb.write(
      'curated/entries/eu-stockpiling.yaml',
      `source: ec-2026-03-21
id: eu-stockpiling-consultations
name: EU–US stockpiling consultations
kind: initiative
summary:
  text: Consultations on stockpiling.
  cite: { paragraph: p3, quote: extend the consultations on stockpiling }
developments:
  - kind: announced
    on: 2026-02-04
    text: Announced at the ministerial.
    cite: { source: clk-2026-02-05, paragraph: p11, quote: Within the next 30 days }
`,
    );
    const problems = await problemsOf(kb.root);
    expect(problems).toEqual([
      expect.stringMatching(/^curated\/entries\/eu-stockpiling\.yaml:12: developments\[0\]\.cite: cites clk-2026-02-05 \(published 2026-02-05\), older than the entry's own source ec-2026-03-21 \(2026-03-21\)/),
    ]);
    const cli = await runScript('src/cli/kb.ts', ['validate'], { env: { POLICYBOT_KNOWLEDGE_DIR: kb.root } });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/eu-stockpiling\.yaml:12: developments\[0\]\.cite: cites clk-2026-02-05/);
  });

  it('accepts a development dated before its source’s publication, and refuses one dated after it', async () => {
    await recordDevelopment(kb);
    expect(await problemsOf(kb.root)).toEqual([]);
    await kb.edit('curated/entries/us-eu-mou.yaml', 'kind: concluded\n    on: 2026-03-20', 'kind: concluded\n    phrase: tomorrow');
    expect((await problemsOf(kb.root)).join('\n')).toMatch(/developments\[0\]\.phrase: /);
  });

  it('names each mistake: an unknown kind, a missing new date, a deadline the entry lacks, an unquoted date', async () => {
    await recordDevelopment(
      kb,
      `developments:
  - kind: finished
    on: 2026-03-20
    text: x
    cite: { source: ec-2026-03-21, paragraph: p2, quote: On March 20, 2026 }
  - kind: extended
    on: 2026-03-20
    text: Extended.
    cite: { source: ec-2026-03-21, paragraph: p3, quote: extend the consultations }
  - kind: met
    on: 2026-03-20
    deadline: no-such-deadline
    text: Met.
    cite: { source: ec-2026-03-21, paragraph: p2, quote: On March 20, 2026 }
`,
    );
    const problems = (await problemsOf(kb.root)).join('\n');
    expect(problems).toMatch(/us-eu-mou\.yaml:\d+: developments\[0\]\.kind: must be one of concluded, signed, extended, met, missed, superseded, withdrawn, announced, other/);
    expect(problems).toMatch(/us-eu-mou\.yaml:\d+: developments\[1\]\.to: is missing: an extension gives the new date/);

    await kb.remove('curated/entries/us-eu-mou.yaml');
    await kb.write('curated/entries/us-eu-mou.yaml', await (await copyKnowledge()).read('curated/entries/us-eu-mou.yaml'));
    await recordDevelopment(
      kb,
      `developments:
  - kind: met
    on: 2026-03-20
    deadline: no-such-deadline
    text: Met.
    cite: { source: ec-2026-03-21, paragraph: p2, quote: the European Union concluded }
  - kind: signed
    on: 2026-03-19
    text: Signed.
    cite: { source: ec-2026-03-21, paragraph: p2, quote: the European Union concluded }
`,
    );
    const more = (await problemsOf(kb.root)).join('\n');
    expect(more).toMatch(/developments\[0\]\.deadline: this entry has no deadline "no-such-deadline" \(it has us-eu-mou-conclusion\)/);
    expect(more).toMatch(/developments\[1\]\.on: the quoted sentence\(s\) do not state 2026-03-19/);
  });
});
