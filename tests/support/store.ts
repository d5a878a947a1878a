import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh folder for a data file; removed by `dispose`. */
export async function tempDataDir(): Promise<{ dir: string; file: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'policybot-data-'));
  return { dir, file: path.join(dir, 'policybot.json'), dispose: () => rm(dir, { recursive: true, force: true }) };
}
