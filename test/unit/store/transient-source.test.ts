// putFile from a source that fills one buffer again for every piece (`transientSource`): the
// store must let go of every view of a piece before it asks for the next. The source scribbles
// over its buffer before each refill, so a chunk kept as a view (in the chunker's pending tail,
// in a batch waiting for its index lookup, in the file hash's first chunk) would be stored
// with the scribble's bytes; the stored file must read back as the content, under its sha256.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { openStore, type Store } from '../../../src/index.js';
import { seededBytes } from '../../support/random.js';
import { scratchDir } from '../../support/scratch.js';

/** `content` in pieces of the given sizes (cycled), each in the same buffer, scribbled over before the next. */
async function* reusingSource(content: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(Math.max(...sizes));
  let at = 0;
  for (let i = 0; at < content.length; i++) {
    const n = Math.min(sizes[i % sizes.length]!, content.length - at);
    buffer.fill(0xee);
    buffer.set(content.subarray(at, at + n));
    at += n;
    yield buffer.subarray(0, n);
  }
  buffer.fill(0xee);
}

async function readBack(store: Store, digest: string): Promise<Buffer> {
  const recipe = await store.getFileRecipe(digest);
  return Buffer.concat(await store.readChunks(recipe.chunks.map((c) => c.digest)));
}

test('a file from a source that reuses its buffer is stored as its content, whatever the pieces', async () => {
  const dir = scratchDir('cairn-transient-');
  const store = await openStore(join(dir, 'store'));
  try {
    // Content with a repeated stretch (chunks found in the index as well as new ones), cut in
    // pieces from a few bytes to a few hundred KiB.
    const base = seededBytes('transient base', 700_000);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 1, max: 400_000 }), { minLength: 1, maxLength: 6 }), fc.boolean(), async (seed, sizes, ownDigest) => {
        const content = Buffer.concat([seededBytes(`transient ${seed}`, 300_000 + (seed % 200_000)), base, seededBytes(`tail ${seed}`, seed % 90_000)]);
        const expected = createHash('sha256').update(content).digest('hex');
        // With and without a caller's digest (without, the store hashes the file itself, its first chunk kept aside).
        const options = ownDigest ? { transientSource: true, digest: async () => expected } : { transientSource: true };
        const stored = await store.putFileUncommitted(reusingSource(content, sizes), options);
        await store.commit();
        assert.equal(stored.digest, `sha256:${expected}`);
        assert.equal(stored.size, content.length);
        assert.ok((await readBack(store, stored.digest)).equals(content), 'the stored file reads back as its content');
      }),
      // Among them, pieces of about one and a half chunks: the file's first chunk lies in the
      // first piece and its second comes only after the next is read.
      { numRuns: 12, seed: 20261207, examples: [[1, [100_000], false], [2, [90_000, 40_000], false], [3, [130_000], true]] },
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
