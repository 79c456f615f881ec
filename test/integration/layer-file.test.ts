/**
 * A layer written to a file by the writer thread (src/disk/layer-file.ts, `cairn export layer
 * -o`): byte for byte the tar that was ingested, with the writer thread and without it, for a
 * layer of raw and zstd chunks and small files, and for a layer whose large files are stored as
 * deltas (their bytes rebuilt on the calling thread and carried to the writer); a damaged chunk
 * is named and leaves no file; an existing file is never written over.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/index.js';
// The built package: its writer thread's script sits beside the module that starts it.
import { CorruptDataError, openStore as openBuiltStore, writeLayerTar } from 'cairn';
import { gnuTarOf } from '../support/cli.js';
import { packHolding } from '../support/damage.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('cairn-layer-file-');
after(() => rmSync(dir, { recursive: true, force: true }));

const sha = (bytes: Uint8Array): string => 'sha256:' + createHash('sha256').update(bytes).digest('hex');

function text(seed: string, length: number): Buffer {
  const words = seededBytes(seed, length).toString('hex').match(/.{1,7}/g)!.map((w) => w.replace(/[0-9]/g, ' '));
  return Buffer.from(words.join('\n')).subarray(0, length);
}

/** Version k of a file: version k-1 with 8 bytes rewritten every 5000 (every chunk differs, a delta is small). */
function versioned(seed: string, length: number, k: number): Buffer {
  const bytes = Buffer.from(seededBytes(seed, length));
  for (let v = 2; v <= k; v++) for (let at = (v * 997) % 5000; at + 8 <= length; at += 5000) seededBytes(`${seed}-${v}-${at}`, 8).copy(bytes, at);
  return bytes;
}

test('writeLayerTar: a layer of raw, zstd and small files, byte for byte, with and without the writer thread', async () => {
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'small'), { recursive: true });
  writeFileSync(join(tree, 'random.bin'), seededBytes('layer-file-random', 900_000));
  writeFileSync(join(tree, 'text.txt'), text('layer-file-text', 2_000_000));
  for (let i = 0; i < 300; i++) writeFileSync(join(tree, 'small', `f${i}`), i % 3 === 0 ? seededBytes(`small-${i}`, 10 + i * 13) : text(`small-${i}`, 10 + i * 29));
  const tar = join(dir, 'layer.tar');
  const { diffId } = gnuTarOf(tree, tar);
  const storeDir = join(dir, 'store');
  const store = await openStore(storeDir);
  try {
    await ingest(store, [tar], { name: 'l:1' });
  } finally {
    await store.close();
  }
  const fresh = await openBuiltStore(storeDir);
  try {
    for (const inline of [false, true]) {
      const out = join(dir, `out-${inline}.tar`);
      const length = await writeLayerTar(fresh, diffId, out, { inline });
      const written = readFileSync(out);
      assert.equal(length, written.length);
      assert.ok(written.equals(readFileSync(tar)), `the layer file equals the tar (inline ${inline})`);
    }
    // Never over an existing file.
    const existing = join(dir, 'existing.tar');
    writeFileSync(existing, 'keep me');
    await assert.rejects(writeLayerTar(fresh, diffId, existing), /EEXIST/);
    assert.equal(readFileSync(existing, 'utf8'), 'keep me');
  } finally {
    await fresh.close();
  }
  // A damaged chunk: named, with its pack; no file is left.
  const { id, path, at } = packHolding(storeDir, seededBytes('layer-file-random', 900_000).subarray(0, 64));
  const pack = readFileSync(path);
  pack[at + 100]! ^= 0x40;
  writeFileSync(path, pack);
  const damaged = await openBuiltStore(storeDir);
  try {
    const out = join(dir, 'damaged.tar');
    await assert.rejects(writeLayerTar(damaged, diffId, out), (error) => error instanceof CorruptDataError && error.message.includes(`in pack ${id}`));
    assert.equal(existsSync(out), false, 'no file is left');
  } finally {
    await damaged.close();
  }
});

test('writeLayerTar: a layer whose large files are stored as deltas, byte for byte', async () => {
  const storeDir = join(dir, 'deltas');
  const store = await openStore(storeDir);
  const tars: { diffId: string; path: string }[] = [];
  try {
    for (let k = 1; k <= 3; k++) {
      const tree = join(dir, `v${k}`);
      mkdirSync(join(tree, 'bin'), { recursive: true });
      writeFileSync(join(tree, 'bin', 'tool'), versioned('lf-tool', 700_000, k));
      writeFileSync(join(tree, 'README'), `version ${k}\n`.repeat(50));
      const path = join(dir, `v${k}.tar`);
      tars.push({ ...gnuTarOf(tree, path), path });
      const result = await ingest(store, [path], { name: `app:${k}`, deltas: true });
      if (k > 1) assert.ok((result.deltas?.files ?? 0) >= 1, `version ${k}: the tool is stored as a delta`);
    }
    await store.gc();
  } finally {
    await store.close();
  }
  const fresh = await openBuiltStore(storeDir);
  try {
    for (const { diffId, path } of tars) {
      for (const inline of [false, true]) {
        const out = join(dir, `delta-${diffId.slice(7, 15)}-${inline}.tar`);
        await writeLayerTar(fresh, diffId, out, { inline });
        const written = readFileSync(out);
        assert.equal(sha(written), diffId);
        assert.ok(written.equals(readFileSync(path)));
      }
    }
  } finally {
    await fresh.close();
  }
});
