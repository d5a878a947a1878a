import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { OperatorError } from '../core/errors.ts';

/**
 * One process per data file: a second bot pointed at the same file is refused
 * instead of both overwriting each other. A lock left by a process that no
 * longer runs is taken over.
 *
 * "Runs" means that very process, not its number: the lock records the PID
 * with the process's start time (Linux: `/proc/PID/stat`) and a token only
 * its holder knows. A container restarted on the same volume runs the bot
 * as PID 1 again, and finds a lock naming PID 1, its own: that lock is
 * another process's (the token is not one this process holds), so it is
 * stale. A live process that reuses a dead bot's PID has another start time:
 * stale too. Only a process that really holds the lock blocks.
 *
 * Taking over a stale lock is a race two starts may run at once: each first
 * takes a short-lived `.takeover` file (created exclusively, so one wins),
 * checks that the lock is still the stale one it judged, and replaces it by
 * renaming its own over it; the other finds a live lock on its next look and
 * is refused. Never both.
 */
export class StoreLockedError extends OperatorError {
  readonly code = 'STORE_LOCKED';
  constructor(readonly file: string, readonly pid: number) {
    super(`${file} is in use by another policybot process (pid ${pid}). Stop it, or point POLICYBOT_DATA at another file.`);
    this.name = 'StoreLockedError';
  }
}

interface LockHolder {
  readonly pid: number;
  /** Known only to the process that wrote it. */
  readonly token?: string;
  /** Its start time since boot, in clock ticks (Linux), and the boot it is from. */
  readonly started?: string;
  readonly boot?: string;
}

/** Tokens of the locks this process holds. */
const held = new Set<string>();

/** A takeover file older than this was left by a process that crashed mid-takeover (it takes milliseconds). */
const TAKEOVER_STALE_MS = 10_000;

export async function acquireLock(lockFile: string, dataFile: string): Promise<() => Promise<void>> {
  const me: LockHolder = { pid: process.pid, token: randomUUID(), ...processIdentity(process.pid) };
  const content = `${JSON.stringify(me)}\n`;
  const release = async () => {
    held.delete(me.token!);
    // Removed only while it is still ours: a lock another process took over is left to it.
    const now = await readFile(lockFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (now !== undefined && parseHolder(now).token === me.token) await rm(lockFile);
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await writeFile(lockFile, content, { flag: 'wx' });
      held.add(me.token!);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = await readFile(lockFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined; // released meanwhile: try again
      throw error;
    });
    if (text === undefined) continue;
    const holder = parseHolder(text);
    if (holdsLock(holder)) throw new StoreLockedError(dataFile, holder.pid);
    if (await takeOver(lockFile, text, content)) {
      held.add(me.token!);
      return release;
    }
    // Another start is taking it over (or just did): look again in a moment.
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
  }
  throw new Error(`could not lock ${dataFile}: ${lockFile} kept changing`);
}

/** Replaces the lock whose content was judged stale with ours, unless another start got there first. */
async function takeOver(lockFile: string, staleText: string, content: string): Promise<boolean> {
  const guard = `${lockFile}.takeover`;
  try {
    await writeFile(guard, `${process.pid}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > TAKEOVER_STALE_MS) await rm(guard, { force: true });
    return false;
  }
  try {
    const now = await readFile(lockFile, 'utf8').catch(() => undefined);
    if (now !== staleText) return false; // taken over or released meanwhile: judge again
    const temporary = `${lockFile}.${process.pid}.${randomUUID()}`;
    await writeFile(temporary, content);
    await rename(temporary, lockFile);
    return true;
  } finally {
    await rm(guard, { force: true });
  }
}

/** A lock file: JSON from this version; a bare PID from earlier ones. */
function parseHolder(text: string): LockHolder {
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed === 'object' && parsed && Number.isInteger(parsed.pid)) return parsed as LockHolder;
  } catch {
    // an earlier version's lock: the PID alone
  }
  return { pid: Number(text.trim()) };
}

/** Whether the process the lock names is alive and is the one that wrote it. */
function holdsLock(holder: LockHolder): boolean {
  if (holder.token && held.has(holder.token)) return true; // this process holds it already (a second store on one file)
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  if (holder.pid === process.pid) return false; // an earlier process with this PID (a restarted container): not this one, since we hold no such token
  if (!isAlive(holder.pid)) return false;
  const now = processIdentity(holder.pid);
  if (holder.started && now.started) return holder.started === now.started && holder.boot === now.boot;
  // An earlier version's lock (no start time): a live process holds it if it is a Node process, as the bot is.
  const command = commandLine(holder.pid);
  return command === undefined || /node/i.test(command);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Start time (clock ticks since boot) and boot id of a process, where the system says (Linux); empty elsewhere. */
function processIdentity(pid: number): { started?: string; boot?: string } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, start time field 22.
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return started ? { started, boot } : {};
  } catch {
    return {};
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}
