import type { PostOutcome } from '../core/adapter.ts';
import type { Clock } from '../core/clock.ts';
import { describeError, isUserError, OperatorError, UserError } from '../core/errors.ts';
import type { Invocation } from '../core/invocation.ts';
import type { Logger } from '../core/log.ts';
import { reply, type Reply } from '../core/reply.ts';
import { listOf } from '../knowledge/answer/format.ts';
import type { KnowledgePaths } from '../knowledge/load.ts';
import type { KnowledgeBase } from '../knowledge/model.ts';
import { channelKey, isStoreWriteError, type ChannelRef, type InboxItem, type Store } from '../store/store.ts';
import { acceptItem, dismissItem, findItem } from './accept.ts';
import type { Fetcher } from './fetch.ts';

/**
 * The curators' channel (`POLICYBOT_CURATOR_CHANNEL`): a short notice of each
 * item the feed watcher puts in the inbox, with Accept and Dismiss buttons
 * that do what `npm run kb -- accept|dismiss ID` does, the notice then
 * updated with the outcome.
 *
 * Each notice goes out once, across restarts: it is claimed in the store
 * before it is posted (`notice:CHANNEL:ID`), as reminders are. A notice that
 * failed for a passing reason is tried again after the watcher's next poll;
 * one the channel refused for good is not (the item stays in `kb -- inbox`).
 * Items already in the inbox when the channel is first set get no notice: it
 * announces what is new, not the backlog.
 *
 * The buttons work in that channel only: whoever can see it may curate, so
 * keep it to the curators. Nothing here knows a platform: the notice is a
 * `Reply` with `actions`, each adapter's buttons bring the action's id back
 * through `Bot.handleAction`, and the reply returned replaces the notice.
 */

/** The prefix of the inbox's action ids, the name `Bot.handleAction` routes by. */
export const INBOX_ACTIONS = 'inbox';

export function inboxActionId(verb: 'accept' | 'dismiss', id: string): string {
  return `${INBOX_ACTIONS}:${verb}:${id}`;
}

export type NoticePoster = (channelId: string, reply: Reply) => Promise<PostOutcome>;

export interface CuratorDependencies {
  readonly channel: ChannelRef;
  readonly store: Store;
  readonly fetcher: Fetcher;
  readonly paths: KnowledgePaths;
  readonly clock: Clock;
  readonly log: Logger;
  readonly knowledge: () => KnowledgeBase;
  /** After an accept: the running bot loads the new source (and answers from it). */
  readonly reload: () => Promise<unknown>;
}

export class CuratorDesk {
  private running: Promise<unknown> = Promise.resolve();
  /** Notices that failed for a passing reason: tried again with the next ones. */
  private readonly retry = new Map<string, InboxItem>();
  /** Items being accepted or dismissed now: a second click waits for the first's outcome rather than doing it twice. */
  private readonly busy = new Map<string, Promise<Reply>>();
  private poster: NoticePoster | undefined;

  constructor(private readonly deps: CuratorDependencies) {}

  /** The adapter that posts into the channel's platform, once it runs. */
  postWith(poster: NoticePoster): void {
    this.poster = poster;
  }

  /** New inbox items (the watcher's), one notice each; never throws. */
  notify(items: readonly InboxItem[]): Promise<void> {
    const run = this.running.then(() => this.post(items));
    this.running = run.catch((error: unknown) => this.deps.log.error('curator: notices failed', { error: error instanceof Error ? error : describeError(error) }));
    return this.running as Promise<void>;
  }

  async stop(): Promise<void> {
    await this.running;
  }

  private async post(items: readonly InboxItem[]): Promise<void> {
    const { store, clock, log, channel } = this.deps;
    for (const item of items) this.retry.set(item.id, item);
    if (!this.poster) return; // the platform is not running yet: they wait in the retry list
    for (const [id, item] of [...this.retry]) {
      const key = `notice:${channelKey(channel)}:${id}`;
      try {
        if (!(await store.claimPost({ key, channel, kind: 'notice', at: clock.now().toISOString() }))) {
          this.retry.delete(id);
          continue;
        }
      } catch (error) {
        if (!isStoreWriteError(error)) throw error;
        log.warn('curator: the data store refused to record a notice; it is tried again after the next poll', { item: id, errno: error.errno ?? 'unknown' });
        return;
      }
      let outcome: PostOutcome;
      try {
        outcome = await this.poster(channel.channelId, inboxNotice(item, this.deps.knowledge()));
      } catch (error) {
        outcome = { ok: false, permanent: false, reason: describeError(error) };
      }
      const settle = (state: 'sent' | 'failed', detail?: string) =>
        store.settlePost(key, state, detail).catch((error: unknown) => {
          if (!isStoreWriteError(error)) throw error;
          log.warn('curator: could not record a notice’s outcome; it stays claimed and is not posted again', { item: id });
        });
      if (outcome.ok) {
        this.retry.delete(id);
        await settle('sent', outcome.messageId);
        log.info('curator: notice posted', { item: id, channel: channelKey(channel) });
      } else if (outcome.permanent) {
        this.retry.delete(id);
        await settle('failed', outcome.reason);
        log.warn('curator: cannot post in the curators’ channel; check POLICYBOT_CURATOR_CHANNEL and that the bot may post there', { channel: channelKey(channel), reason: outcome.reason });
      } else {
        log.warn('curator: notice failed; tried again after the next poll', { item: id, reason: outcome.reason });
        await store.releasePost(key).catch(() => undefined); // still claimed if this fails: not posted twice, at worst not at all
      }
    }
  }

