import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Bot } from '../../bot.ts';
import type { Logger } from '../../core/log.ts';
import { uploadAttachments } from './files.ts';
import { guarded } from './handlers.ts';
import { HOME_CALENDAR_ACTION_ID, renderHome } from './home.ts';
import { platformError, withRateLimitRetry } from './web-api.ts';
import type { Workspaces } from './workspaces.ts';

/**
 * The App Home: when someone opens its Home tab (`app_home_opened`, tab
 * `home`), one `views.publish` of the overview for them; the view's calendar
 * button sends the .ics into the app's Messages tab with them. Opening the
 * Messages tab publishes nothing.
 */
export function registerHomeListeners(app: App, deps: { readonly bot: Bot; readonly log: Logger; readonly workspaces: Workspaces }): void {
  const { bot, log, workspaces } = deps;

  app.event(
    'app_home_opened',
    guarded<SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs>(log, 'App Home', async ({ event, client, context }) => {
      if (event.tab !== 'home') return;
      const overview = await bot.overview('slack');
      // Only this workspace's channels, by the ids Slack knows them by here (in many workspaces, others are none of its business).
      const subscriptions = overview.subscriptions.flatMap((f) => {
        const channelId = workspaces.ownChannel(f.channelId, context);
        return channelId ? [{ ...f, channelId }] : [];
      });
      const view = renderHome({ ...overview, subscriptions }, { dmChannel: event.channel });
      try {
        await withRateLimitRetry(() => client.views.publish({ user_id: event.user, view }), { log, method: 'views.publish' });
      } catch (error) {
        // The person sees the tab as it was last published; nothing else can be done for them from here.
        log.error('slack: could not publish the Home tab', { reason: platformError(error) ?? (error instanceof Error ? error.message : String(error)), blocks: view.blocks.length });
      }
    }),
  );

  app.action<BlockAction<ButtonAction>>(
    HOME_CALENDAR_ACTION_ID,
    guarded<SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs>(log, 'calendar button', async ({ ack, action, client }) => {
      await ack();
      // The app's Messages tab with this person, as the Home view was published with it.
      const channel = action.value && /^D[A-Z0-9]{2,20}$/.test(action.value) ? action.value : undefined;
      if (!channel) {
        log.warn('slack: the calendar button carried no direct-message channel; nothing sent');
        return;
      }
      await uploadAttachments(client, { channel }, [(await bot.overview('slack')).calendar], log);
    }),
  );
}
