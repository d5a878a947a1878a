import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSlackAdapter } from '../src/adapters/slack/slack-adapter.ts';
import { answeringOn, createCore, warmUp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { LowdbStore } from '../src/store/lowdb-store.ts';
import { countingLogger } from './counting-log.ts';
import type { ServerCommand, ServerFigures } from './load-protocol.ts';
import { tellParent } from './load-protocol.ts';
import { startGauges, type Gauges } from './process-gauges.ts';

/**
 * The server under load: the bot assembled as `npm start` assembles it for
 * Slack in HTTP mode (configuration from the environment the orchestrator
 * gives it, the shipped knowledge base, a data store, the real Bolt receiver),
 * listening on a loopback port of its own choosing, and measuring itself
 * (`process-gauges.ts`) while the load runs.
 */

const config = loadConfig();
const slack = config.slack;
if (!slack?.signingSecret) throw new Error('load-server needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode)');

const { log, counts: logged } = countingLogger(config.logLevel);

// `npm start` opens the data store whenever Slack runs; LOAD_BENCH_STORE=off leaves it out, to see what it costs.
const withStore = process.env.LOAD_BENCH_STORE !== 'off';
const dataDir = await mkdtemp(path.join(tmpdir(), 'policybot-load-'));
const store = withStore ? await LowdbStore.open(path.join(dataDir, 'policybot.json')) : undefined;
// Answering threads as `npm start` has them with Slack (POLICYBOT_WORKERS, which the orchestrator passes on from --workers).
const core = await createCore(config, log, { workers: config.workers, ...(store ? { following: { store, reminderDays: config.reminderDays, subscriptionsChanged: () => {} } } : {}) });
await warmUp(core); // as `npm start` does before a chat adapter listens
// Port 0: the system picks a free one, which the adapter reports once started.
const adapter = createSlackAdapter(core.bot, { ...slack, port: 0 }, log, { host: '127.0.0.1' });
await adapter.start();

let gauges: Gauges | undefined;

process.on('message', (raw: unknown) => {
  const command = raw as ServerCommand;
  if (command.type === 'measure') {
    gauges = startGauges({ midpointMs: command.midpointMs });
    tellParent({ type: 'measuring' });
  } else if (command.type === 'report' && gauges) {
    const figures: ServerFigures = { ...gauges.stop(), log: logged };
    tellParent({ type: 'measured', figures });
  } else if (command.type === 'stop') {
    // A normal exit, so that `--cpu-prof` writes its profile.
    void (async () => {
      await adapter.stop();
      await core.close();
      await store?.close();
      await rm(dataDir, { recursive: true, force: true });
      process.exit(0);
    })();
  }
});
tellParent({ type: 'listening', port: adapter.port!, answering: answeringOn(core) });
