/**
 * Kills `cairn ingest` with SIGKILL at seeded random moments and checks the store after each
 * kill: it opens, verifies, has no index entry pointing at missing data, and a last ingest
 * completes. Used by the test suite (few rounds) and scripts/crash-soak.mjs (many).
 */
import { spawn } from 'node:child_process';
import { openStore } from 'cairn';
import { CLI } from './paths.js';
import { prng } from './random.js';

export interface CrashRound {
  delayMs: number;
  exitedBeforeKill: boolean;
  problems: string[];
}

/**
 * Kill moments are drawn between 0 and the duration of one uninterrupted ingest of the tree
 * (measured first, into a scratch store), so that on a slow or loaded machine the kills still
 * land mid-ingest; `maxDelayMs` caps them.
 */
export async function crashRounds(storeDir: string, tree: string, rounds: number, seed: number, maxDelayMs: number): Promise<CrashRound[]> {
  const rnd = prng(seed);
  const started = Date.now();
  await new Promise<void>((r) => spawn(process.execPath, [CLI, '--store', `${storeDir}-timing`, 'ingest', tree, '--pack-size', '1M'], { stdio: 'ignore' }).on('exit', () => r()));
  const full = Date.now() - started;
  maxDelayMs = Math.min(maxDelayMs, Math.max(200, full * 0.9));
  const results: CrashRound[] = [];
  for (let i = 0; i < rounds; i++) {
    const delayMs = Math.floor(rnd() * maxDelayMs);
    const child = spawn(process.execPath, [CLI, '--store', storeDir, 'ingest', tree, '--name', `crash:${i}`, '--pack-size', '1M'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), delayMs));
    const first = await Promise.race([exited, timer]);
    if (first === 'timeout') child.kill('SIGKILL');
    await exited;
    const store = await openStore(storeDir);
    try {
      const report = await store.verify();
      results.push({ delayMs, exitedBeforeKill: first !== 'timeout', problems: report.problems.map((p) => p.message) });
    } finally {
      await store.close();
    }
  }
  return results;
}

/** Runs one ingest to completion; returns its exit code. */
export function finalIngest(storeDir: string, tree: string): Promise<number | null> {
  const child = spawn(process.execPath, [CLI, '--store', storeDir, 'ingest', tree, '--name', 'crash:final'], { stdio: 'ignore' });
  return new Promise((r) => child.on('exit', (code) => r(code)));
}
