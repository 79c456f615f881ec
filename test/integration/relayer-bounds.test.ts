// cairn relayer stays within --max-layers on long and wide histories (docs/relayer.md): 200
// versions whose files change in many different patterns, and 100,000 files. The trees are
// checked too, through the flattened tar of each tree (the same tree gives the same bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exportRootfsTar, relayer, type Store } from 'cairn';
import type { RawEntry } from '../support/rootfs-tars.js';
import { storeWithVersions, workDir } from '../support/relayer-fixtures.js';

async function flatDigest(store: Store, image: string, file: string): Promise<string> {
  await exportRootfsTar(store, image, file);
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  rmSync(file);
  return digest;
}

/** Whether file `i` is overridden in version `v`: a pattern with many distinct change histories. */
const overridden = (i: number, v: number) => ((i * 7919 + v * 104729) >>> 0) % 11 === 0 || (v % (2 + (i % 13)) === 0);

test('200 versions stay within --max-layers, and their trees are the originals\'', { timeout: 1_200_000 }, async () => {
  const dir = workDir('versions');
  const files = 120;
  const base: RawEntry[] = [{ name: 'f/' }, ...Array.from({ length: files }, (_, i) => ({ name: `f/${i}`, data: `base ${i} `.repeat(20) }))];
  const versions = Array.from({ length: 200 }, (_, k) => {
    const v = k + 1;
    const top: RawEntry[] = [];
    for (let i = 0; i < files; i++) if (overridden(i, v)) top.push({ name: `f/${i}`, data: `file ${i} of version ${v}\n`.repeat(10) });
    return { tag: String(v), layers: [base, top] };
  });
  const store = await storeWithVersions(dir, 'app', versions);
  try {
    for (const maxLayers of [8]) {
      const result = await relayer(store, versions.map((v) => `app:${v.tag}`), { name: `rl${maxLayers}`, maxLayers });
      assert.equal(result.images.length, 200);
      const histories = new Set(Array.from({ length: files }, (_, i) => versions.map((v) => overridden(i, Number(v.tag)) ? 1 : 0).join('')));
      assert.ok(histories.size > maxLayers, `the history needs merging: ${histories.size} change patterns`);
      for (const image of result.images) assert.ok(image.layers.length <= maxLayers, `${image.name}: ${image.layers.length} layers`);
      assert.equal(result.upgrades.length, 199);
      for (const tag of ['1', '117', '200']) {
        assert.equal(await flatDigest(store, `rl${maxLayers}:${tag}`, join(dir, 'b.tar')), await flatDigest(store, `app:${tag}`, join(dir, 'a.tar')), `tree of version ${tag}`);
      }
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('100,000 files stay within --max-layers', { timeout: 1_200_000 }, async () => {
  const dir = workDir('files');
  const count = 100_000;
  const dirs: RawEntry[] = Array.from({ length: 100 }, (_, d) => ({ name: `d${d}/` }));
  const base: RawEntry[] = [...dirs, ...Array.from({ length: count }, (_, i) => ({ name: `d${i % 100}/f${i}`, data: i % 1000 === 0 ? `file ${i}\n` : '' }))];
  const top = (v: number): RawEntry[] => Array.from({ length: 50 }, (_, j) => ({ name: `d${v % 100}/f${j * 1000 + v}`, data: `changed in ${v}\n` }));
  const versions = [1, 2].map((v) => ({ tag: String(v), layers: [base, top(v)] }));
  const store = await storeWithVersions(dir, 'app', versions);
  try {
    const result = await relayer(store, ['app:1', 'app:2'], { name: 'rl', maxLayers: 3 });
    for (const image of result.images) {
      assert.ok(image.layers.length <= 3, `${image.name}: ${image.layers.length} layers`);
      assert.equal(image.layers.reduce((n, l) => n + l.entries, 0), count + 100);
    }
    assert.equal(result.upgrades[0]!.relayered.newLayers, 1, 'the 100 changed files are in one layer');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
