// layerFiles lists a stored layer's regular files from its recipe without reading their
// contents. Oracle: the layer rebuilt from the store, read entry by entry and every regular
// file hashed (what it did before). Tars from GNU tar, in pax and gnu formats, with the cases
// that could trip the listing: empty files, hard and symbolic links, long names, a file over
// 1 MiB, and a run of over 1 MiB of headers (2,500 symlinks) that the ingest spills into a
// file segment, followed by regular files whose headers lie inside that spilled segment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, ingest, type Store } from '../../src/index.js';
import { layerFiles, type PathedFile } from '../../src/bundle/layer-files.js';
import { readEntries, rebuildLayer } from '../../src/tar/index.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

async function oracle(store: Store, diffId: string): Promise<PathedFile[]> {
  const out: PathedFile[] = [];
  for await (const entry of readEntries(rebuildLayer(await store.getLayerRecipe(diffId), diffId, store))) {
    const hash = createHash('sha256');
    let size = 0;
    for await (const piece of entry.data) { hash.update(piece); size += piece.length; }
    if (entry.header.typeflag === '0' || entry.header.typeflag === '7') out.push({ path: entry.header.name.replace(/^\.?\/+/, ''), digest: hash.digest('hex'), size });
  }
  return out;
}

/** The store with its readFile calls counted (the listing reads file contents only for spilled framing). */
function counting(store: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (key === 'readFile') return (...args: unknown[]) => { reads++; return (value as (...a: unknown[]) => unknown).apply(target, args); };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: proxy, reads: () => reads };
}

function makeTree(root: string, symlinks: number): void {
  mkdirSync(join(root, 'a', 'links'), { recursive: true });
  writeFileSync(join(root, 'a', 'big.bin'), seededBytes('big', 3 * 1024 * 1024 + 17));
  writeFileSync(join(root, 'a', 'empty'), '');
  writeFileSync(join(root, 'a', 'small.txt'), 'hello\n');
  linkSync(join(root, 'a', 'small.txt'), join(root, 'a', 'hard.txt'));
  const long = join(root, 'a', 'x'.repeat(90), 'y'.repeat(90));
  mkdirSync(long, { recursive: true });
  writeFileSync(join(long, 'z'.repeat(120) + '.dat'), seededBytes('long', 70_000));
  for (let i = 0; i < symlinks; i++) symlinkSync(`../small.txt`, join(root, 'a', 'links', `l${String(i).padStart(5, '0')}`));
  // Sorted after the symlinks: headers inside the spilled framing segment.
  for (let i = 0; i < 3; i++) writeFileSync(join(root, 'a', 'links', `z${i}`), seededBytes(`z${i}`, 5_000 * (i + 1)));
  writeFileSync(join(root, 'a', 'links', 'zz-empty'), '');
}

for (const format of ['pax', 'gnu']) {
  test(`layerFiles (${format}): the oracle's files, file contents read only where framing was spilled`, { timeout: 120_000 }, async () => {
    const work = scratchDir('cairn-layer-files-');
    const store = await openStore(join(work, 'store'), { compressionThreads: 1 });
    try {
      const tree = join(work, 'tree');
      makeTree(tree, 2_500);
      const tar = join(work, 'layer.tar');
      execFileSync('tar', [`--format=${format}`, '--sort=name', '-C', tree, '-cf', tar, '.']);
      const diffId = (await ingest(store, [tar], { name: 'l:1' })).images[0]!.layers[0]!;
      const expected = await oracle(store, diffId);
      assert.equal(expected.length, 8, `${expected.length} regular files`);
      assert.ok(expected.some((f) => f.path.endsWith('.dat') && f.path.length > 300));
      const { store: watched, reads } = counting(store);
      assert.deepEqual(await layerFiles(watched, diffId), expected);
      // The spilled framing is read (its headers must be parsed), the 3 MiB file's content is not.
      const recipe = await store.getLayerRecipe(diffId);
      const listed = new Set(expected.map((f) => f.digest));
      let spilled = 0;
      for await (const s of recipe.segments) if (s.kind === 'file' && s.length > 0 && !listed.has(s.digest)) spilled++;
      assert.ok(spilled >= 1, 'the 2,500 symlink headers were spilled into a file segment');
      assert.equal(reads(), spilled);
    } finally {
      await store.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
}

test('layerFiles: a layer with no spilled framing reads no file content', { timeout: 60_000 }, async () => {
  const work = scratchDir('cairn-layer-files-');
  const store = await openStore(join(work, 'store'), { compressionThreads: 1 });
  try {
    const tree = join(work, 'tree');
    makeTree(tree, 10);
    const tar = join(work, 'layer.tar');
    execFileSync('tar', ['--format=pax', '--sort=name', '-C', tree, '-cf', tar, '.']);
    const diffId = (await ingest(store, [tar], { name: 'l:1' })).images[0]!.layers[0]!;
    const { store: watched, reads } = counting(store);
    assert.deepEqual(await layerFiles(watched, diffId), await oracle(store, diffId));
    assert.equal(reads(), 0);
  } finally {
    await store.close();
    rmSync(work, { recursive: true, force: true });
  }
});
