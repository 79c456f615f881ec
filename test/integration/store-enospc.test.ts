/**
 * A full disk, for real: a store on an 8 MiB tmpfs filled by an ingest. The failure is named in
 * one line ("no space left on STORE"), the packs the failed ingest sealed are removed, read
 * commands on a full disk work or name the cause, and once space is freed the store verifies
 * and a later ingest works. Needs `mount -t tmpfs` (root): skipped with the reason otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, rmSync, writeSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

function cli(store: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, '--store', store, ...args], { encoding: 'utf8' });
}

function packsOf(store: string): string[] {
  const packs = join(store, 'packs');
  return readdirSync(packs).flatMap((sub) => readdirSync(join(packs, sub))).sort();
}

/** Writes zeros until the file system is full; returns the file. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) {
      try {
        writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw error;
      }
    }
    for (;;) { // and the last partial block
      try {
        if (writeSync(fd, block, 0, 512) === 0) break;
      } catch {
        break;
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

test('a full disk: one-line cause, the failed ingest leaves no packs, reads work again, a later ingest works', async (t) => {
  const work = scratchDir('cairn-enospc-');
  const mountPoint = join(work, 'fs');
  mkdirSync(mountPoint);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    t.skip(`skipped: cannot mount an 8 MiB tmpfs (needs root): ${(mounted.stderr || mounted.error?.message || '').trim()}`);
    return;
  }
  try {
    const small = join(work, 'small');
    mkdirSync(small);
    writeFileSync(join(small, 'x'), seededBytes('enospc-small', 1_000_000));
    const big = join(work, 'big');
    mkdirSync(big);
    // Random bytes do not compress: 18 MB cannot fit in 8 MiB.
    for (let i = 0; i < 12; i++) writeFileSync(join(big, `f${i}`), seededBytes(`enospc-big-${i}`, 1_500_000));
    const later = join(work, 'later');
    mkdirSync(later);
    for (let i = 0; i < 2; i++) writeFileSync(join(later, `g${i}`), seededBytes(`enospc-later-${i}`, 1_500_000));

    const store = join(mountPoint, 'store');
    const first = cli(store, ['ingest', small, '--name', 'small:1']);
    assert.equal(first.status, 0, first.stderr);
    const before = packsOf(store);

    // A small pack size, so that the failed ingest seals several packs before the disk is full.
    const failed = cli(store, ['ingest', big, '--name', 'big:1', '--pack-size', '1M']);
    assert.equal(failed.status, 1);
    assert.equal(failed.stderr, `cairn: no space left on ${store}\n`);
    assert.deepEqual(packsOf(store), before, 'the packs the failed ingest sealed are gone');

    // A full disk: reads work, or fail naming the cause (LevelDB writes when it opens).
    const filler = fill(mountPoint);
    const full = cli(store, ['ls']);
    if (full.status === 0) assert.match(full.stdout, /small:1/);
    else {
      assert.equal(full.status, 1);
      assert.match(full.stderr, new RegExp(`^cairn: no space left on ${store}: the index cannot open`));
      assert.doesNotMatch(full.stderr, /Database failed to open/);
    }
    rmSync(filler);

    const ls = cli(store, ['ls']);
    assert.equal(ls.status, 0, ls.stderr);
    assert.match(ls.stdout, /small:1/);
    assert.doesNotMatch(ls.stdout, /big:1/);
    const verified = cli(store, ['verify']);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);

    const again = cli(store, ['ingest', later, '--name', 'later:1']);
    assert.equal(again.status, 0, again.stderr);
    const final = cli(store, ['verify']);
    assert.equal(final.status, 0, final.stdout + final.stderr);
    assert.match(cli(store, ['ls']).stdout, /later:1/);
  } finally {
    spawnSync('umount', ['-l', mountPoint]);
    rmSync(work, { recursive: true, force: true });
  }
});
