import type { AllMiddlewareArgs, App, Installation, InstallationQuery, InstallationStore, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/log.ts';
import type { Store } from '../../store/store.ts';
import { guarded } from './handlers.ts';

/**
 * Slack in many workspaces: Bolt's OAuth flow hands each new installation
 * (a workspace's bot token, its bot user, its scopes) to an
 * `InstallationStore`, and asks it for the installation behind every request
 * and every post. Here that store is the bot's own data store (`Store`), so
 * installations live where subscriptions do: the lowdb file on one machine,
 * the shared database when several instances run.
 *
 * An installation is kept whole, as Bolt made it, under its scope:
 * `team:T…` for a workspace, `enterprise:E…` for an organisation-wide
 * install. Uninstalling the app (`app_uninstalled`) or revoking its bot token
 * (`tokens_revoked`) deletes the installation, tokens and all; uninstalling
 * also ends the workspace's subscriptions. Nothing here logs a token: the
 * log says which workspace, never what it granted.
 */

/** Where an installation is kept, from an installation, a query, or a request's context. */
export function installationScope(where: { readonly isEnterpriseInstall?: boolean | undefined; readonly enterpriseId?: string | undefined; readonly teamId?: string | undefined }): string | undefined {
  if (where.isEnterpriseInstall && where.enterpriseId) return `enterprise:${where.enterpriseId}`;
  return where.teamId ? `team:${where.teamId}` : undefined;
}

/** Thrown to Bolt when a request comes from a workspace the app is not (or no longer) installed in: the request is then not answered. */
export class NotInstalledError extends Error {
  constructor(readonly scope: string) {
    super(`slack: no installation for ${scope}: the app is not installed there (or was uninstalled)`);
    this.name = 'NotInstalledError';
  }
}

export function storeInstallations(store: Store, log: Logger, clock: Clock): InstallationStore {
  const scopeOfQuery = (query: InstallationQuery<boolean>): string => {
    const scope = installationScope(query);
    if (!scope) throw new Error('slack: an installation was asked for without a workspace or organisation id');
    return scope;
  };
  return {
    async storeInstallation(installation) {
      const scope = installationScope({ isEnterpriseInstall: installation.isEnterpriseInstall, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id });
      if (!scope) throw new Error('slack: Slack returned an installation without a workspace or organisation id');
      // JSON, as any store keeps it (undefined fields dropped), so that what is read back is what was written.
      await store.putInstallation({ platform: 'slack', scope, data: JSON.parse(JSON.stringify(installation)) as Record<string, unknown>, at: clock.now().toISOString() });
      log.info('slack: installed', { scope, name: installation.team?.name ?? installation.enterprise?.name, scopes: installation.bot?.scopes?.length ?? 0 });
    },
    async fetchInstallation(query) {
      const scope = scopeOfQuery(query);
      const kept = await store.installation('slack', scope);
      if (!kept) throw new NotInstalledError(scope);
      return kept.data as unknown as Installation;
    },
    async deleteInstallation(query) {
      await store.deleteInstallation('slack', scopeOfQuery(query));
    },
  };
}

/**
 * The bot token of the installation kept for `scope`; undefined when there is
 * none (not installed, uninstalled) or it carries no bot token.
 */
export async function botTokenOf(store: Store, scope: string): Promise<string | undefined> {
  const kept = await store.installation('slack', scope);
  const bot = kept?.data.bot as { token?: unknown } | undefined;
  return typeof bot?.token === 'string' ? bot.token : undefined;
}

/**
 * `app_uninstalled` and `tokens_revoked` (Bolt delivers both without
 * authorizing them: the installation may already be useless). The first
 * forgets the installation and the workspace's subscriptions; the second
 * forgets the installation when the bot's token is among those revoked (the
 * bot keeps no user tokens).
 */
export function registerUninstallListeners(app: App, deps: { readonly store: Store; readonly log: Logger; readonly channelPrefix: (scope: string) => string }): void {
  const { store, log } = deps;

  app.event(
    'app_uninstalled',
    guarded<SlackEventMiddlewareArgs<'app_uninstalled'> & AllMiddlewareArgs>(log, 'uninstall', async ({ context }) => {
      const scope = installationScope(context);
      if (!scope) return;
      const deleted = await store.deleteInstallation('slack', scope);
      // A workspace that removed the app hears from it no more: its channels' subscriptions end with it.
      const prefix = deps.channelPrefix(scope);
      let unsubscribed = 0;
      for (const s of await store.subscriptions()) {
        if (s.channel.platform === 'slack' && s.channel.channelId.startsWith(prefix) && (await store.unsubscribe(s.channel))) unsubscribed += 1;
      }
      log.info('slack: uninstalled; its tokens are deleted', { scope, hadInstallation: deleted, unsubscribed });
    }),
  );

  app.event(
    'tokens_revoked',
    guarded<SlackEventMiddlewareArgs<'tokens_revoked'> & AllMiddlewareArgs>(log, 'token revocation', async ({ event, context }) => {
      const scope = installationScope(context);
      if (!scope || (event.tokens.bot ?? []).length === 0) return;
      const deleted = await store.deleteInstallation('slack', scope);
      log.info('slack: the bot token was revoked; the installation is deleted', { scope, hadInstallation: deleted });
    }),
  );
}
