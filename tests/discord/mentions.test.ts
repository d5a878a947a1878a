import { afterEach, describe, expect, test } from 'vitest';
import { mentionedText } from '../../src/adapters/discord/mentions.ts';
import { startStack, stopAll } from './harness.ts';

afterEach(stopAll);

const QUESTION = 'When is the US-EU memorandum due?';

describe('mention mode', () => {
  test('asks for the Message Content intent only when on', async () => {
    const off = await startStack();
    expect(off.discord.gateway.identifies[0]?.intents).toBe(1);
    const on = await startStack({ mentions: true });
    // Guilds | GuildMessages | MessageContent
    expect(on.discord.gateway.identifies[0]?.intents).toBe(1 | (1 << 9) | (1 << 15));
  });

  test('answers "@policybot question" in a reply to the message, pinging nobody', async () => {
    const { discord } = await startStack({ mentions: true });
    const { id } = discord.message(`<@${discord.ids.botId}> ${QUESTION}`);
    const sent = await discord.api.waitFor((r) => r.method === 'POST' && r.path === `/channels/${discord.ids.channelId}/messages`);
    expect(sent.body.message_reference).toMatchObject({ message_id: id, fail_if_not_exists: false });
    expect(sent.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(sent.body.embeds[0].description).toMatch(/March 6, 2026/);
  });

  test('answers a mention of the bot’s managed role the same way', async () => {
    const { discord } = await startStack({ mentions: true });
    const { id } = discord.message(`<@&${discord.ids.botRoleId}> ${QUESTION}`);
    const sent = await discord.api.waitFor((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(sent.body.message_reference.message_id).toBe(id);
  });

  test('never answers bots, itself included, nor messages that do not name it', async () => {
    const { discord } = await startStack({ mentions: true });
    discord.message(`<@${discord.ids.botId}> ${QUESTION}`, { id: discord.ids.botId, bot: true, username: 'policybot' });
    discord.message(`<@${discord.ids.botId}> ${QUESTION}`, { id: '1700000000000000007', bot: true, username: 'otherbot' });
    discord.message(QUESTION);
    const human = discord.message(`<@!${discord.ids.botId}> ${QUESTION}`);
    const sent = await discord.api.waitFor((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(sent.body.message_reference.message_id).toBe(human.id);
    // Gateway events are handled in order; give any wrongly answered one time to show.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(discord.api.find('POST', /\/messages$/)).toHaveLength(1);
  });

  test('off by default: mentions are not read at all', async () => {
    const { discord } = await startStack();
    discord.message(`<@${discord.ids.botId}> ${QUESTION}`);
    const probe = discord.command('help');
    await discord.callback(probe.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(discord.api.find('POST', /\/messages$/)).toHaveLength(0);
  });
});

describe('mentionedText', () => {
  test('strips the mention and keeps the question', () => {
    expect(mentionedText('<@42> when is it due?', '42')).toBe('when is it due?');
    expect(mentionedText('hey <@!42>   deadlines mexico', '42')).toBe('hey deadlines mexico');
    expect(mentionedText('<@&7> sources', '42', '7')).toBe('sources');
    expect(mentionedText('<@43> not me', '42')).toBeUndefined();
    expect(mentionedText('no mention', '42')).toBeUndefined();
  });

  test('reads other mentions, channels, emoji and timestamps as plain words', () => {
    expect(mentionedText('<@42> <@99> <@&5> <#12>', '42')).toBe('@99 @5 #12');
    expect(mentionedText('<@42> is <:vault:123> due by <t:1772582400:D>?', '42')).toBe('is :vault: due by 1772582400?');
  });
});
