import type { IsoDate } from '../dates.ts';
import { answerQuestion, type Answer } from './answer.ts';
import type { Engine } from './engine.ts';

/**
 * Turns a question into an answer. The extractive answerer is always there;
 * an LLM answerer may wrap it, but must fall back to it, never fail the user.
 */
export interface Answerer {
  readonly name: string;
  answer(question: string, context: { readonly engine: Engine; readonly today: IsoDate }): Promise<Answer>;
}

export const extractiveAnswerer: Answerer = {
  name: 'extractive',
  answer: async (question, { engine, today }) => answerQuestion(engine, question, today),
};
