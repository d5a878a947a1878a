import type { IsoDate } from '../dates.ts';
import { answerQuestion, type Answer } from './answer.ts';
import type { Engine } from './engine.ts';

/**
 * Turns a question into an answer. The extractive answerer is always there;
 * an LLM answerer may wrap it, but must fall back to it, never fail the user.
 */
export interface Answerer {
  readonly name: string;
  /** `topic`: what the conversation was about (the previous answer's `topic`), for follow-up questions. */
  answer(question: string, context: { readonly engine: Engine; readonly today: IsoDate; readonly topic?: readonly string[] }): Promise<Answer>;
}

export const extractiveAnswerer: Answerer = {
  name: 'extractive',
  answer: async (question, { engine, today, topic }) => answerQuestion(engine, question, today, topic ? { topic } : {}),
};
