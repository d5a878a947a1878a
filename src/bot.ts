import { randomUUID } from 'node:crypto';
import { builtinCommands } from './commands/index.ts';
import type { CommandSpec, Following } from './commands/spec.ts';
import { boundedCache } from './core/bounded-cache.ts';
import type { Clock } from './core/clock.ts';
import { Conversations } from './core/conversations.ts';
import { describeError, isUserError, UserError } from './core/errors.ts';
import { refusalMessage, type FairUse } from './core/fair-use.ts';
import { cleanInput, isMentionOnly, MAX_INPUT_LENGTH, readInput } from './core/input.ts';
import type { Invocation } from './core/invocation.ts';
import type { Logger } from './core/log.ts';
import type { Overview } from './core/overview.ts';
import { reply, type Reply } from './core/reply.ts';
import { extractiveAnswerer, type Answerer } from './knowledge/answer/answerer.ts';
import type { KnowledgeHolder } from './knowledge/holder.ts';
import { suggestNames } from './knowledge/lookup.ts';

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
  /**
   * A button of a reply's `actions` was pressed (its id): the reply that
   * replaces the message, or a user error only the presser should see.
   */
  handleAction(actionId: string, invocation: Invocation): Promise<Reply>;
  /** 👍/👎 on an answer (by its `feedbackId`), with an optional reason; stored without the user's identity. */
  handleFeedback(feedback: { feedbackId: string; vote: 'up' | 'down'; reason?: string }, invocation: Invocation): Promise<Reply>;
  /** What the bot knows at a glance for a platform's home surface (Slack's App Home): upcoming deadlines, news, that platform's subscriptions, the calendar. */
  /** What a platform's home view shows; loaded on first use, so the command-line tools never load the calendar writer. */
  overview(platform: string): Promise<Overview>;
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
  /** Per-user and per-channel limits and the bound on work in flight; none when absent. */
  readonly fairUse?: FairUse;
  /** What reply buttons do, by the name their ids start with (`inbox` for `inbox:accept:ID`). */
  readonly actions?: Readonly<Record<string, ActionHandler>>;
}

/** Runs a pressed button's action (`argument`: its id after `name:`); a `UserError` is told to the presser only. */
export type ActionHandler = (argument: string, invocation: Invocation) => Promise<Reply>;

/** How many recent answers can still be rated after they were given (kept in memory). */
const RATEABLE_ANSWERS = 2000;

export const APOLOGY = 'Sorry, something went wrong on my side while answering that. It has been logged; please try again in a moment.';

