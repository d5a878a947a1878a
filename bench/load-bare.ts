import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import type { ServerCommand, ServerFigures } from './load-protocol.ts';
import { tellParent } from './load-protocol.ts';
import { startGauges, type Gauges } from './process-gauges.ts';

/**
 * The floor the bot's acknowledgements are compared with, in the same load
 * run: a bare Bolt app in HTTP mode (Bolt's own HTTPReceiver, signatures
 * checked) that acknowledges `/policy` and answers it at the response_url,
 * and answers an `app_mention` in its thread, with a fixed line and no work.
 * It reads the same environment as `load-server.ts` and speaks the same
 * protocol to the orchestrator.
 */
const token = process.env.SLACK_BOT_TOKEN;
const signingSecret = process.env.SLACK_SIGNING_SECRET;
const apiUrl = process.env.SLACK_API_URL;
if (!token || !signingSecret || !apiUrl) throw new Error('load-bare needs SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_API_URL');

const app = new App({ token, signingSecret, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl } });
app.command('/policy', async ({ ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: 'Noted.' });
});
app.event('app_mention', async ({ event, client }) => {
  await client.chat.postMessage({ channel: event.channel, thread_ts: event.ts, text: 'Noted.' });
});
const server = await app.start({ port: 0, host: '127.0.0.1' });

let gauges: Gauges | undefined;
process.on('message', (raw: unknown) => {
  const command = raw as ServerCommand;
  if (command.type === 'measure') {
    gauges = startGauges({ midpointMs: command.midpointMs });
    tellParent({ type: 'measuring' });
  } else if (command.type === 'report' && gauges) {
    const figures: ServerFigures = { ...gauges.stop(), log: { warn: 0, error: 0, first: [] } };
    tellParent({ type: 'measured', figures });
  } else if (command.type === 'stop') {
    void app.stop().then(() => process.exit(0));
  }
});
tellParent({ type: 'listening', port: (server.address() as AddressInfo).port });
