// verify and gc read every pack whole, one at a time; what they keep of a pack once they are past
// it must not be its buffer. A parsed record's payload is a view of the whole pack's buffer, and
// verify kept every record (1.8 GB of peak RSS on a store of 93 packs, 4 GB of /usr/lib), gc
// every record of every pack it was to rewrite. Measured here as the array-buffer bytes still
// held after a full collection, sampled at each pack's progress event: held packs would add a
// pack (1 MiB here) per pack read; read one at a time, the count stays within a few MiB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest, openStore, type ProgressEvent } from '../../src/index.js';
import { heldArrayBuffers } from '../support/gc.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const MiB = 1 << 20;
/** Packs of about 1 MiB the tree of a and b files fills, at least. */
const PACKS = 16;
/** Pairs of files of FILE_BYTES each (a and b): about 38 MB in all. */
const PAIRS = 96;
const FILE_BYTES = 200_000;

/** A tree of incompressible files (stored as raw chunk records), `a` and `b` files interleaved in tar order. */
function makeTree(root: string, which: readonly ('a' | 'b')[]): string {
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < PAIRS; i++) {
    for (const w of which) writeFileSync(join(root, `f${String(i).padStart(3, '0')}${w}`), seededBytes(`walk-memory-${i}-${w}`, FILE_BYTES));
  }
  return root;
}

/** Opens the store with a progress hook that samples the held array buffers on the events of `type`. */
async function sampling(dir: string, type: ProgressEvent['type']): Promise<{ store: Awaited<ReturnType<typeof openStore>>; samples: number[] }> {
  const samples: number[] = [];
  const store = await openStore(dir, {
    create: true,
    packSize: MiB,
    onProgress: (e) => {
      if (e.type === type) samples.push(heldArrayBuffers());
    },
  });
  return { store, samples };
}

test('verify holds one pack at a time, not every pack it has read', async () => {
  const dir = scratchDir('cairn-walk-memory-');
  try {
    const seed = await openStore(join(dir, 'store'), { create: true, packSize: MiB });
    await ingest(seed, [makeTree(join(dir, 'tree'), ['a', 'b'])], { name: 'x:1' });
    await seed.close();
    const { store, samples } = await sampling(join(dir, 'store'), 'verify:pack');
    try {
      const report = await store.verify();
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.ok(report.packs >= PACKS, `${report.packs} packs`);
    } finally {
      await store.close();
    }
    assert.ok(samples.length >= PACKS, `${samples.length} progress events`);
    const growth = Math.max(...samples) - samples[0]!;
    assert.ok(growth < 8 * MiB, `verify held ${(growth / MiB).toFixed(1)} MiB more at its last pack than at its first (${samples.length} packs of about 1 MiB)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gc holds one pack at a time while it rewrites packs of live and dead records', async () => {
  const dir = scratchDir('cairn-walk-memory-');
  try {
    const seed = await openStore(join(dir, 'store'), { create: true, packSize: MiB });
    await ingest(seed, [makeTree(join(dir, 'both'), ['a', 'b'])], { name: 'x:1' });
    // The b files again, as another image: their chunks are the ones in x's packs.
    await ingest(seed, [makeTree(join(dir, 'b-only'), ['b'])], { name: 'y:1' });
    await seed.removeNames(['x:1']);
    await seed.close();
    const { store, samples } = await sampling(join(dir, 'store'), 'gc:pack');
    let before = 0;
    try {
      before = heldArrayBuffers();
      const report = await store.gc();
      assert.ok(report.recordsRemoved >= PAIRS, `${report.recordsRemoved} records removed`);
      assert.equal((await store.verify()).ok, true);
    } finally {
      await store.close();
    }
    // Every pack of x held a and b chunks: each is rewritten, with a progress event each.
    assert.ok(samples.length >= PACKS, `${samples.length} packs rewritten`);
    // The median: the first sample is now and then some 20 MiB up, with or without held packs.
    const growth = median(samples) - before;
    assert.ok(growth < 16 * MiB, `gc held ${(growth / MiB).toFixed(1)} MiB more than before it started (median over the ${samples.length} packs of about 1 MiB it rewrote)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
