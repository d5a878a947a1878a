import type { AnswerTask } from '../../src/answering/protocol.ts';
import started from '../../src/answering/worker.ts';

/**
 * The answering worker with two ways to die on purpose, for the pool's crash
 * tests: "crash while answering" ends the thread in the middle of a question;
 * "crash after answering" answers, then throws from a timer while the thread
 * is idle. Everything else is answered as `worker.ts` answers it.
 */
export default started.then((answer) => async (task: AnswerTask) => {
  if (task.question.includes('crash while answering')) process.exit(70);
  if (task.question.includes('crash after answering')) {
    setTimeout(() => {
      throw new Error('a fault between questions');
    }, 20);
  }
  return answer(task);
});
