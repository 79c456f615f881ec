/**
 * Crash tests: a `cairn` command is SIGKILLed at seeded random moments while it works in a
 * store, and the store is checked after each kill. A kill counts only when it landed while the
 * process held the store (seen in the kernel's lock table, support/store-watch.ts): a kill
 * before the store is open, or after the command finished, tests nothing, and the tests assert
 * a minimum number of kills that landed. Used by the crash tests (few rounds) and
 * scripts/crash-soak.mjs (many).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from 'cairn';
import { CLI } from './paths.js';
import { prng } from './random.js';
import { holdsStoreLock, waitUntil, writingPack } from './store-watch.js';
import { scratchDir } from './scratch.js';

/** One run of a command and what became of it. */
export interface KillOutcome {
  /** The kill was sent while the process held the store (false: it finished first, or never opened it). */
  landed: boolean;
  /** A pack was being written when the kill landed. */
  midPack: boolean;
  /** The exit code when the process ended by itself. */
  code: number | null;
}

function cairn(storeDir: string, args: string[], env?: NodeJS.ProcessEnv) {
  return spawn(process.execPath, [CLI, '--store', storeDir, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
}

/**
 * Runs `cairn --store STORE ARGS` and, `delayMs` after the process is seen holding the store,
 * kills it with SIGKILL (if it still holds it). Without `delayMs` the command runs to its end.
 * Also returns how long the process held the store (from first seen holding it to exit).
 * `env` replaces the process's environment (default: this one's).
 */
export async function runAndKill(storeDir: string, args: string[], delayMs?: number, env?: NodeJS.ProcessEnv): Promise<KillOutcome & { heldMs: number; stderr: string }> {
  const child = cairn(storeDir, args, env);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let code: number | null = null;
  let done = false;
  const exited = new Promise<void>((r) => child.on('exit', (c) => ((code = c), (done = true), r())));
  const opened = await waitUntil(() => done || holdsStoreLock(child.pid!, storeDir), 120_000);
  const heldFrom = Date.now();
  let landed = false;
  let midPack = false;
  if (opened && !done && delayMs !== undefined) {
    await Promise.race([exited, new Promise((r) => setTimeout(r, delayMs))]);
    if (!done && holdsStoreLock(child.pid!, storeDir)) {
      midPack = writingPack(storeDir);
      landed = child.kill('SIGKILL');
    }
  }
  await exited;
  return { landed, midPack, code: landed ? null : code, heldMs: Date.now() - heldFrom, stderr };
}

/**
 * Seeded kill moments that follow the machine's speed: each delay is a seeded fraction of
 * `share` of the time a full run held the store, and a run that ends before its kill lowers
 * that time for the rounds after it (a loaded machine is slow one minute, fast the next).
 */
export class KillClock {
  readonly #rnd: () => number;
  #heldMs: number;
  constructor(seed: number, heldMs: number, readonly share = 0.6) {
    this.#rnd = prng(seed);
    this.#heldMs = heldMs;
  }
  /** The next delay in ms. */
  next(): number {
    return Math.floor(this.#rnd() * this.#heldMs * this.share);
  }
  /** Records a run that ended before its kill, having held the store for `heldMs`. */
  endedFirst(heldMs: number): void {
    this.#heldMs = Math.min(this.#heldMs, heldMs);
  }
}

/** What a store must show after a kill. */
export interface StoreCheck {
  /** `cairn verify` (and opening the store) failed: its output. */
  problems: string[];
  /** Names the store lists, sorted. */
  names: string[];
}

function cli(storeDir: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, '--store', storeDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/**
 * Checks a store as a user would after a crash: `cairn verify` exits 0, and every layer of
 * every named image exports byte-exact (the sha256 of `cairn export layer` equals its DiffID).
 * Returns the problems found and the names listed.
 */
export function checkStore(storeDir: string, options: { exports?: boolean } = {}): StoreCheck {
  const problems: string[] = [];
  const verify = cli(storeDir, ['verify']);
  if (verify.status !== 0) problems.push(`verify exit ${verify.status}: ${verify.stdout}${verify.stderr}`);
  const ls = cli(storeDir, ['--json', 'ls']);
  if (ls.status !== 0) return { problems: [...problems, `ls exit ${ls.status}: ${ls.stderr}`], names: [] };
  const images = (JSON.parse(ls.stdout) as { images: { names: string[]; layers: string[] }[] }).images;
  const names = images.flatMap((i) => i.names).sort();
  if (options.exports !== false) {
    const scratch = scratchDir('cairn-crash-export-');
    try {
      for (const diffId of new Set(images.filter((i) => i.names.length > 0).flatMap((i) => i.layers))) {
        const out = join(scratch, 'layer.tar');
        const exported = cli(storeDir, ['export', 'layer', diffId, '-o', out]);
        if (exported.status !== 0) {
          problems.push(`export layer ${diffId}: exit ${exported.status}: ${exported.stderr}`);
          continue;
        }
        const got = 'sha256:' + createHash('sha256').update(readFileSync(out)).digest('hex');
        if (got !== diffId) problems.push(`export layer ${diffId}: sha256 ${got}`);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return { problems, names };
}

export interface CrashRound {
  delayMs: number;
  /** The kill landed while the ingest held the store. */
  landed: boolean;
  midPack: boolean;
  problems: string[];
}

/**
 * Kills `cairn ingest` of `tree` at seeded random moments, `rounds` times into the same store,
 * and after every kill opens the store and verifies it. Kill moments are drawn between 0 and
 * the time an uninterrupted ingest of the tree holds its store, measured first into a scratch
 * store, twice: after the first rounds most chunks are stored and an ingest takes about as
 * long as the second one there, the shorter, which is the one used.
 */
export async function crashRounds(storeDir: string, tree: string, rounds: number, seed: number): Promise<CrashRound[]> {
  let heldMs = Infinity;
  for (const name of ['first', 'again']) {
    const timing = await runAndKill(`${storeDir}-timing`, ['ingest', tree, '--name', `timing:${name}`, '--pack-size', '1M']);
    heldMs = Math.min(heldMs, timing.heldMs);
  }
  rmSync(`${storeDir}-timing`, { recursive: true, force: true });
  const results: CrashRound[] = [];
  const clock = new KillClock(seed, heldMs);
  for (let i = 0; i < rounds; i++) {
    const delayMs = clock.next();
    const outcome = await runAndKill(storeDir, ['ingest', tree, '--name', `crash:${i}`, '--pack-size', '1M'], delayMs);
    if (!outcome.landed) clock.endedFirst(outcome.heldMs);
    const store = await openStore(storeDir);
    try {
      const report = await store.verify();
      results.push({ delayMs, landed: outcome.landed, midPack: outcome.midPack, problems: report.problems.map((p) => p.message) });
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
