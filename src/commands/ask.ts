import { reply, type Reply } from '../core/reply.ts';
import type { Answer } from '../knowledge/answer/answer.ts';
import { MAX_INPUT_LENGTH } from '../core/input.ts';
import { defineCommand } from './spec.ts';

export const ask = defineCommand({
  name: 'ask',
  description: 'Ask a question about the agreements; the answer quotes its sources.',
  options: [{ name: 'question', description: 'Your question, in plain words', required: true, maxLength: MAX_INPUT_LENGTH, whenMissing: 'Ask me a question, in plain words.' }],
  examples: ['ask When must the memorandum with the EU be concluded?', 'ask Who leads the Mexico action plan for the US?', 'ask What loan does Project Vault rest on?'],
  async execute({ question }, ctx) {
    // Already cleaned and capped by the Bot (`core/input.ts`), and present: the option is required.
    const text = question;
    const before = ctx.conversation?.recall() as FollowUp | undefined;
    const answer = await ctx.answerer.answer(text, { engine: ctx.engine, today: ctx.clock.today(), ...(before ? { topic: before.topic, previous: before.question } : {}) });
    if (answer.topic.length > 0) ctx.conversation?.remember({ topic: answer.topic, question: answer.question } satisfies FollowUp);
    if (answer.abstained && ctx.following) {
      // Declined questions are the coverage gaps curators read in `npm run report`.
      // The asker does not wait for the disk: the record is telemetry, and a refused write is logged.
      void ctx.following.store
        .recordFeedback({
          kind: 'declined',
          at: ctx.clock.now().toISOString(),
          question: answer.question,
          answer: answer.text,
          citations: [],
          kbVersion: ctx.engine.kb.version,
          platform: ctx.invocation.platform,
          ...(ctx.invocation.userId ? { user: ctx.following.store.userHash(ctx.invocation.platform, ctx.invocation.userId) } : {}),
        })
        .catch((error: unknown) => ctx.log.warn('could not record a declined question', { error: error instanceof Error ? error : String(error) }));
    }
    return answerReply(answer);
  },
});

/** What a conversation keeps for the next question: what it was about, and how it was asked ("and processing?"). */
interface FollowUp {
  readonly topic: readonly string[];
  readonly question: string;
}

export function answerReply(answer: Answer): Reply {
  return reply({
    kind: answer.abstained ? 'declined' : 'answer',
    text: answer.text,
    citations: answer.citations,
    deadlines: answer.deadlines,
    notes: answer.notes,
    question: answer.question,
  });
}