  /** `inbox:accept:ID` or `inbox:dismiss:ID` from a button (`argument` is what follows `inbox:`). */
  act(argument: string, invocation: Invocation): Promise<Reply> {
    const { channel } = this.deps;
    if (invocation.platform !== channel.platform || invocation.channelId !== channel.channelId) {
      throw new UserError('FORBIDDEN', 'Inbox items are accepted or dismissed in the curators’ channel only.', 'Use that channel’s buttons, or `npm run kb -- accept ID` where the bot runs.');
    }
    const m = /^(accept|dismiss):([0-9a-f]{1,16})$/.exec(argument);
    if (!m) throw new UserError('BAD_ARGUMENT', 'This button no longer works.', 'See `npm run kb -- inbox` for the items waiting.');
    const [, verb, id] = m as unknown as [string, 'accept' | 'dismiss', string];
    const running = this.busy.get(id);
    if (running) return running;
    const work = this.settle(verb, id).finally(() => this.busy.delete(id));
    this.busy.set(id, work);
    return work;
  }

  private async settle(verb: 'accept' | 'dismiss', id: string): Promise<Reply> {
    const { store, clock, log } = this.deps;
    const item = await findItem(store, id);
    if (item.state !== 'waiting') return inboxNotice(item, this.deps.knowledge(), `Already ${item.state}${item.settled?.source ? ` as the source ${item.settled.source}` : ''} on ${item.settled?.at.slice(0, 10) ?? 'an earlier day'}.`);
    try {
      if (verb === 'dismiss') {
        const dismissed = await dismissItem(store, id, clock);
        log.info('curator: inbox item dismissed', { item: id });
        return inboxNotice(dismissed, this.deps.knowledge(), 'Dismissed: it will not be offered again.');
      }
      const { item: accepted, added } = await acceptItem({ id }, { store, fetcher: this.deps.fetcher, paths: this.deps.paths, clock });
      log.info('curator: inbox item accepted', { item: id, source: added.id });
      await this.deps.reload();
      const ids = added.paragraphs.map((p) => p.id);
      const range = ids.length > 1 ? `${ids[0]}–${ids.at(-1)}` : (ids[0] ?? 'none');
      return inboxNotice(
        accepted,
        this.deps.knowledge(),
        `Accepted: kept as the source ${added.id} (${ids.length} paragraph${ids.length === 1 ? '' : 's'}, ${range}); the bot answers from it now. To say what it reports about an agreement, record a development citing it (docs/curating.md); \`npm run kb -- show ${added.id}\` prints its paragraphs.`,
      );
    } catch (error) {
      // The notice stays, with its buttons and why it did not work: a curator may try again, or dismiss it.
      const reason = isUserError(error) || error instanceof OperatorError ? error.message : isStoreWriteError(error) ? 'the data store is not accepting changes just now' : undefined;
      if (!reason) log.error('curator: inbox action failed', { item: id, verb, error: error instanceof Error ? error : describeError(error) });
      else log.warn('curator: inbox action refused', { item: id, verb, reason });
      const now = (await store.inbox()).find((i) => i.id === id) ?? item;
      return inboxNotice(now, this.deps.knowledge(), `${verb === 'accept' ? 'Accept' : 'Dismiss'} did not work: ${reason ?? 'something went wrong on my side; it has been logged'}.`);
    }
  }
}

/**
 * The notice of an inbox item: its title and summary, the feed, its date,
 * the entries and keywords it touches, its address; the buttons while it
 * waits; and, after one was pressed, what came of it.
 */
export function inboxNotice(item: InboxItem, kb: KnowledgeBase, outcome?: string): Reply {
  const touches = [...item.entries.map((id) => kb.entry(id)?.name ?? id), ...item.keywords.map((k) => `“${k}”`)];
  const waiting = item.state === 'waiting';
  return reply({
    kind: 'info',
    title: `${waiting ? 'New in the inbox' : item.state === 'accepted' ? 'Accepted' : 'Dismissed'}: ${item.title}`,
    text: item.summary ?? item.title,
    fields: [
      { name: 'Feed', value: item.feed },
      { name: 'Published', value: item.published ?? 'the feed gives no date', inline: true },
      { name: 'Inbox id', value: item.id, inline: true },
      ...(touches.length > 0 ? [{ name: 'Touches', value: listOf(touches) }] : []),
      { name: 'Address', value: item.url },
    ],
    notes: [
      ...(outcome ? [outcome] : []),
      ...(waiting ? ['Accept keeps the page as a source and validates the knowledge base (like `npm run kb -- accept`); Dismiss sets it aside for good.'] : []),
    ],
    ...(waiting ? { actions: [{ id: inboxActionId('accept', item.id), label: 'Accept', style: 'primary' as const }, { id: inboxActionId('dismiss', item.id), label: 'Dismiss', style: 'danger' as const }] } : {}),
  });
}
