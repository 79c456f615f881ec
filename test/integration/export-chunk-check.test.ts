/**
 * `export layer` to a pipe never emits a byte of a chunk that fails its check: each chunk is
 * checked against its digest before it is written, not only the whole tar against the DiffID.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Codec, RecordKind, parsePackStructure } from '../../src/pack/index.js';
import { openStore } from '../../src/store/index.js';
import { listPackFiles, storeLayout } from '../../src/store/layout.js';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { gnuTarOf } from '../support/cli.js';
import { scratchDir } from '../support/scratch.js';

test('export layer to a pipe stops before a chunk whose bytes were flipped, and exits 4', async () => {
  const dir = scratchDir('cairn-export-check-');
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  // Random (incompressible) content: chunks are stored raw, so a flipped byte survives decompression.
  for (let i = 0; i < 6; i++) writeFileSync(join(tree, `f${i}`), seededBytes(`export-check-${i}`, 200_000));
  const tar = join(dir, 'layer.tar');
  const { tarBytes, diffId } = gnuTarOf(tree, tar);
  const store = join(dir, 'store');
  const ingested = spawnSync(process.execPath, [CLI, '--store', store, 'ingest', tar, '--name', 'check:1'], { encoding: 'utf8' });
  assert.equal(ingested.status, 0, ingested.stderr);

  // The first chunk of the fourth file, and where its bytes start in the tar.
  const opened = await openStore(store);
  let target: { hex: string; offset: number } | undefined;
  try {
    const recipe = await opened.getLayerRecipe(diffId);
    let offset = 0;
    let files = 0;
    for await (const segment of recipe.segments) {
      if (segment.kind === 'framing') {
        offset += segment.bytes.length;
        continue;
      }
      if (++files === 4) {
        target = { hex: (await opened.getFileRecipe(segment.digest)).chunks[0]!.digest, offset };
        break;
      }
      offset += segment.length;
    }
  } finally {
    await opened.close();
  }
  assert.ok(target, 'the layer has a fourth file');
  assert.ok(target.offset > 500_000, 'the bad chunk is well inside the tar');

  // Flip one byte of that chunk's payload in its pack.
  const bad = target.hex;
  let flipped = false;
  for (const [id, path] of await listPackFiles(storeLayout(store))) {
    const bytes = readFileSync(path);
    const record = parsePackStructure(bytes, id).records.find((r) => r.kind === RecordKind.Chunk && r.digest === bad);
    if (!record) continue;
    assert.equal(record.codec, Codec.Raw, 'the chunk is stored raw');
    bytes[record.offset + 44 + 100] ^= 0x01;
    writeFileSync(path, bytes);
    flipped = true;
  }
  assert.ok(flipped, 'found the chunk in a pack');

  const exported = spawnSync(process.execPath, [CLI, '--store', store, 'export', 'layer', diffId], { maxBuffer: 1 << 26 });
  assert.equal(exported.status, 4, exported.stderr.toString());
  assert.match(exported.stderr.toString(), new RegExp(`chunk sha256:${target.hex}.*corrupt`));
  assert.ok(exported.stdout.length <= target.offset, `output ${exported.stdout.length} bytes, the bad chunk starts at ${target.offset}`);
  // What was written is the tar's own prefix.
  assert.ok(exported.stdout.equals(tarBytes.subarray(0, exported.stdout.length)));
});
