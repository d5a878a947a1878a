import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { answerInTurns } from '../../src/answering/turns.ts';
import type { Answer } from '../../src/knowledge/answer/answer.ts';
import type { Answerer, AnswererContext } from '../../src/knowledge/answer/answerer.ts';

/**
 * Answering on the thread that acknowledges (`POLICYBOT_WORKERS=0`): every
 * question answered, in order, one per turn of the event loop, so that a
 * request that arrives meanwhile is served between two answers.
 */

const context = {} as AnswererContext;
/** An answerer that holds the thread for `ms`, as a real answer's computation does. */
const busy = (ms: number, log: string[]): Answerer => ({
  name: 'busy',
  async answer(question) {
    log.push(`start ${question}`);
    const until = performance.now() + ms;
    while (performance.now() < until);
    if (question === 'boom') throw new Error('boom');
    return { question, text: `answer to ${question}` } as Answer;
  },
});

describe('answers in turns', () => {
  it('answers every question in the order asked, a failure only its own', async () => {
    const log: string[] = [];
    const answerer = answerInTurns(busy(1, log));
    const results = await Promise.allSettled(['a', 'boom', 'c'].map((q) => answerer.answer(q, context)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.text : (r.reason as Error).message))).toEqual(['answer to a', 'boom', 'answer to c']);
    expect(log).toEqual(['start a', 'start boom', 'start c']);
    // And it keeps going after the queue ran dry.
    expect((await answerer.answer('d', context)).text).toBe('answer to d');
  });

  it("hands each answer over in a turn of its own: the event loop comes round between the computation and the asker's use of it", async () => {
    const log: string[] = [];
    const base = busy(2, log);
    // A timer set while an answer is computed fires at the next turn's start, so it shows where one turn ends.
    const answerer = answerInTurns({ ...base, answer: (q, c) => (setTimeout(() => log.push(`turn after ${q}`), 0), base.answer(q, c)) });
    await Promise.all(['a', 'b'].map((q) => answerer.answer(q, context).then(() => log.push(`${q} handed over`))));
    expect(log).toEqual(['start a', 'turn after a', 'a handed over', 'start b', 'turn after b', 'b handed over']);
  });

  it('serves a request that arrives while questions wait, before the answers queued behind the one running', async () => {
    const log: string[] = [];
    const server = createServer((_req, res) => {
      log.push('request served');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const answerer = answerInTurns(busy(30, log));
      // The request goes out before the questions are asked; its bytes reach the server while the first answer runs.
      const served = new Promise<void>((resolve) => request({ port: (server.address() as AddressInfo).port, host: '127.0.0.1' }, (res) => res.resume().on('end', resolve)).end());
      const answers = Promise.all(['a', 'b', 'c', 'd'].map((q) => answerer.answer(q, context)));
      await Promise.all([served, answers]);
      const at = log.indexOf('request served');
      expect(at).toBeGreaterThan(-1);
      expect(at).toBeLessThan(log.length - 1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
