import type { Readable, Writable } from 'node:stream';
import type { z } from 'zod';
import type { Bot } from '../bot.ts';
import type { Config } from '../config.ts';
import type { Adapter } from '../core/adapter.ts';
import type { Logger } from '../core/log.ts';
import { PLATFORM_ID, type PlatformId } from '../core/platform.ts';
import type { Reply } from '../core/reply.ts';
import type { SeenKeys } from '../core/seen-keys.ts';
import type { Store } from '../store/store.ts';

/**
 * A platform as a plug-in: its id, its variables and section of the
 * configuration, how to start it (an `Adapter`, whose `post` and `events`
 * are its poster and calendar), and its renderer. Each lives in its own
 * folder (`src/adapters/<id>/platform.ts`) and is listed once in
 * `registry.ts`; nothing else in the project names it. A plug-in module loads
 * nothing heavy itself: its platform's library is imported in `create` and
 * `render`, so an unconfigured platform costs nothing at start.
 */
export interface PlatformPlugin<S = unknown> {
  readonly id: PlatformId;
  /** For people: "Slack". */
  readonly title: string;
  /** Its environment variables, as zod schemas (see `config-fields.ts`), merged into the one schema `config.ts` checks. */
  readonly variables: Readonly<Record<string, z.ZodType>>;
  /**
   * Its section of the configuration from the checked environment, or
   * undefined when it is not configured (no token). Mistakes across
   * variables go to `problem`, which names the variable and says what to do.
   */
  section(env: Readonly<Record<string, unknown>>, problem: (variable: string, message: string) => void, core: { readonly dataFile: string; readonly dataFileSet: boolean }): S | undefined;
  /**
   * What its channel ids look like, for a variable that names a channel
   * (`POLICYBOT_CURATOR_CHANNEL=slack:C012AB3CD`); absent: it has no channel
   * the bot could post into unprompted.
   */
  readonly channels?: { readonly pattern: RegExp; readonly example: string };
  /** Started only when no other platform is configured (the console). */
  readonly fallback?: boolean;
  /** Running it keeps subscriptions and feedback: the data store is opened. */
  readonly keepsData?: boolean;
  /** It talks on the process's own terminal when that is one: log lines keep off it. */
  readonly usesTerminal?: boolean;
  /** Its adapter, not yet started. */
  create(section: S, deps: PlatformDeps): Promise<Adapter>;
  /** A reply as this platform shows it (Block Kit, embeds, text): the adapter's renderer, for tools and the contract suite. */
  render(reply: Reply): Promise<unknown>;
}

export interface PlatformDeps {
  readonly bot: Bot;
  readonly log: Logger;
  readonly config: Config;
  /** The data store, when one is open (a plug-in with `keepsData` always has one): what a platform keeps of its own, such as Slack's installations. */
  readonly store?: Store;
  /** Deliveries already handled, shared by the instances on one database (PostgreSQL); absent: each adapter remembers in memory. */
  readonly seenKeys?: SeenKeys;
  /** The process's own input and output, for a platform that talks on them. */
  readonly io: { readonly input: Readable & { isTTY?: boolean }; readonly output: Writable & { isTTY?: boolean; columns?: number } };
}

/** Checks a plug-in's id once, where it is declared. */
export function definePlatform<S>(plugin: PlatformPlugin<S>): PlatformPlugin<S> {
  if (!PLATFORM_ID.test(plugin.id)) throw new Error(`platform "${plugin.id}": an id is lowercase letters, digits and dashes, starting with a letter`);
  return plugin;
}

/**
 * The platforms to start: every configured one that is not a fallback, or,
 * when there is none, the fallbacks (the console).
 */
export function platformsToStart(config: Pick<Config, 'platforms'>, registry: readonly PlatformPlugin[]): PlatformPlugin[] {
  const configured = registry.filter((p) => !p.fallback && config.platforms.has(p.id));
  return configured.length > 0 ? configured : registry.filter((p) => p.fallback && config.platforms.has(p.id));
}
