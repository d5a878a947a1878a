import { z } from 'zod';
import { definePlatform, type PlatformPlugin } from '../../../src/adapters/platform.ts';
import type { Bot } from '../../../src/bot.ts';
import { optional } from '../../../src/config-fields.ts';
import type { Adapter, PostOutcome } from '../../../src/core/adapter.ts';
import { replyToPlainText, type Reply } from '../../../src/core/reply.ts';

/**
 * "memo", the smallest platform there is, written the way a real one is
 * added: this folder and one line in a registry (the tests' registry is
 * `[...PLATFORMS, memoPlatform(network)]`). No library: a `MemoNetwork` in
 * memory plays the chat service, with rooms that people write in and that
 * the bot posts to. It proves that configuration, core, commands, store and
 * scheduler take a platform they have never heard of.
 */

/** The chat service: rooms and what was said in them. */
export class MemoNetwork {
  readonly said: { room: string; from: string; text: string }[] = [];
  #listener: ((room: string, user: string, text: string) => Promise<void>) | undefined;

  /** Someone writes in a room; resolves once the bot (if connected) has answered. */
  async write(room: string, user: string, text: string): Promise<void> {
    this.said.push({ room, from: user, text });
    await this.#listener?.(room, user, text);
  }

  connect(listener: (room: string, user: string, text: string) => Promise<void>): void {
    this.#listener = listener;
  }

  disconnect(): void {
    this.#listener = undefined;
  }

  /** What the bot said in a room. */
  byBot(room: string): string[] {
    return this.said.filter((s) => s.room === room && s.from === 'bot').map((s) => s.text);
  }
}

export interface MemoConfig {
  /** MEMO_NAME: the bot's name on the network; setting it turns memo on. */
  readonly name: string;
}

/** The renderer: plain text, each source once. */
export function renderMemo(reply: Reply): string {
  return replyToPlainText(reply);
}

export function createMemoAdapter(bot: Bot, network: MemoNetwork): Adapter {
  let running = false;
  return {
    name: 'memo',
    async start() {
      running = true;
      network.connect(async (room, user, text) => {
        if (user === 'bot') return;
        const reply = await bot.handleText(text, { platform: 'memo', channelId: room, userId: user, conversation: `${room}:${user}`, canManageChannel: true });
        network.said.push({ room, from: 'bot', text: renderMemo(reply) });
      });
    },
    async stop() {
      running = false;
      network.disconnect();
    },
    async post(room, reply): Promise<PostOutcome> {
      if (!running) return { ok: false, reason: 'memo is not running', permanent: false };
      network.said.push({ room, from: 'bot', text: renderMemo(reply) });
      return { ok: true, messageId: String(network.said.length) };
    },
  };
}

export function memoPlatform(network: MemoNetwork): PlatformPlugin<MemoConfig> {
  return definePlatform<MemoConfig>({
    id: 'memo',
    title: 'Memo',
    keepsData: true,
    variables: { MEMO_NAME: optional(z.string().trim().regex(/^\w{1,20}$/, 'expects a short name (letters, digits, _)')) },
    section: (env) => (env.MEMO_NAME ? { name: env.MEMO_NAME as string } : undefined),
    create: async (_section, { bot }) => createMemoAdapter(bot, network),
    render: async (reply) => renderMemo(reply),
  });
}
