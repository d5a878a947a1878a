import type { IsoDate } from '../dates.ts';
import { answerQuestion, type Answer } from './answer.ts';
import type { Engine } from './engine.ts';

/**
 * Turns a question into an answer. The extractive answerer is always there;
 * an LLM answerer may wrap it, but must fall back to it, never fail the user.
 */
export interface Answerer {
  readonly name: string;
  answer(question: string, context: AnswererContext): Promise<Answer>;
}

export interface AnswererContext {
  readonly engine: Engine;
  readonly today: IsoDate;
  /** What the conversation was about (the previous answer's `topic`), for follow-up questions. */
  readonly topic?: readonly string[];
  /** The previous question of the conversation, for an elliptical follow-up ("and processing?"). */
  readonly previous?: string;
}

export const extractiveAnswerer: Answerer = {
  name: 'extractive',
  answer: async (question, { engine, today, topic, previous }) => answerQuestion(engine, question, today, { ...(topic ? { topic } : {}), ...(previous ? { previous } : {}) }),
};
