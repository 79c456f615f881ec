// Byte-exact layers through the whole store: every tar made by the real producers (GNU tar in
// every format, bsdtar, Python, busybox, git archive, tar-stream, archives with missing or extra
// end blocks) and every published tar vector is ingested as a layer, exported by its DiffID and
// compared; `either` vectors may instead fail with a clean BadInputError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { openStore, ingest, readLayer, BadInputError, type Store } from 'cairn';
import { makeTarFixtures } from '../support/tar-fixtures.js';
import { SHARED_VECTORS, sharedVectorsMissing } from '../support/paths.js';
import { scratchDir } from '../support/scratch.js';

async function exported(store: Store, diffId: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of readLayer(store, diffId)) parts.push(p);
  return Buffer.concat(parts);
}

const sha = (b: Uint8Array) => 'sha256:' + createHash('sha256').update(b).digest('hex');

test('tars from every producer round-trip through the store', { timeout: 300_000 }, async () => {
  const set = await makeTarFixtures();
  if (set.skipped.length) console.log(`# producers skipped: ${set.skipped.join('; ')}`);
  const store = await openStore(scratchDir('cairn-rt-'), { compressionThreads: 1 });
  try {
    let roundtrips = 0;
    for (const fixture of set.fixtures) {
      const bytes = readFileSync(fixture.path);
      if (fixture.expect === 'reject') {
        await assert.rejects(ingest(store, [fixture.path]), BadInputError, fixture.name);
        continue;
      }
      const result = await ingest(store, [fixture.path], { name: `fx:${fixture.name}` });
      const diffId = result.images[0]!.layers[0]!;
      assert.equal(diffId, sha(bytes), `${fixture.name}: DiffID`);
      assert.ok((await exported(store, diffId)).equals(bytes), `${fixture.name} (${fixture.command}) comes back identical`);
      roundtrips++;
    }
    assert.ok(roundtrips >= 20, `${roundtrips} producer fixtures round-tripped`);
    assert.equal((await store.verify({ deep: true })).ok, true);
  } finally {
    await store.close();
    set.remove();
  }
});

const skip = sharedVectorsMissing('tar');
if (skip) console.log(`# tar vectors ${skip}`);

test('published tar vectors: roundtrip rows come back identical, either rows fail cleanly or come back identical', { skip, timeout: 300_000 }, async () => {
  const dir = join(SHARED_VECTORS, 'tar');
  const rows = readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
  const work = scratchDir('cairn-vectors-');
  const store = await openStore(join(work, 'store'), { compressionThreads: 1 });
  const outcomes: string[] = [];
  try {
    for (const [file, , , , expectation, diffId] of rows as [string, string, string, string, string, string][]) {
      let input = join(dir, file);
      let plain = readFileSync(input);
      if (file.endsWith('.bz2')) {
        const r = spawnSync('bzip2', ['-dc', input], { maxBuffer: 1 << 28 });
        if (r.status !== 0) {
          outcomes.push(`${file}: bzip2 unavailable, raw input refused`);
        } else {
          plain = r.stdout;
          input = join(work, file.replace(/\.bz2$/, ''));
          writeFileSync(input, plain);
        }
      } else if (file.endsWith('.gz') || plain.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))) {
        plain = gunzipSync(plain);
      }
      const started = Date.now();
      try {
        const result = await ingest(store, [input]);
        const got = result.images[0]!.layers[0]!;
        assert.equal(got, diffId, `${file}: DiffID`);
        assert.ok((await exported(store, got)).equals(plain), `${file}: identical`);
        outcomes.push(`${file}: round-trip`);
      } catch (error) {
        assert.equal(expectation, 'either', `${file} must round-trip: ${(error as Error).message}`);
        assert.ok(error instanceof BadInputError, `${file}: ${String(error)}`);
        outcomes.push(`${file}: refused (${(error as Error).message})`);
      }
      assert.ok(Date.now() - started < 10_000, `${file} in bounded time`);
    }
    console.log(outcomes.map((o) => `# ${o}`).join('\n'));
    assert.equal((await store.verify({ deep: true })).ok, true);
  } finally {
    await store.close();
  }
});
