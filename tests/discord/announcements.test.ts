import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { reply } from '../../src/core/reply.ts';
import { Scheduler } from '../../src/following/scheduler.ts';
import { logged, startStack, stopAll, type Running } from './harness.ts';

/**
 * Announcement channels, against the Discord stand-in (REST and gateway): a
 * subscribed announcement channel gets each post, and each message of it is
 * published (crossposted) once, so that following servers receive it; within
 * Discord's publish limit; a refusal for want of permission is told once, in
 * `/subscriptions`.
 */

afterEach(stopAll);

const TODAY = '2026-02-27';

const posts = (s: Running, channel: string) => s.discord.api.find('POST', new RegExp(`^/channels/${channel}/messages$`));
const crossposts = (s: Running, channel: string) => s.discord.api.find('POST', new RegExp(`^/channels/${channel}/messages/\\d+/crosspost$`));

/** A reply long enough to need several Discord messages (60 citations of 400 characters). */
function longReply() {
  const citations = Array.from({ length: 60 }, (_, i) => ({
    sourceId: `src-${i}`,
    sourceTitle: `Source ${i}`,
    publisher: 'Publisher',
    published: '2026-02-05' as never,
    paragraphId: `p${i}`,
    locator: `¶${i}`,
    quote: 'q'.repeat(400),
  }));
  return reply({ kind: 'info', title: 'A long announcement', text: 'Many sources.', citations });
}

async function schedulerFor(s: Running) {
  const scheduler = new Scheduler({ store: s.store!, knowledge: s.knowledge, clock: fixedClock(TODAY), log: s.log, posters: { discord: s.adapter.post.bind(s.adapter) }, reminderDays: [7, 0] });
  await scheduler.noteKnowledge();
  return scheduler;
}

describe('posting into an announcement channel', () => {
  it('publishes every message it posts there, once each: a reminder, and each part of a split reply', async () => {
    const s = await startStack({ store: true, now: TODAY });
    const news = s.discord.ids.announcementChannelId;
    await s.store!.subscribe({ platform: 'discord', channelId: news }, ['deadlines', 'announcements'], new Date('2026-02-20T00:00:00Z'));

    // The 7-day reminder of the US–EU memorandum falls due today.
    const report = await (await schedulerFor(s)).tick();
    expect(report.sent).toBe(1);
    expect(posts(s, news)).toHaveLength(1);
    expect(crossposts(s, news)).toHaveLength(1);

    const outcome = await s.adapter.post(news, longReply());
    expect(outcome.ok).toBe(true);
    const all = posts(s, news);
    expect(all.length).toBeGreaterThan(2);
    // One publish per message posted, each naming a message the channel received, none twice.
    expect(crossposts(s, news)).toHaveLength(all.length);
    expect(new Set(s.discord.api.published).size).toBe(all.length);
    for (const p of s.discord.api.published) expect(p.startsWith(`${news}/`)).toBe(true);
    // Nobody is pinged by what is published either.
    for (const p of all) expect(p.body.allowed_mentions).toMatchObject({ parse: [] });
  });

  it('publishes nothing in an ordinary text channel', async () => {
    const s = await startStack({ store: true, now: TODAY });
    const general = s.discord.ids.channelId;
    expect((await s.adapter.post(general, reply({ kind: 'info', text: 'Hello.' }))).ok).toBe(true);
    expect(posts(s, general)).toHaveLength(1);
    expect(s.discord.api.find('POST', /crosspost$/)).toEqual([]);
  });

  it('keeps to the publish limit per channel and hour: over it, the post still goes to the channel, unpublished, and the log says so', async () => {
    let now = Date.parse('2026-02-27T10:00:00Z');
    const s = await startStack({ store: true, now: TODAY, adapter: { publishLimit: { count: 2, perMs: 3_600_000 }, clock: { now: () => new Date(now), today: () => TODAY as never } } });
    const news = s.discord.ids.announcementChannelId;
    for (let i = 0; i < 3; i += 1) expect((await s.adapter.post(news, reply({ kind: 'info', text: `Post ${i}.` }))).ok).toBe(true);
    expect(posts(s, news)).toHaveLength(3);
    expect(crossposts(s, news)).toHaveLength(2);
    expect(logged(s.log.lines).filter((l) => l.message.includes('publish limit of this announcement channel reached'))).toHaveLength(1);

    // An hour after the first publish, there is room again.
    now += 3_600_001;
    await s.adapter.post(news, reply({ kind: 'info', text: 'Post 3.' }));
    expect(crossposts(s, news)).toHaveLength(3);
  });

  it('without permission to publish, posts still go out; /subscriptions says why they are not published, and the log says it once', async () => {
    const s = await startStack({ store: true, now: TODAY });
    const news = s.discord.ids.announcementChannelId;
    // Refused twice; the permission is granted before the third.
    s.discord.api.on('POST', /^\/channels\/\d+\/messages\/\d+\/crosspost$/, { status: 403, body: { message: 'Missing Permissions', code: 50013 } }, 2);
    await s.store!.subscribe({ platform: 'discord', channelId: news }, ['deadlines'], new Date('2026-02-20T00:00:00Z'));
    const scheduler = await schedulerFor(s);
    expect((await scheduler.tick()).sent).toBe(1);
    await s.adapter.post(news, reply({ kind: 'info', text: 'Another post.' }));

    expect(posts(s, news)).toHaveLength(2);
    expect(crossposts(s, news)).toHaveLength(2);
    expect(logged(s.log.lines).filter((l) => l.message.startsWith('discord: not allowed to publish'))).toHaveLength(1);
    expect((await s.store!.subscription({ platform: 'discord', channelId: news }))).toMatchObject({ caveat: { text: expect.stringMatching(/^This is an announcement channel, but Discord does not let policybot publish/) } });
    // The post itself says nothing about it: only /subscriptions does.
    expect(JSON.stringify(posts(s, news).map((p) => p.body))).not.toMatch(/publish/i);

    const { id } = s.discord.command('subscriptions', {}, { channelId: news });
    const callback = await s.discord.callback(id);
    const text = JSON.stringify(callback.body.data.embeds);
    expect(text).toMatch(/This channel receives deadline reminders/);
    expect(text).toMatch(/Give policybot the Send Messages permission in this channel/);

    // Granted: the next post is published, and says the caveat is gone (the scheduler then clears it).
    const after = await s.adapter.post(news, reply({ kind: 'info', text: 'Published again.' }));
    expect(after).toMatchObject({ ok: true, caveat: null });
  });
});
