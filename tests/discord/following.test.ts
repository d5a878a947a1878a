import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { Scheduler } from '../../src/following/scheduler.ts';
import { KnowledgeHolder } from '../../src/knowledge/holder.ts';
import { knowledgePaths } from '../../src/knowledge/load.ts';
import { recordDevelopment } from '../support/developments.ts';
import { copyKnowledge } from '../support/kb-copy.ts';
import { startStack, stopAll, type Running } from './harness.ts';

/**
 * Following one agreement from Discord, against the stand-in: `/subscribe
 * agreement:` with its autocomplete (a real autocomplete interaction and its
 * type-8 callback), `/subscriptions`, and what the channel then receives
 * through the adapter's own posts. Shipped deadlines: the US–EU memorandum
 * 2026-03-06, the US–Mexico window 2026-04-05.
 */

afterEach(stopAll);

const MANAGE_CHANNELS = String(PermissionFlagsBits.ManageChannels);
const EPHEMERAL = 64;

const posts = (s: Running) => s.discord.api.find('POST', new RegExp(`^/channels/${s.discord.ids.channelId}/messages$`));
const embedsOf = async (s: Running, id: string) => JSON.stringify((await s.discord.callback(id)).body.data.embeds);

describe('/subscribe agreement:', () => {
  it('autocompletes agreements by name and alias, loosely: the choice’s value is the entry id', async () => {
    const s = await startStack({ store: true });
    const byName = s.discord.autocomplete('subscribe', 'agreement', 'mexic');
    const callback = await s.discord.callback(byName.id);
    expect(callback.body.type).toBe(8);
    expect(callback.body.data.choices[0]).toEqual({ name: 'US–Mexico Critical Minerals Action Plan', value: 'us-mexico-action-plan' });
    // An alias the name does not contain is shown beside the name.
    const byAlias = s.discord.autocomplete('subscribe', 'agreement', 'MOU');
    expect((await s.discord.callback(byAlias.id)).body.data.choices[0]).toEqual({ name: 'US–EU Memorandum of Understanding on critical minerals (US-EU MOU)', value: 'us-eu-mou' });
    // A typo still finds it.
    const typo = s.discord.autocomplete('subscribe', 'agreement', 'projct vault');
    expect((await s.discord.callback(typo.id)).body.data.choices).toContainEqual({ name: 'Project Vault', value: 'project-vault' });
    // /unsubscribe offers the same.
    const drop = s.discord.autocomplete('unsubscribe', 'agreement', 'vault');
    expect((await s.discord.callback(drop.id)).body.data.choices[0]).toEqual({ name: 'Project Vault', value: 'project-vault' });
  });

  it('follows the chosen agreement only; /subscriptions names it; an unknown name is told privately with the close matches', async () => {
    const s = await startStack({ store: true });
    const channel = { platform: 'discord', channelId: s.discord.ids.channelId };
    const chosen = s.discord.command('subscribe', { topics: 'deadlines', agreement: 'us-mexico-action-plan' }, { permissions: MANAGE_CHANNELS });
    expect(await embedsOf(s, chosen.id)).toMatch(/This channel now receives deadline reminders for “US–Mexico Critical Minerals Action Plan” only/);
    expect(await s.store!.subscription(channel)).toMatchObject({ topics: ['deadlines'], agreements: ['us-mexico-action-plan'] });

    const status = s.discord.command('subscriptions', {});
    expect(await embedsOf(s, status.id)).toMatch(/This channel receives deadline reminders for “US–Mexico Critical Minerals Action Plan” only, since 2026-11-28/);

    // Typed without picking a choice, and fitting nothing.
    const unknown = s.discord.command('subscribe', { agreement: 'japan mou' }, { permissions: MANAGE_CHANNELS });
    const refusal = (await s.discord.callback(unknown.id)).body.data;
    expect(refusal.flags).toBe(EPHEMERAL);
    expect(refusal.content).toMatch(/^No agreement matches “japan mou”\.\nDid you mean “/);
    expect(refusal.content).toMatch(/US–Japan critical minerals framework|US–EU Memorandum/);
    expect((await s.store!.subscription(channel))!.agreements).toEqual(['us-mexico-action-plan']);
  });

  it('posts there the followed agreement’s reminders and developments, and not another agreement’s reminder', async () => {
    const s = await startStack({ store: true, now: '2026-02-20' });
    const chosen = s.discord.command('subscribe', { agreement: 'us-mexico-action-plan' }, { permissions: MANAGE_CHANNELS });
    await s.discord.callback(chosen.id);
    const kb = await copyKnowledge();
    try {
      const knowledge = await KnowledgeHolder.load(knowledgePaths(kb.root));
      const tick = async (day: string) => {
        const scheduler = new Scheduler({ store: s.store!, knowledge, clock: fixedClock(day), log: s.log, posters: { discord: s.adapter.post.bind(s.adapter) }, reminderDays: [7, 0] });
        await scheduler.noteKnowledge();
        return scheduler.tick();
      };
      // The memorandum's 7-day reminder falls due: not this channel's agreement.
      expect((await tick('2026-02-27')).sent).toBe(0);
      expect(posts(s)).toEqual([]);

      // A development recorded on the US–Mexico plan is announced here, once.
      await recordDevelopment(
        kb,
        `developments:
  - kind: announced
    on: 2026-03-20
    text: The European Commission reported the memorandum concluded.
    cite:
      source: ec-2026-03-21
      paragraph: p2
      quote: On March 20, 2026, the United States and the European Union concluded the Memorandum of Understanding
`,
      );
      await kb.edit('curated/entries/us-mexico-action-plan.yaml', 'aliases:\n', 'developments:\n  - kind: announced\n    on: 2026-03-20\n    text: Both sides agreed to extend the consultations on stockpiling.\n    cite:\n      source: ec-2026-03-21\n      paragraph: p3\n      quote: the two sides also agreed to extend the consultations on stockpiling\naliases:\n');
      await knowledge.reload();
      expect((await tick('2026-03-22')).sent).toBe(1);
      expect((await tick('2026-03-22')).sent).toBe(0);
      const [post] = posts(s);
      expect(JSON.stringify(post!.body.embeds)).toMatch(/Update on the US–Mexico Critical Minerals Action Plan/);
      expect(JSON.stringify(post!.body.embeds)).not.toMatch(/Memorandum/);
      expect(post!.body.allowed_mentions).toMatchObject({ parse: [] });
    } finally {
      await kb.dispose();
    }
  });
});
