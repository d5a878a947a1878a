/**
 * What kind of reply an answer's text is, read the way a person in Slack
 * would: the bot's fair-use refusals (per person, per channel, or too busy)
 * and its apology for an internal error are told apart from everything else.
 * Matched on the wording of `src/core/fair-use.ts` and `APOLOGY` in
 * `src/core/bot.ts`; if that wording changes, refusals would count as answers
 * here, so keep them in step.
 */
export type AnswerKind = 'answered' | 'throttledUser' | 'throttledChannel' | 'busy' | 'apologies';

const KINDS: readonly [Exclude<AnswerKind, 'answered'>, RegExp][] = [
  ['throttledUser', /asking faster than I answer everyone/i],
  ['throttledChannel', /channel has asked me a lot/i],
  ['busy', /working on many questions at once/i],
  ['apologies', /something went wrong on my side/i],
];

export function answerKind(text: string): AnswerKind {
  // Only the opening matters, and answers can be long.
  const head = text.slice(0, 300);
  return KINDS.find(([, pattern]) => pattern.test(head))?.[0] ?? 'answered';
}