export function createBot(deps: BotDependencies): Bot {
  const commands = [...builtinCommands(), ...(deps.commands ?? [])];
  const byName = new Map(commands.map((c) => [c.name, c]));
  const answerer = deps.answerer ?? extractiveAnswerer;
  const rateable = boundedCache<{ reply: Reply; kbVersion: string }>({ max: RATEABLE_ANSWERS });
  const conversations = new Conversations(() => deps.clock.now().getTime());
  const remember = (r: Reply): Reply => {
    if (r.kind !== 'answer' || !deps.following) return r;
    const feedbackId = randomUUID().slice(0, 18);
    rateable.set(feedbackId, { reply: r, kbVersion: deps.knowledge.kb.version });
    return { ...r, feedbackId };
  };

  const execute = async (name: string, options: Record<string, string | undefined>, invocation: Invocation): Promise<Reply> => {
    const spec = byName.get(name.toLowerCase());
    if (!spec) throw new UserError('UNKNOWN_COMMAND', `There is no command “${name.slice(0, 40)}”.`, `Commands: ${commands.map((c) => c.name).join(', ')}.`);
    const parsed = spec.args.safeParse(options);
    // The option's own sentence ("Which agreement? …", "“gossip” is not a choice for topics: …"), and how it is used.
    if (!parsed.success) throw new UserError('BAD_ARGUMENT', parsed.error.issues[0]?.message ?? `That does not fit \`${spec.name}\`.`, `For example: ${spec.examples[0]}`);
    const admission = deps.fairUse ? await deps.fairUse.admit(invocation) : undefined;
    if (admission && !admission.admitted) {
      const { text, hint } = refusalMessage(admission);
      deps.log.info('fair use: refused', { scope: admission.scope, platform: invocation.platform, retryAfterMs: admission.retryAfterMs });
      throw new UserError(admission.scope === 'busy' ? 'BUSY' : 'RATE_LIMITED', text, hint);
    }
    try {
      return remember(
        await spec.execute(parsed.data, {
          engine: deps.knowledge.engine,
          clock: deps.clock,
          answerer,
          log: deps.log,
          invocation,
          ...(deps.following ? { following: deps.following } : {}),
          ...(invocation.conversation ? { conversation: conversations.of(`${invocation.platform}:${invocation.conversation}`) } : {}),
        }),
      );
    } finally {
      if (admission?.admitted) admission.release();
    }
  };

  /** Every way in: option values are cleaned and capped (`input.ts`) before a command sees them. */
  const run = async (name: string, options: Record<string, string | undefined>, invocation: Invocation): Promise<Reply> => {
    try {
      return await execute(name, cleanOptions(options), invocation);
    } catch (error) {
      return failureReply(error, deps.log, { command: name.slice(0, 40), platform: invocation.platform });
    }
  };

  const bot: Bot = {
    commands,
    knowledge: deps.knowledge,
    clock: deps.clock,
    handleCommand: run,
    handleQuestion: (question, invocation) => run('ask', { question }, invocation),
    async handleText(raw, invocation) {
      try {
        const text = readInput(raw);
        if (isMentionOnly(text)) return usageHint(byName.get('ask')?.examples ?? []);
        const parsed = parseCommandLine(text, commands);
        return await execute(parsed?.name ?? 'ask', parsed?.options ?? { question: text }, invocation);
      } catch (error) {
        return failureReply(error, deps.log, { command: 'text', platform: invocation.platform });
      }
    },
    autocomplete(_kind, partial) {
      // The name, and the alias that matched when the name did not ("…Understanding on critical minerals (US-EU MOU)"): the end is what shows it.
      return suggestNames(deps.knowledge.kb, cleanInput(partial.slice(0, MAX_INPUT_LENGTH))).map(({ entry, alias }) => ({ name: choiceName(entry.name, alias), value: entry.id }));
    },
    async overview(platform) {
      const { buildOverview } = await import('./following/overview.ts');
      return buildOverview(deps.knowledge.kb, deps.following?.store, platform, deps.clock.today(), deps.clock.now());
    },
    async handleAction(actionId, invocation) {
      try {
        const [, name = '', argument = ''] = /^([a-z][\w-]*):(.*)$/s.exec(actionId) ?? [];
        const handler = deps.actions && Object.hasOwn(deps.actions, name) ? deps.actions[name] : undefined;
        if (!handler) throw new UserError('BAD_ARGUMENT', 'This button no longer works.', 'It belongs to an earlier version of this message, or to a feature this instance does not run.');
        return await handler(argument, invocation);
      } catch (error) {
        return failureReply(error, deps.log, { command: 'action', platform: invocation.platform });
      }
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
          ...(reason && cleanInput(reason) ? { reason: cleanInput(reason).slice(0, MAX_INPUT_LENGTH) } : {}),
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
 * first option takes the rest of the line, unless the command reads it itself: `readText`). A leading slash is required for a
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
  if (!rest?.trim()) return { name: spec.name, options: {} };
  if (spec.readText) return { name: spec.name, options: spec.readText(rest.trim()) };
  const first = spec.options[0];
  return { name: spec.name, options: first ? { [first.name]: rest.trim() } : {} };
}

/** A choice's name within Discord's 100 characters: the entry's name, shortened if need be to keep the alias that matched. */
function choiceName(name: string, alias: string | undefined): string {
  const limit = 100;
  if (!alias) return name.length <= limit ? name : `${name.slice(0, limit - 1)}…`;
  const suffix = ` (${alias.slice(0, 40)})`;
  return name.length + suffix.length <= limit ? `${name}${suffix}` : `${name.slice(0, limit - suffix.length - 1)}…${suffix}`;
}

function cleanOptions(options: Record<string, string | undefined>): Record<string, string | undefined> {
  const cleaned: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(options)) cleaned[name] = typeof value === 'string' ? readInput(value, name === 'question' ? 'question' : 'value') : value;
  return cleaned;
}

/** An empty message, or one that only mentions people: say what the bot is for rather than decline a non-question. */
function usageHint(examples: readonly string[]): Reply {
  return reply({
    kind: 'info',
    text: 'Ask me a question about the trade-policy agreements in plain words, and I will answer from my sources and quote them.',
    notes: [...examples.slice(0, 2).map((e) => `For example: ${e.replace(/^ask /, '')}`), '“help” lists what else I can do; “deadlines” lists every deadline and whether it has passed.'],
  });
}

function failureReply(error: unknown, log: Logger, context: Record<string, unknown>): Reply {
  if (isUserError(error)) {
    return reply({ kind: 'user-error', text: error.message, notes: error.hint ? [error.hint] : [] });
  }
  log.error('command failed', { ...context, error: error instanceof Error ? error : describeError(error) });
  return reply({ kind: 'internal-error', text: APOLOGY });
}
