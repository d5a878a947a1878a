import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/store/lowdb-store.ts';
import { StoreWriteError, type InstallationRecord } from '../../src/store/store.ts';
import { faultyDisk } from '../faults/disk.ts';
import { memoryLogger } from '../support/core.ts';
import { tempDataDir } from '../support/store.ts';

/**
 * Installations (Slack in many workspaces) in the lowdb store: kept whole per
 * platform and scope, replaced by a second install, forgotten on uninstall,
 * read back after a restart, and, like every write, undone when the disk
 * refuses it. The PostgreSQL store runs the same checks once the store
 * contract suite holds both.
 */

let data: Awaited<ReturnType<typeof tempDataDir>>;
beforeEach(async () => {
  data = await tempDataDir();
});
afterEach(async () => {
  await data.dispose();
});

const record = (scope: string, token: string): InstallationRecord => ({
  platform: 'slack',
  scope,
  data: { team: { id: scope.slice('team:'.length), name: 'A team' }, bot: { token, id: 'B1', userId: 'U1', scopes: ['chat:write'] }, isEnterpriseInstall: false },
  at: '2026-03-01T10:00:00.000Z',
});

describe('installations in the lowdb store', () => {
  it('keeps one per platform and scope, replaces it on a second install, reads it back after a restart, and forgets it', async () => {
    const a = await LowdbStore.open(data.file);
    expect(await a.installation('slack', 'team:T1')).toBeUndefined();
    await a.putInstallation(record('team:T1', 'xoxb-first-1'));
    await a.putInstallation(record('team:T2', 'xoxb-second-1'));
    await a.putInstallation(record('team:T2', 'xoxb-second-2'));
    // Another platform's installation of the same scope is another record.
    await a.putInstallation({ ...record('team:T1', 'other'), platform: 'memo' });
    expect((await a.installation('slack', 'team:T2'))?.data).toMatchObject({ bot: { token: 'xoxb-second-2' } });
    // What a caller gets is a copy: editing it changes nothing kept.
    const got = await a.installation('slack', 'team:T1');
    (got!.data.bot as { token: string }).token = 'edited';
    expect((await a.installation('slack', 'team:T1'))?.data).toMatchObject({ bot: { token: 'xoxb-first-1' } });
    await a.close();

    const b = await LowdbStore.open(data.file);
    expect(await b.installation('slack', 'team:T1')).toEqual(record('team:T1', 'xoxb-first-1'));
    expect(await b.deleteInstallation('slack', 'team:T1')).toBe(true);
    expect(await b.deleteInstallation('slack', 'team:T1')).toBe(false);
    expect(await b.installation('slack', 'team:T1')).toBeUndefined();
    expect(await b.installation('memo', 'team:T1')).toBeDefined();
    await b.close();
    // Gone from the file too, not only from memory.
    expect(await readFile(data.file, 'utf8')).not.toContain('xoxb-first-1');
  });

  it('reads a data file written before installations existed as having none', async () => {
    const a = await LowdbStore.open(data.file);
    await a.close();
    const file = JSON.parse(await readFile(data.file, 'utf8'));
    delete file.installations;
    await writeFile(data.file, JSON.stringify(file));
    const b = await LowdbStore.open(data.file);
    expect(await b.installation('slack', 'team:T1')).toBeUndefined();
    await b.close();
  });

  it('a write the disk refuses is undone: the installation is neither kept nor forgotten', async () => {
    const disk = faultyDisk();
    const store = await LowdbStore.open(data.file, { adapter: disk.adapter, log: memoryLogger() });
    await store.putInstallation(record('team:T1', 'xoxb-kept'));
    disk.fail('ENOSPC');
    await expect(store.putInstallation(record('team:T2', 'xoxb-new'))).rejects.toBeInstanceOf(StoreWriteError);
    await expect(store.deleteInstallation('slack', 'team:T1')).rejects.toBeInstanceOf(StoreWriteError);
    expect(await store.installation('slack', 'team:T2')).toBeUndefined();
    expect(await store.installation('slack', 'team:T1')).toBeDefined();
    disk.heal();
    await store.close();
  });
});
