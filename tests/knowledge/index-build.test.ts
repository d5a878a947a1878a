import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticKnowledge } from '../../bench/synthetic-corpus.ts';
import { answerQuestion } from '../../src/knowledge/answer/answer.ts';
import { createEngine, createEngineAsync } from '../../src/knowledge/answer/engine.ts';
import { knowledgePaths, loadKnowledgeBase } from '../../src/knowledge/load.ts';
import type { KnowledgeBase } from '../../src/knowledge/model.ts';
import { PROJECT_ROOT } from '../support/core.ts';

let dir: string;
let kb: KnowledgeBase;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'policybot-index-'));
  // ~600 paragraphs: more than one slice of the incremental build.
  await syntheticKnowledge(PROJECT_ROOT, path.join(dir, 'kb'), 30);
  kb = await loadKnowledgeBase(knowledgePaths(path.join(dir, 'kb')));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const TODAY = '2026-12-01' as Parameters<typeof answerQuestion>[2];
const QUESTIONS = ['How big is the EXIM loan behind Project Vault?', 'When is the US-EU memorandum due?', 'Who leads the Mexican side of the action plan?'];

describe('building the index', () => {
  it('in slices gives the event loop back, and answers as the one-go build does', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    const sliced = await createEngineAsync(kb);
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(0);
    const whole = createEngine(kb);
    for (const q of QUESTIONS) expect(answerQuestion(sliced, q, TODAY).text).toBe(answerQuestion(whole, q, TODAY).text);
  });

  it('reads back its snapshot, and answers the same from it', () => {
    const cacheDir = path.join(dir, 'cache');
    const built = createEngine(kb, { cacheDir });
    const restored = createEngine(kb, { cacheDir });
    for (const q of QUESTIONS) expect(answerQuestion(restored, q, TODAY).text).toBe(answerQuestion(built, q, TODAY).text);
  });
});
