import { builtinCommands } from '../commands/index.ts';
import { randomUUID } from 'node:crypto';
import type { CommandSpec, Following, Invocation } from '../commands/spec.ts';
import { extractiveAnswerer, type Answerer } from '../knowledge/answer/answerer.ts';
import type { KnowledgeHolder } from '../knowledge/holder.ts';
import { suggestEntries } from '../knowledge/lookup.ts';
import type { Clock } from './clock.ts';
import { describeError, isUserError, UserError } from './errors.ts';
import type { Logger } from './log.ts';
import { reply, type Reply } from './reply.ts';

/**
 * The bot's narrow entry points. Adapters call these and render the `Reply`;
 * they never reach into a command. Whatever a command throws becomes a reply:
 * a user error politely, anything else as a logged internal error.
 */
export interface Bot {
  readonly commands: readonly CommandSpec<never>[];
  /** Runs a command with raw option values, as a platform delivers them. */
  handleCommand(name: string, options: Record<string, string | undefined>, invocation: Invocation): Promise<Reply>;
  /** A line of text: `/command args`, `command args` for a known command, or else a question. */
  handleText(text: string, invocation: Invocation): Promise<Reply>;
  handleQuestion(question: string, invocation: Invocation): Promise<Reply>;
  /** Choices for an autocompleted option. */
  autocomplete(kind: 'agreement', partial: string): { name: string; value: string }[];
  /** 👍/👎 on an answer (by its `feedbackId`), with an optional reason; stored without the user's identity. */
  handleFeedback(feedback: { feedbackId: string; vote: 'up' | 'down'; reason?: string }, invocation: Invocation): Promise<Reply>;
  readonly knowledge: KnowledgeHolder;
  readonly clock: Clock;
}

export interface BotDependencies {
  readonly knowledge: KnowledgeHolder;
  readonly clock: Clock;
  readonly log: Logger;
  readonly answerer?: Answerer;
  /** Extra commands beside the built-in ones. */
  readonly commands?: readonly CommandSpec<never>[];
  /** Subscriptions and feedback storage, when the bot runs with a data store. */
  readonly following?: Following;
}

/** How many recent answers can still be rated after they were given (kept in memory). */
const RATEABLE_ANSWERS = 2000;

export const APOLOGY = 'Sorry, something went wrong on my side while answering that. It has been logged; please try again in a moment.';

export function createBot(deps: BotDependencies): Bot {
  const commands = [...builtinCommands(), ...(deps.commands ?? [])];
  const byName = new Map(commands.map((c) => [c.name, c]));
  const answerer = deps.answerer ?? extractiveAnswerer;
  const rateable = new Map<string, { reply: Reply; kbVersion: string }>();
  const remember = (r: Reply): Reply => {
    if (r.kind !== 'answer' || !deps.following) return r;
    const feedbackId = randomUUID().slice(0, 18);
    rateable.set(feedbackId, { reply: r, kbVersion: deps.knowledge.kb.version });
    if (rateable.size > RATEABLE_ANSWERS) rateable.delete(rateable.keys().next().value!);
    return { ...r, feedbackId };
  };

  const run = async (name: string, options: Record<string, string | undefined>, invocation: Invocation): Promise<Reply> => {
    try {
      const spec = byName.get(name.toLowerCase());
      if (!spec) throw new UserError('UNKNOWN_COMMAND', `There is no command “${name.slice(0, 40)}”.`, `Commands: ${commands.map((c) => c.name).join(', ')}.`);
      const parsed = spec.args.safeParse(options);
      if (!parsed.success) throw new UserError('BAD_ARGUMENT', `That does not fit \`${spec.name}\`: ${parsed.error.issues[0]?.message ?? 'invalid arguments'}.`, `Example: ${spec.examples[0]}`);
      const result = await spec.execute(parsed.data, { engine: deps.knowledge.engine, clock: deps.clock, answerer, log: deps.log, invocation, ...(deps.following ? { following: deps.following } : {}) });
      return remember(result);
    } catch (error) {
      return failureReply(error, deps.log, { command: name, platform: invocation.platform });
    }
  };

  const bot: Bot = {
    commands,
    knowledge: deps.knowledge,
    clock: deps.clock,
    handleCommand: run,
    handleQuestion: (question, invocation) => run('ask', { question }, invocation),
    handleText(text, invocation) {
      const parsed = parseCommandLine(text, commands);
      if (parsed) return run(parsed.name, parsed.options, invocation);
      return run('ask', { question: text }, invocation);
    },
    autocomplete(_kind, partial) {
      return suggestEntries(deps.knowledge.kb, partial).map((e) => ({ name: e.name.slice(0, 100), value: e.id }));
    },
    async handleFeedback({ feedbackId, vote, reason }, invocation) {
      try {
        const rated = rateable.get(feedbackId);
        if (!deps.following) throw new UserError('BAD_ARGUMENT', 'This instance keeps no feedback.');
        if (!rated) throw new UserError('BAD_ARGUMENT', 'That answer is too old to rate now; ask again and rate the new answer.');
        const r = rated.reply;
        await deps.following.store.recordFeedback({
          kind: 'vote',
          answerId: feedbackId,
          vote,
          ...(reason?.trim() ? { reason: reason.trim().slice(0, 1000) } : {}),
          at: deps.clock.now().toISOString(),
          question: r.question ?? '',
          answer: r.text,
          citations: r.citations.map((c) => ({ source: c.sourceId, locator: c.locator, quote: c.quote })),
          kbVersion: rated.kbVersion,
          platform: invocation.platform,
          ...(invocation.userId ? { user: deps.following.store.userHash(invocation.platform, invocation.userId) } : {}),
        });
        return reply({ kind: 'info', text: vote === 'up' ? 'Thanks for the feedback.' : 'Thanks: the curators will look at this answer.' });
      } catch (error) {
        return failureReply(error, deps.log, { command: 'feedback', platform: invocation.platform });
      }
    },
  };
  return bot;
}

/**
 * `/deadlines mexico` or `deadlines mexico` → the command and its options (the
 * first option takes the rest of the line). A leading slash is required for a
 * word that could start a question ("sources say…" is a question), except when
 * the word stands alone.
 */
export function parseCommandLine(text: string, commands: readonly CommandSpec<never>[]): { name: string; options: Record<string, string | undefined> } | undefined {
  const m = /^\s*(\/)?([a-z][\w-]*)(?:\s+([\s\S]*))?$/i.exec(text);
  if (!m) return undefined;
  const [, slash, word, rest] = m;
  const spec = commands.find((c) => c.name === word!.toLowerCase());
  if (!spec) return slash ? { name: word!, options: {} } : undefined;
  if (!slash && rest?.trim() && spec.name !== 'ask') {
    // Without a slash, "deadlines mexico" is a command, but "help me understand Project Vault",
    // "sources of funding…" and "deadlines for the MOU?" read as questions.
    if (spec.options.length === 0 || /[?]\s*$/.test(rest)) return undefined;
  }
  const first = spec.options[0];
  return { name: spec.name, options: first && rest?.trim() ? { [first.name]: rest.trim() } : {} };
}

function failureReply(error: unknown, log: Logger, context: Record<string, unknown>): Reply {
  if (isUserError(error)) {
    return reply({ kind: 'user-error', text: error.message, notes: error.hint ? [error.hint] : [] });
  }
  log.error('command failed', { ...context, error: error instanceof Error ? error : describeError(error) });
  return reply({ kind: 'internal-error', text: APOLOGY });
}
