import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord-adapter.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-stand-in.ts';
import { curatorStack, type CuratorStack } from '../support/curator.ts';

/**
 * The curators' channel in Discord (POLICYBOT_CURATOR_CHANNEL=discord:…): the
 * real discord.js client on the stand-in, the feed watcher polling a loopback
 * feed. A new inbox item gets one notice with buttons (components); pressing
 * one updates the notice (UPDATE_MESSAGE, or DEFERRED_UPDATE_MESSAGE and an
 * edit when the work takes longer).
 */

let discord: FakeDiscord | undefined;
let adapter: DiscordAdapter | undefined;
let stack: CuratorStack | undefined;

afterEach(async () => {
  await adapter?.stop();
  await discord?.close();
  await stack?.close();
  adapter = undefined;
  discord = undefined;
  stack = undefined;
});

async function start(deferAfterMs: number) {
  discord = await startFakeDiscord();
  stack = await curatorStack({ platform: 'discord', channelId: discord.ids.channelId });
  adapter = createDiscordAdapter(stack.bot, discord.config(), stack.log, { deferAfterMs });
  await adapter.start();
  stack.desk.postWith(adapter.post.bind(adapter));
  const [report] = await stack.watcher.pollOnce();
  await stack.desk.notify([]);
  const posts = discord.api.find('POST', new RegExp(`^/channels/${discord.ids.channelId}/messages$`));
  expect(posts).toHaveLength(1);
  return { item: report!.added[0]!, notice: posts[0]!.body, d: discord, s: stack };
}

const buttons = (body: any): { custom_id: string; label: string; style: number }[] => (body.components ?? []).flatMap((row: any) => row.components);

describe('the curators’ channel in Discord', () => {
  it('gets one notice with Accept and Dismiss buttons, pinging nobody; Accept (deferred, then the notice edited) accepts the item', async () => {
    const { item, notice, d, s } = await start(50);
    expect(notice.embeds[0].title).toMatch(/^New in the inbox: Project Vault stockpile adds gallium/);
    expect(notice.allowed_mentions).toMatchObject({ parse: [] });
    expect(buttons(notice).map((b) => [b.custom_id, b.label, b.style])).toEqual([
      [`action:inbox:accept:${item.id}`, 'Accept', 3],
      [`action:inbox:dismiss:${item.id}`, 'Dismiss', 4],
    ]);

    // Once: a second poll, and a restarted desk over the same store, post nothing more.
    await s.watcher.pollOnce();
    const again = s.restartedDesk();
    again.postWith(adapter!.post.bind(adapter));
    await again.notify([item]);
    expect(d.api.find('POST', new RegExp(`^/channels/${d.ids.channelId}/messages$`))).toHaveLength(1);

    const { id, token } = d.click(`action:inbox:accept:${item.id}`, { components: notice.components });
    const callback = await d.callback(id);
    expect(callback.body.type).toBe(6);
    const edit = await d.api.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${d.ids.applicationId}/${token}/messages/@original`);
    expect(edit.body.embeds[0].title).toMatch(/^Accepted: Project Vault stockpile adds gallium/);
    expect(JSON.stringify(edit.body.embeds)).toMatch(/Accepted: kept as the source \S+ \(3 paragraphs, p1–p3\)/);
    // The buttons go: an empty list of rows replaces them.
    expect(edit.body.components).toEqual([]);
    expect(edit.body.allowed_mentions).toMatchObject({ parse: [] });
    expect((await s.store.inbox()).find((i) => i.id === item.id)).toMatchObject({ state: 'accepted' });
  });

  it('Dismiss, ready at once, updates the notice in the callback itself', async () => {
    const { item, notice, d, s } = await start(2500);
    const { id } = d.click(`action:inbox:dismiss:${item.id}`, { components: notice.components });
    const callback = await d.callback(id);
    expect(callback.body.type).toBe(7);
    expect(JSON.stringify(callback.body.data.embeds)).toMatch(/Dismissed: it will not be offered again/);
    expect(callback.body.data.components).toEqual([]);
    expect((await s.store.inbox()).find((i) => i.id === item.id)).toMatchObject({ state: 'dismissed' });
  });
});
