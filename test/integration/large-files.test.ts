// A directory's large files (above 4 MiB) are read into one reused buffer while they are
// ingested: the store must have copied every byte it keeps before the next piece is read over
// the last. Files just above the threshold, of sizes that are not whole pieces, sharing bytes
// with each other and repeating within themselves (chunks found in the index mid-file), with
// small files between them: the layer exports under its DiffID, GNU tar extracts each file as
// it was, and a deep verify finds every chunk's bytes under its digest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { openStore, ingest, readLayer } from 'cairn';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const MiB = 1 << 20;

test('a directory of large files ingests and exports byte for byte', { timeout: 300_000 }, async () => {
  const dir = scratchDir('cairn-large-files-');
  try {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    const a = seededBytes('large a', 5 * MiB + 123);
    const pattern = seededBytes('large pattern', 100_000);
    const files: Record<string, Uint8Array> = {
      'a.bin': a,
      // Its first 3 MiB are a's: chunks the index already holds, then new ones.
      'b.bin': Buffer.concat([a.subarray(0, 3 * MiB), seededBytes('large b', 6 * MiB + 7)]),
      'c.bin': seededBytes('large c', 4 * MiB + 1),
      'sub/d.bin': Buffer.concat(Array.from({ length: 130 }, () => pattern)),
      'sub/small.txt': seededBytes('small', 3000),
      'z.bin': Buffer.concat([seededBytes('large z', 2 * MiB + 5), a.subarray(MiB, 4 * MiB)]),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(tree, name), bytes);

    const store = await openStore(join(dir, 'store'));
    try {
      const result = await ingest(store, [tree], { name: 'large:1' });
      const diffId = result.images[0]!.layers[0]!;
      const parts: Uint8Array[] = [];
      for await (const part of readLayer(store, diffId)) parts.push(part);
      const layer = Buffer.concat(parts);
      assert.equal(`sha256:${createHash('sha256').update(layer).digest('hex')}`, diffId, 'the exported layer is the one ingested');
      const out = join(dir, 'out');
      mkdirSync(out);
      writeFileSync(join(dir, 'layer.tar'), layer);
      const tar = spawnSync('tar', ['-xf', join(dir, 'layer.tar'), '-C', out], { encoding: 'utf8' });
      assert.equal(tar.status, 0, tar.stderr);
      for (const [name, bytes] of Object.entries(files)) assert.ok(readFileSync(join(out, name)).equals(bytes), `${name} comes back as it was`);
      assert.deepEqual((await store.verify({ deep: true })).problems, []);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
