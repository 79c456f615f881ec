/**
 * Watching a `cairn` process from outside, so that a test acts only once the process really
 * has the store open and is working in it. A store is open while its process holds the
 * LevelDB lock on STORE/index/LOCK: the LOCK file itself stays behind after a close, so its
 * existence proves nothing; the kernel's lock table (/proc/locks, Linux) names the process
 * that holds it. A pack being written shows as a file in STORE/tmp.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** True when process `pid` holds a lock on STORE/index/LOCK (per /proc/locks). */
export function holdsStoreLock(pid: number, storeDir: string): boolean {
  let inode: number;
  try {
    inode = statSync(join(storeDir, 'index', 'LOCK')).ino;
  } catch {
    return false;
  }
  // Lines read "1: POSIX  ADVISORY  WRITE 1234 fe:00:2163394 0 EOF" (pid, then major:minor:inode).
  return readFileSync('/proc/locks', 'utf8')
    .split('\n')
    .some((line) => {
      const fields = line.trim().split(/\s+/);
      const at = fields.findIndex((f) => /^[0-9a-f]+:[0-9a-f]+:\d+$/i.test(f));
      return at > 0 && Number(fields[at - 1]) === pid && Number(fields[at]!.split(':')[2]) === inode;
    });
}

/** The names in STORE/tmp of packs being written (none when the directory is missing). */
export function packsBeingWritten(storeDir: string): string[] {
  try {
    return readdirSync(join(storeDir, 'tmp')).filter((name) => name.includes('.pack'));
  } catch {
    return [];
  }
}

/** True while some pack is being written in the store. */
export function writingPack(storeDir: string): boolean {
  return packsBeingWritten(storeDir).length > 0;
}

/** Polls `condition` every `intervalMs` until it holds (true) or `timeoutMs` passes (false). */
export async function waitUntil(condition: () => boolean, timeoutMs: number, intervalMs = 2): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
