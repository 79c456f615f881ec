// A layer recipe too large for one part (3,000 files: about 3 MiB of headers) is stored as a
// root and several parts; export streams them back in order, verify and gc follow them (a gc
// keeps every part of a named layer and drops every part of an unnamed one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, ingest, readLayer, BadInputError, type Store } from 'cairn';
import { makeManyFilesTar } from '../support/many-files.js';
import { scratchDir } from '../support/scratch.js';

const sha = (b: Uint8Array) => 'sha256:' + createHash('sha256').update(b).digest('hex');

async function exported(store: Store, diffId: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of readLayer(store, diffId)) parts.push(p);
  return Buffer.concat(parts);
}

test('a layer of many files is stored in parts that export, verify and gc follow', { timeout: 300_000 }, async () => {
  const work = scratchDir('cairn-parts-');
  const store = await openStore(join(work, 'store'), { compressionThreads: 1 });
  try {
    const tar = readFileSync(makeManyFilesTar(work, 3, 1000, 2));
    const other = readFileSync(makeManyFilesTar(join(work, 'other'), 2, 1000, 3));
    const a = await ingest(store, [join(work, 'layer.tar')], { name: 'a:v1' });
    const b = await ingest(store, [join(work, 'other', 'layer.tar')], { name: 'b:v1' });
    const diffA = a.images[0]!.layers[0]!;
    const diffB = b.images[0]!.layers[0]!;
    assert.equal(diffA, sha(tar));
    assert.equal(diffB, sha(other));

    const recipe = await store.getLayerRecipe(diffA);
    assert.ok(recipe.parts.length >= 3, `3,000 files' headers take ${recipe.parts.length} parts`);
    assert.equal(recipe.tarLength, tar.length);
    const partsOf = async () => (await store.stats()).objects['layer recipe part'] ?? 0;
    const both = await partsOf();
    assert.equal(both, recipe.parts.length + (await store.getLayerRecipe(diffB)).parts.length);
    assert.ok((await exported(store, diffA)).equals(tar), 'the layer comes back byte-exact');

    const clean = await store.verify({ deep: true });
    assert.deepEqual(clean.problems, []);

    // b unnamed: gc drops its parts and files, keeps all of a's.
    await store.removeNames(['b:v1']);
    const gc = await store.gc();
    assert.ok(gc.recordsRemoved > 0);
    assert.equal(await partsOf(), recipe.parts.length, 'only the named layer\'s parts remain');
    assert.equal(await store.hasLayer(diffB), false);
    assert.deepEqual((await store.verify({ deep: true })).problems, []);
    assert.ok((await exported(store, diffA)).equals(tar), 'the named layer still comes back byte-exact after gc');
  } finally {
    await store.close();
    rmSync(work, { recursive: true, force: true });
  }
});

test('a layer cut short after thousands of small files fails cleanly; the store stays consistent', { timeout: 300_000 }, async () => {
  const work = scratchDir('cairn-parts-cut-');
  const store = await openStore(join(work, 'store'), { compressionThreads: 1 });
  try {
    const tar = readFileSync(makeManyFilesTar(work, 3, 1000, 4));
    const cut = join(work, 'cut.tar');
    // Cut inside the header of a file about 80% in.
    let header = Math.floor((tar.length * 0.8) / 512) * 512;
    while (tar.toString('latin1', header + 257, header + 262) !== 'ustar') header += 512;
    writeFileSync(cut, tar.subarray(0, header + 100));
    await assert.rejects(ingest(store, [cut], { name: 'cut:v1' }), BadInputError);
    assert.deepEqual(await store.listLayerDiffIds(), []);
    assert.deepEqual((await store.verify()).problems, []);
    const whole = await ingest(store, [join(work, 'layer.tar')], { name: 'whole:v1' });
    assert.ok((await exported(store, whole.images[0]!.layers[0]!)).equals(tar));
    assert.deepEqual((await store.verify({ deep: true })).problems, []);
  } finally {
    await store.close();
    rmSync(work, { recursive: true, force: true });
  }
});
