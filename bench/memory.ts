import { spawn } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { readEvalFile } from '../src/evaluation/dataset.ts';
import { FAKE_TOKEN, startFakeDiscord } from '../tests/fakes/discord-stand-in.ts';
import { FORM, slackSignature, slashCommand } from '../tests/fakes/slack-requests.ts';
import { PROJECT_ROOT } from './paths.ts';
import { startSlackStandIn } from './slack-stand-in.ts';
import { freePort } from '../tests/support/ports.ts';

/**
 * `npm run bench -- --memory [--workers=N] [--questions=N]`: peak memory
 * (the kernel's high-water mark of resident memory, VmHWM) of `npm start`
 * with the Slack (HTTP) and Discord adapters, pointed at local stand-ins,
 * while it answers the development set's questions from both (rate limits
 * off, so every question is answered); then the same for a bare discord.js +
 * Bolt process (`bare-chat.mjs`) under the same traffic. Both run the
 * JavaScript node runs, without a TypeScript loader. Target (issue 17): the
 * bot's peak at most twice the bare process's. Linux only (/proc).
 */
export const MEMORY_TARGET = 2;

interface Peak {
  readonly label: string;
  readonly peakMb: number;
  readonly endMb: number;
  readonly answered: number;
  readonly asked: number;
}

export async function main(args: readonly string[]): Promise<void> {
  const value = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const workers = value('workers');
  const count = Number(value('questions') ?? 100);
  const questions = (await readEvalFile(path.join(PROJECT_ROOT, 'tests/fixtures/eval/dev.jsonl'))).map((i) => i.q);
  await run('npm', ['run', '--silent', 'build']);
  const loadBefore = loadavg()[0]!;
  const bot = await measure('npm start (node dist/main.js), Slack HTTP + Discord', [path.join(PROJECT_ROOT, 'dist/main.js')], { ...(workers !== undefined ? { POLICYBOT_WORKERS: workers } : {}) }, questions, count);
  const bare = await measure('bare discord.js + Bolt (bench/bare-chat.mjs)', [path.join(PROJECT_ROOT, 'bench/bare-chat.mjs')], {}, questions, count);
  const ratio = bot.peakMb / bare.peakMb;
  const row = (p: Peak) => `  ${p.label.padEnd(58)} peak ${p.peakMb.toFixed(0).padStart(4)} MB, at the end ${p.endMb.toFixed(0).padStart(4)} MB; ${p.answered} of ${p.asked} answered`;
  console.log(`Memory: peak resident memory (VmHWM) while answering ${count} questions from Slack and ${count} from Discord; ${availableParallelism()} cores, load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after`);
  console.log(row(bot));
  console.log(row(bare));
  console.log(`  ${'ratio'.padEnd(58)} ${ratio.toFixed(2)}x   ${ratio <= MEMORY_TARGET ? 'PASS' : 'MISS'} (target <= ${MEMORY_TARGET}x)`);
}

async function measure(label: string, script: string[], env: Record<string, string>, questions: readonly string[], count: number): Promise<Peak> {
  let answered = 0;
  const slack = await startSlackStandIn(() => (answered += 1));
  const discord = await startFakeDiscord();
  const data = await mkdtemp(path.join(tmpdir(), 'policybot-memory-'));
  const port = await freePort();
  const secret = '0123456789abcdef0123456789abcdef';
  const child = spawn(process.execPath, ['--enable-source-maps', ...script], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SLACK_BOT_TOKEN: 'xoxb-memory-bench',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      POLICYBOT_DATA: path.join(data, 'policybot.json'),
      POLICYBOT_NOW: '2026-11-28',
      POLICYBOT_USER_RATE: 'off',
      POLICYBOT_CHANNEL_RATE: 'off',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const ready = () => stderr.includes('bare: ready') || (stderr.includes('slack: started') && stderr.includes('discord ready'));
    for (let waited = 0; !ready(); waited += 100) {
      if (child.exitCode !== null || waited > 60_000) throw new Error(`${label} did not start: ${stderr}`);
      await delay(100);
    }
    const url = `http://127.0.0.1:${port}/slack/events`;
    const callbacks: Promise<unknown>[] = [];
    // 20 questions a second from each platform, every one from another person.
    for (let i = 0; i < count; i++) {
      const question = questions[i % questions.length]!;
      const body = slashCommand({ text: question, responseUrl: slack.responseUrl(`m${i}`), userId: `U0MEM${i}`, channelId: `C0MEM${i % 50}` });
      const timestamp = Math.floor(Date.now() / 1000);
      void fetch(url, { method: 'POST', headers: { 'content-type': FORM, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(secret, timestamp, body) }, body }).catch(() => undefined);
      const { id } = discord.command('ask', { question });
      callbacks.push(discord.callback(id).then(() => (answered += 1), () => undefined));
      await delay(50);
    }
    const until = Date.now() + 30_000;
    while (answered < 2 * count && Date.now() < until) await delay(100);
    await Promise.race([Promise.allSettled(callbacks), delay(5000)]);
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { label, peakMb: (kb('VmHWM') * 1024) / 1e6, endMb: (kb('VmRSS') * 1024) / 1e6, answered, asked: 2 * count };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('close', resolve)));
    await slack.close();
    await discord.close();
    await rm(data, { recursive: true, force: true });
  }
}


function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}
