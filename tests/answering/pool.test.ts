import { readdir, readFile } from 'node:fs/promises';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnsweringPool, type AnsweringPool } from '../../src/answering/pool.ts';
import { APOLOGY, createBot } from '../../src/bot.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { parseIsoDate } from '../../src/core/dates.ts';
import { createFairUse } from '../../src/core/fair-use.ts';
import type { Answer } from '../../src/knowledge/answer/answer.ts';
import { extractiveAnswerer } from '../../src/knowledge/answer/answerer.ts';
import { createLlmAnswerer } from '../../src/knowledge/answer/llm/llm-answerer.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { knowledgePaths } from '../../src/knowledge/load.ts';
import { reloadKnowledge } from '../../src/knowledge/reload.ts';
import { waitFor } from '../fakes/slack-web-api.ts';
import { llmConfig, replyWith, userMessage, type ChatRequest } from '../llm/helpers.ts';
import { EVAL_NOW, memoryLogger, PROJECT_ROOT, shippedKnowledgeBase } from '../support/core.ts';
import { copyKnowledge, type KnowledgeCopy } from '../support/kb-copy.ts';

/**
 * The extractive answerer on worker threads (`src/answering/pool.ts`): the
 * same answers as on the main thread, a reload that reaches every worker, the
 * Bot's in-flight bound unchanged, and a worker that dies costing one
 * apology, not the bot.
 */

const today = parseIsoDate(EVAL_NOW)!;
const QUESTIONS = [
  'When is the US-EU MOU due?',
  'Who leads the Mexico action plan for the US?',
  'What loan does Project Vault rest on?',
  'how many countries signed the pledge',
  'what is the price floor initiative about?',
  'Who won the 2026 World Cup?',
];

/** What a user sees of an answer, and what a follow-up and an LLM answerer read from it. */
const visible = (a: Answer) => ({ question: a.question, abstained: a.abstained, text: a.text, citations: a.citations, deadlines: a.deadlines, notes: a.notes, topic: a.topic, unknownTerms: a.unknownTerms });
const evidence = (a: Answer, n: number) => a.evidence.slice(0, n).map((e) => ({ fact: e.fact.id, text: e.fact.text, citations: e.fact.citations, rank: e.rank, entry: e.fact.entry?.name }));

