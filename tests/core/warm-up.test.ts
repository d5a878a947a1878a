import { describe, expect, it } from 'vitest';
import { createCore, warmUp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Answerer } from '../../src/knowledge/answer/answerer.ts';
import { memoryLogger } from '../support/core.ts';

describe('warming up a chat server before it listens', () => {
  it('runs the extractive answer path only: the configured answerer (an LLM) is never called, and nothing is logged', async () => {
    let called = 0;
    const llm: Answerer = {
      name: 'llm',
      answer: async () => {
        called += 1;
        throw new Error('warming must not reach the model');
      },
    };
    const log = memoryLogger();
    const core = await createCore(loadConfig({ POLICYBOT_NOW: '2026-11-28' }), log, { answerer: llm });
    await expect(warmUp(core)).resolves.toBeUndefined();
    expect(called).toBe(0);
    expect(log.lines).toEqual([]);
    // The bot itself still uses the configured answerer.
    await core.bot.handleQuestion('When is the US-EU memorandum due?', { platform: 'console', channelId: 'console' });
    expect(called).toBe(1);
  });
});
