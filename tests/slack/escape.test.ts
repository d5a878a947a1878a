import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, escapeWithin, mrkdwnLink, plainFromSlack } from '../../src/adapters/slack/escape.ts';

describe('escapeMrkdwn', () => {
  it('escapes &, < and > so no mention, broadcast or link survives as markup', () => {
    const out = escapeMrkdwn('a & b <!channel> <!here> <!everyone> <@U123ABC> <!subteam^S0ADMINS|@admins> <#C0GENERAL> <https://evil.example|docs>');
    expect(out).not.toMatch(/[<>]/);
    expect(out).toBe(
      'a &amp; b &lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U123ABC&gt; &lt;!subteam^S0ADMINS|@admins&gt; &lt;#C0GENERAL&gt; &lt;https://evil.example|docs&gt;',
    );
  });

  it('keeps text that is already entity-like literal', () => {
    expect(escapeMrkdwn('&lt;!channel&gt;')).toBe('&amp;lt;!channel&amp;gt;');
  });

  it('breaks bare broadcasts with a word joiner, leaving e-mail addresses and other words alone', () => {
    expect(escapeMrkdwn('ping @here and @Channel, @everyone!')).toBe('ping @\u2060here and @\u2060Channel, @\u2060everyone!');
    expect(escapeMrkdwn('write to ops@heretic.example or @channels')).toBe('write to ops@heretic.example or @channels');
  });

  it('drops bidirectional overrides that could disguise a quote', () => {
    expect(escapeMrkdwn('price \u202Eevil\u202C ok')).toBe('price evil ok');
  });
});

describe('escapeWithin', () => {
  it('cuts after escaping, never inside an entity or a surrogate pair, and marks the cut', () => {
    const text = `${'&'.repeat(10)} 😀😀😀 words that go on and on`;
    for (let max = 2; max < 80; max += 1) {
      const out = escapeWithin(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/&(?!amp;)/);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(escapeWithin('short', 100)).toBe('short');
    expect(escapeWithin('one two three four five six seven', 20)).toBe('one two three four…');
  });
});

describe('mrkdwnLink', () => {
  it('links plain http(s) addresses and nothing else', () => {
    expect(mrkdwnLink('https://example.org/a?b=1&c=2', 'Title <b>')).toBe('<https://example.org/a?b=1&amp;c=2|Title &lt;b&gt;>');
    expect(mrkdwnLink('javascript:alert(1)', 'Title')).toBe('Title');
    expect(mrkdwnLink('https://user:pw@example.org/', 'Title')).toBe('Title');
    expect(mrkdwnLink('not a url', 'Title')).toBe('Title');
    expect(mrkdwnLink(undefined, 'Title')).toBe('Title');
  });

  it('cannot be bent into another link by a | or > in the address or the label', () => {
    const out = mrkdwnLink('https://example.org/x|evil>y', 'A | B');
    expect(out).toBe('<https://example.org/x%7Cevil%3Ey|A ¦ B>');
  });
});

describe('plainFromSlack', () => {
  it('reads what the person saw: mentions as @names, links as their labels, entities as characters', () => {
    expect(plainFromSlack('<@UBOT> is 3 &lt; 4 &amp;&amp; <#C0GENERAL|general> <@U0VICTIM> <!here> <!subteam^S0ADMINS|@admins> <https://evil.example|docs> <https://plain.example>', { botUserId: 'UBOT' })).toBe(
      'is 3 < 4 && #general @U0VICTIM @here @admins docs https://plain.example',
    );
  });

  it('drops every mention of the bot itself', () => {
    expect(plainFromSlack('<@UBOT> deadlines mexico <@UBOT>', { botUserId: 'UBOT' })).toBe('deadlines mexico');
  });
});