describe('answers on worker threads', () => {
  let holder: KnowledgeHolder;
  let pool: AnsweringPool;
  beforeAll(async () => {
    holder = new KnowledgeHolder(await shippedKnowledgeBase(), knowledgePaths(PROJECT_ROOT));
    pool = createAnsweringPool({ threads: 2, knowledge: holder, log: memoryLogger(), evidence: 6 });
    await pool.ready();
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('are the answers of the main thread, follow-ups and the evidence an LLM answerer phrases from included', async () => {
    const context = { engine: holder.engine, today };
    // At once, so that both threads answer some.
    const pooled = await Promise.all(QUESTIONS.map((q) => pool.answer(q, context)));
    for (const [i, q] of QUESTIONS.entries()) {
      const here = await extractiveAnswerer.answer(q, context);
      expect(visible(pooled[i]!), q).toEqual(visible(here));
      expect(evidence(pooled[i]!, 6), q).toEqual(evidence(here, 6));
    }
    const first = await pool.answer('Who leads the Mexico action plan for the US?', context);
    const followUp = { ...context, topic: first.topic, previous: first.question };
    expect(visible(await pool.answer('and for Mexico?', followUp))).toEqual(visible(await extractiveAnswerer.answer('and for Mexico?', followUp)));
  });

  it('give an LLM answerer over them the same passages to phrase from as on the main thread', async () => {
    nock.disableNetConnect();
    try {
      const question = 'What loan does Project Vault rest on?';
      const seen: ChatRequest[] = [];
      for (const base of [pool, extractiveAnswerer]) {
        replyWith('Project Vault rests on a loan from the Export-Import Bank [1].', seen);
        await createLlmAnswerer({ config: llmConfig(), log: memoryLogger(), base }).answer(question, { engine: holder.engine, today });
      }
      expect(seen).toHaveLength(2);
      expect(userMessage(seen[0])).toContain('<passage number="1">');
      expect(userMessage(seen[0])).toBe(userMessage(seen[1]));
    } finally {
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });

  it.runIf(process.platform === 'linux')('run at a lower priority than the thread that acknowledges (nice +10, per thread)', async () => {
    const nice = async (task: string) => {
      const stat = await readFile(`/proc/self/task/${task}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const values = await Promise.all((await readdir('/proc/self/task')).map(nice));
    // At least this pool's two threads (a test file run earlier in the same process may have left its own).
    expect(values.filter((n) => n === 10).length).toBeGreaterThanOrEqual(2);
    expect(await nice(String(process.pid))).toBe(0);
  });

  it('leave the Bot’s bound on work in flight as it was: more are refused at once, not queued', async () => {
    const log = memoryLogger();
    const fairUse = createFairUse({ inFlight: 2 }, { log });
    const bot = createBot({ knowledge: holder, clock: fixedClock(EVAL_NOW), log, answerer: pool, fairUse });
    const replies = await Promise.all(QUESTIONS.slice(0, 5).map((q, i) => bot.handleQuestion(q, { platform: 'slack', channelId: `C${i}`, userId: `U${i}` })));
    expect(replies.filter((r) => r.kind === 'user-error').map((r) => r.text)).toHaveLength(3);
    expect(replies.filter((r) => r.kind === 'answer' || r.kind === 'declined')).toHaveLength(2);
    // And once those are done, the next is answered.
    expect((await bot.handleQuestion(QUESTIONS[0]!, { platform: 'slack', channelId: 'C9', userId: 'U9' })).kind).toBe('answer');
  });
});

describe('a reload of the knowledge base', () => {
  let kb: KnowledgeCopy;
  let pool: AnsweringPool | undefined;
  beforeEach(async () => {
    kb = await copyKnowledge();
  });
  afterEach(async () => {
    await pool?.close();
    await kb.dispose();
  });

  it('reaches every worker: questions asked after it are answered from the new base', async () => {
    const holder = await KnowledgeHolder.load(knowledgePaths(kb.root));
    pool = createAnsweringPool({ threads: 2, knowledge: holder, log: memoryLogger() });
    await pool.ready();
    const question = 'What does the Fort Knox of minerals hold?';
    const before = await pool.answer(question, { engine: holder.engine, today });
    expect(before).toMatchObject(visible(await extractiveAnswerer.answer(question, { engine: holder.engine, today })));

    await kb.edit('curated/entries/project-vault.yaml', 'aliases: [Vault,', 'aliases: [Fort Knox of minerals, Vault,');
    expect(await reloadKnowledge(holder, memoryLogger(), 'test')).toBe(true);
    const expected = visible(await extractiveAnswerer.answer(question, { engine: holder.engine, today }));
    expect(expected.text).not.toBe(before.text);
    // Four at once: both threads answer.
    const after = await Promise.all([1, 2, 3, 4].map(() => pool!.answer(question, { engine: holder.engine, today })));
    for (const a of after) expect(visible(a)).toEqual(expected);
  });
});

describe('a worker that dies', () => {
  const workerFile = new URL('../support/crashing-worker.ts', import.meta.url);
  let pool: AnsweringPool | undefined;
  afterEach(async () => {
    await pool?.close();
  });

  async function botOnCrashingPool() {
    const log = memoryLogger();
    const knowledge = new KnowledgeHolder(await shippedKnowledgeBase(), knowledgePaths(PROJECT_ROOT));
    pool = createAnsweringPool({ threads: 1, knowledge, log, workerFile });
    await pool.ready();
    return { log, bot: createBot({ knowledge, clock: fixedClock(EVAL_NOW), log, answerer: pool }) };
  }
  const where = { platform: 'slack', channelId: 'C1', userId: 'U1' } as const;

  it('in the middle of a question: the asker gets the apology, the error is logged, and a new worker answers the next question', async () => {
    const { bot, log } = await botOnCrashingPool();
    const r = await bot.handleQuestion('crash while answering, please', where);
    expect(r.kind).toBe('internal-error');
    expect(r.text).toBe(APOLOGY);
    expect(log.lines.some((l) => l.includes('command failed') && l.includes('worker exited'))).toBe(true);
    const next = await bot.handleQuestion('When is the US-EU MOU due?', where);
    expect(next.kind).toBe('answer');
    expect(next.text).toMatch(/2026-03-06/);
  });

  it('between questions: logged, replaced, and the bot goes on answering', async () => {
    const { bot, log } = await botOnCrashingPool();
    expect((await bot.handleQuestion('When is the US-EU MOU due? crash after answering', where)).kind).not.toBe('internal-error');
    await waitFor(() => log.lines.find((l) => l.includes('answering worker failed between questions')), 'the idle worker’s fault to be logged');
    const next = await bot.handleQuestion('Who leads the Mexico action plan for the US?', where);
    expect(next.kind).toBe('answer');
  });
});
