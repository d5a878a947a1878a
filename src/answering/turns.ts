import type { Answer } from '../knowledge/answer/answer.ts';
import type { Answerer, AnswererContext } from '../knowledge/answer/answerer.ts';

/**
 * The answerer on the thread that also acknowledges Slack's and Discord's
 * requests (`POLICYBOT_WORKERS=0`): questions take turns, one per turn of the
 * event loop, each started from `setImmediate`.
 *
 * Why: an answer is a few milliseconds of computation that never waits, and
 * it used to run in the same turn as the request that asked it, right after
 * the acknowledgement. When a burst of requests was read from the sockets at
 * once, the last of them was acknowledged only after the answers to all the
 * others, and under steady load the acknowledgements queued behind answers
 * (measured: p99 several times bare Bolt's, and timeouts). Started from
 * `setImmediate`, an answer runs after the sockets have been read and every
 * request that arrived has been acknowledged; one at a time, so at most one
 * answer stands between a request and its acknowledgement.
 *
 * The asker gets the answer in a turn of its own, and the next question
 * starts in the turn after that: what the asker does with it (the reply
 * rendered and posted, a declined question recorded) would otherwise run
 * right after the computation, holding the thread for both at a stretch.
 *
 * Nothing is dropped or reordered: questions are answered in the order asked.
 * How many wait is bounded by the Bot's fair use (`POLICYBOT_MAX_IN_FLIGHT`),
 * which admits a request before it reaches the answerer.
 */
export function answerInTurns(base: Answerer): Answerer {
  const waiting: (() => void)[] = [];
  let running = false;
  const next = () => {
    const turn = waiting.shift();
    running = turn !== undefined;
    if (turn) setImmediate(turn);
  };
  return {
    name: base.name,
    answer(question: string, context: AnswererContext): Promise<Answer> {
      return new Promise<Answer>((resolve, reject) => {
        const handOver = (settle: () => void) =>
          setImmediate(() => {
            settle();
            next();
          });
        waiting.push(() => {
          // A base that throws synchronously still ends its turn.
          Promise.resolve()
            .then(() => base.answer(question, context))
            .then(
              (answer) => handOver(() => resolve(answer)),
              (error: unknown) => handOver(() => reject(error)),
            );
        });
        if (!running) next();
      });
    },
  };
}
