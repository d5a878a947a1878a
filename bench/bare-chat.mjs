// The memory floor for `npm run bench -- --memory`: a bare discord.js client and a bare Bolt app (HTTP mode) in one
// process, connected to the same stand-ins as the bot and answering the same traffic with a fixed line. Plain
// JavaScript run by node, as the built bot is: no TypeScript loader in either process.
import { App, LogLevel } from '@slack/bolt';
import { Client, Events, GatewayIntentBits } from 'discord.js';

const { SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, PORT, DISCORD_TOKEN, DISCORD_API_URL } = process.env;
const app = new App({ token: SLACK_BOT_TOKEN, signingSecret: SLACK_SIGNING_SECRET, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: SLACK_API_URL } });
app.command('/policy', async ({ ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', text: 'Noted.' });
});
const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: DISCORD_API_URL } });
client.on(Events.InteractionCreate, async (interaction) => {
  if (interaction.isChatInputCommand()) await interaction.reply({ content: 'Noted.' });
});
const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
await app.start({ port: Number(PORT), host: '127.0.0.1' });
await client.login(DISCORD_TOKEN);
await ready;
process.stderr.write('bare: ready\n');
process.on('SIGTERM', () => {
  void Promise.allSettled([app.stop(), client.destroy()]).then(() => process.exit(0));
});
