/** One digest form: the store returns `sha256:<hex>` and accepts that or bare hex. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test('chunk reads take a digest in either form', async () => {
  const dir = scratchDir('cairn-digests-');
  const data = seededBytes('digest-forms', 200_000);
  const store = await openStore(dir, { compressionThreads: 0 });
  try {
    const put = await store.putFile([data]);
    assert.equal(put.digest, 'sha256:' + sha(data));
    const refs = (await store.getFileRecipe(put.digest)).chunks;
    let at = 0;
    for (const ref of refs) {
      const expected = data.subarray(at, at + ref.length);
      at += ref.length;
      const hex = sha(expected);
      assert.deepEqual(await store.readChunk(hex), expected);
      assert.deepEqual(await store.readChunk('sha256:' + hex), expected);
      assert.deepEqual(await store.readChunksUnchecked(['sha256:' + hex, hex]), [expected, expected]);
    }
    assert.equal(at, data.length);
    assert.equal((await store.stat(sha(data))).digest, put.digest);
  } finally {
    await store.close();
  }
});
