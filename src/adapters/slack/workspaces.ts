import { webApi, type Context } from '@slack/bolt';
import type { Store } from '../../store/store.ts';
import { botTokenOf, installationScope } from './installations.ts';

/**
 * Which workspace a channel is in, as far as the core is concerned.
 *
 * In one workspace (`SLACK_BOT_TOKEN`) a channel is its Slack id, as it has
 * always been, and every post goes out with the one token.
 *
 * In many (OAuth), the channel the core sees (subscriptions, posts, fair use)
 * is `T…:C…`: the id of the workspace the app is installed in (`E…` for an
 * organisation-wide install), then the channel's. A reminder for it is posted
 * with that installation's token, and a workspace's Home tab lists only its
 * own channels. Slack's ids never contain a colon, so the split is plain.
 * Channels subscribed in one-workspace mode carry no prefix; in OAuth mode
 * they cannot be posted to (no workspace to take a token from) and are marked
 * unreachable: subscribing again there gives them one.
 */
export interface Workspaces {
  readonly many: boolean;
  /** The channel as the core knows it, for a request in `context`. */
  channelKey(channelId: string, context: Pick<Context, 'teamId' | 'enterpriseId' | 'isEnterpriseInstall'>): string;
  /** Slack's id of a channel the core knows, when it is in the workspace of `context` (in one workspace: always). */
  ownChannel(key: string, context: Pick<Context, 'teamId' | 'enterpriseId' | 'isEnterpriseInstall'>): string | undefined;
  /** The client (with the token) and Slack's channel id for posting into a channel the core knows; or why it cannot be. */
  clientFor(key: string): Promise<{ readonly client: webApi.WebClient; readonly channel: string } | { readonly missing: string }>;
}

/** One workspace: channel ids as Slack gives them, one client. */
export function oneWorkspace(client: webApi.WebClient): Workspaces {
  return {
    many: false,
    channelKey: (channelId) => channelId,
    ownChannel: (key) => key,
    clientFor: async (key) => ({ client, channel: key }),
  };
}

/** The prefix of the channels of an installation's scope (`team:T1` → `T1:`). */
export function channelPrefix(scope: string): string {
  return `${scope.slice(scope.indexOf(':') + 1)}:`;
}

/** Many workspaces: channels prefixed with their installation's workspace, a client per post with that installation's token. */
export function manyWorkspaces(store: Store, clientOptions: webApi.WebClientOptions): Workspaces {
  const prefixOf = (context: Pick<Context, 'teamId' | 'enterpriseId' | 'isEnterpriseInstall'>) => {
    const scope = installationScope(context);
    return scope ? channelPrefix(scope) : undefined;
  };
  return {
    many: true,
    channelKey: (channelId, context) => `${prefixOf(context) ?? ''}${channelId}`,
    ownChannel(key, context) {
      const prefix = prefixOf(context);
      return prefix && key.startsWith(prefix) ? key.slice(prefix.length) : undefined;
    },
    async clientFor(key) {
      const m = /^([TE][A-Z0-9]+):(.+)$/.exec(key);
      if (!m) return { missing: 'subscribed before the app ran in many workspaces; subscribe the channel again' };
      const scope = `${m[1]!.startsWith('E') ? 'enterprise' : 'team'}:${m[1]}`;
      const token = await botTokenOf(store, scope);
      if (!token) return { missing: `the app is not installed in ${m[1]} (or was uninstalled)` };
      // A client per post: cheap to make, and a token revoked meanwhile is never reused from a pool.
      return { client: new webApi.WebClient(token, clientOptions), channel: m[2]! };
    },
  };
}
