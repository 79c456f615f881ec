// storeLayer keeps batches of small files in flight while the store compresses and appends
// them; what they hold must be bounded in bytes (their files, their tar headers and the objects
// describing each file), not in batches: 8 batches of 1,024 empty files held 8 MiB of headers
// and objects, and the 200,000-file ingest peaked above its 300 MiB bound. A store slower than
// the reading (each batch's answer held back a little) fills the pipeline to its bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../../../src/index.js';
import { storeLayer } from '../../../src/ingest/index.js';
import { tarLayerParts } from '../../../src/ingest/layer-parts.js';
import { fileStream } from '../../../src/file-stream.js';
import { scratchDir } from '../../support/scratch.js';

const FILES = 12_000;
/** The bound: 4 MiB in flight, an empty file counted as 1 KiB (its 512-byte header and its objects), plus the batch being handed over. */
const MAX_FILES_IN_FLIGHT = (4 << 20) / 1024 + 1024;

test('batches of empty files in flight stay within the byte bound when the store is slower than the reading', async () => {
  const dir = scratchDir('cairn-layer-memory-');
  try {
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    for (let i = 0; i < FILES; i++) writeFileSync(join(tree, `f${String(i).padStart(5, '0')}`), '');
    const tar = join(dir, 'layer.tar');
    const made = spawnSync('tar', ['--sort=name', '-C', tree, '-cf', tar, '.'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);

    const store = await openStore(join(dir, 'store'));
    try {
      let inFlight = 0;
      let peak = 0;
      const real = store.putSmallFilesUncommitted.bind(store);
      store.putSmallFilesUncommitted = async (files) => {
        inFlight += files.length;
        peak = Math.max(peak, inFlight);
        try {
          const results = await real(files);
          await sleep(20);
          return results;
        } finally {
          inFlight -= files.length;
        }
      };
      const { stats } = await storeLayer(store, tarLayerParts(fileStream(tar)));
      assert.equal(stats.files, FILES, 'every file is stored');
      assert.ok(peak > 1024, `the pipeline filled beyond one batch (${peak} files)`);
      assert.ok(peak <= MAX_FILES_IN_FLIGHT, `${peak} empty files in flight at once, at most ${MAX_FILES_IN_FLIGHT}`);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
