import type { IsoDate } from '../core/dates.ts';
import { extractiveAnswerer } from '../knowledge/answer/answerer.ts';
import type { Engine } from '../knowledge/answer/engine.ts';
import { spelling } from '../knowledge/language/spelling.ts';

/**
 * Builds what the answer path builds lazily (the English word-frequency table
 * behind typo correction takes ~150 ms on first use, WordNet and the tagger
 * load on the first question) and compiles its hot code, so that a chat
 * server's first questions do not wait for it. Extractive on purpose:
 * warming must not call an LLM. Run by the main thread when it answers
 * itself, and by every answering worker before it takes a question.
 */
export async function warmAnswering(engine: Engine, today: IsoDate): Promise<void> {
  spelling();
  await extractiveAnswerer.answer('Who leads the Mexico action plan for the US?', { engine, today });
}
