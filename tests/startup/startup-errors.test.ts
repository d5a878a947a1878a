import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import { runScript, type RunResult } from '../support/run.ts';

/**
 * `npm start` with a setting that cannot work: one message that names the
 * variable and says what to do, exit status 1, and no stack trace unless
 * LOG_LEVEL=debug asks for one.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'policybot-start-'));
  // Other users (the unwritable-folder case runs as one) must be able to reach what is inside.
  await chmod(dir, 0o755);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const start = (env: Record<string, string>, user?: { uid: number; gid: number }) =>
  runScript('src/main.ts', [], { env: { POLICYBOT_NOW: '2026-11-28', ...env }, input: '', ...(user ? { user } : {}) });

function expectOneMessage(r: RunResult, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^policybot cannot start\.\n/m);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/\b(EEXIST|ENOTDIR|EACCES|EPERM|EROFS|EADDRINUSE|ERR_SOCKET_BAD_PORT)\b/);
}

describe('POLICYBOT_DATA where no data file can be kept', () => {
  it('under a file: names POLICYBOT_DATA and what to do', async () => {
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const data = path.join(file, 'data', 'policybot.json');
    const r = await start({ POLICYBOT_DATA: data });
    expectOneMessage(r, new RegExp(`POLICYBOT_DATA=${data} cannot be used: a part of ${path.dirname(data)} is a file, not a folder\\. Set POLICYBOT_DATA to a file in a folder this user can write to`));
  });

  it('in a folder this user may not write to', async () => {
    const folder = path.join(dir, 'locked');
    await mkdir(folder, { mode: 0o755 });
    const data = path.join(folder, 'policybot.json');
    // Root writes anywhere: as root, run the bot as an ordinary user, as it would be deployed.
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) await chmod(folder, 0o555);
    const r = await start({ POLICYBOT_DATA: data }, asRoot ? { uid: 65534, gid: 65534 } : undefined);
    expectOneMessage(r, new RegExp(`POLICYBOT_DATA=${data} cannot be used: this user may not write in ${folder}\\. Set POLICYBOT_DATA`));
    expect(await readdir(folder)).toEqual([]);
  });

  it('in a read-only file system', async (context) => {
    const folder = path.join(dir, 'read-only');
    await mkdir(folder);
    // A real read-only mount; where this machine does not let the suite mount one, say so rather than pretend.
    const mounted = await promisify(execFile)('mount', ['-t', 'tmpfs', '-o', 'ro,mode=0755', 'tmpfs', folder]).then(
      () => true,
      () => false,
    );
    if (!mounted) return context.skip('mounting a read-only tmpfs is not permitted here');
    try {
      const data = path.join(folder, 'policybot.json');
      const r = await start({ POLICYBOT_DATA: data });
      expectOneMessage(r, new RegExp(`POLICYBOT_DATA=${data} cannot be used: ${folder} is on a read-only file system\\. Set POLICYBOT_DATA`));
    } finally {
      await promisify(execFile)('umount', [folder]);
    }
  });
});

describe('PORT', () => {
  it('out of range is refused by the configuration, naming PORT', async () => {
    const r = await start({ PORT: '70000', SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: '0123456789abcdef0123', POLICYBOT_DATA: path.join(dir, 'port.json') });
    expectOneMessage(r, /PORT expects a TCP port number from 1 to 65535/);
  });

  describe('already in use', () => {
    let api: FakeSlackWebApi;
    let taken: Server;
    let port: number;
    beforeAll(async () => {
      api = await startFakeSlackWebApi();
      taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, resolve));
      port = (taken.address() as { port: number }).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => taken.close(resolve));
      await api.close();
    });
    const env = () => ({ PORT: String(port), SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: '0123456789abcdef0123', SLACK_API_URL: api.url, POLICYBOT_DATA: path.join(dir, `in-use-${port}.json`) });

    it('is reported as such, naming PORT, and the data file is let go', async () => {
      const r = await start(env());
      expectOneMessage(r, new RegExp(`PORT ${port} is already in use by another program: stop that program, or set PORT to a free port\\.`));
      // The store's lock was released on the way out: the next start is not refused as "in use by another policybot".
      expect(await readdir(dir)).not.toContain(`in-use-${port}.json.lock`);
    });

    it('shows the stack when LOG_LEVEL=debug asks for it', async () => {
      const r = await start({ ...env(), LOG_LEVEL: 'debug' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`PORT ${port} is already in use`));
      expect(r.stderr).toMatch(/EADDRINUSE[\s\S]*\n\s+at /);
    });
  });
});
