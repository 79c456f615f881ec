// drain() called twice at once: the second call must not return while the chunks the first is
// waiting for are still being compressed (it found the in-flight list emptied by the first and
// returned at once, and a read of those chunks then found them nowhere: apply reads back files
// it has just stored while other reads commit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../../src/index.js';
import { seededBytes } from '../../support/random.js';
import { scratchDir } from '../../support/scratch.js';

test('a second drain at the same time waits for the chunks the first one waits for', async () => {
  const dir = scratchDir('cairn-drain-');
  const data = seededBytes('drain', 4_000_000);
  // The file's chunk digests, from another store that cuts chunks the same way.
  const other = await openStore(join(dir, 'other'));
  const stored = await other.putFile([data]);
  const digests = (await other.getFileRecipe(stored.digest)).chunks.map((c) => c.digest);
  await other.close();
  assert.ok(digests.length > 4, `${digests.length} chunks`);
  const store = await openStore(join(dir, 'store'));
  try {
    await store.putFileUncommitted([data]);
    const first = store.drain();
    await store.drain();
    // Every chunk handed to the compressors is in the open pack now, without a commit.
    const held = await Promise.all(digests.map((d) => store.hasChunk(d)));
    assert.deepEqual(held.filter((h) => !h).length, 0, 'chunks not yet in the pack after the second drain returned');
    await first;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('chunks still being compressed are read back without a drain: the read waits for them and seals the pack', async () => {
  const dir = scratchDir('cairn-drain-');
  const data = seededBytes('pending-read', 4_000_000);
  // The chunk digests from another store (reading this store's recipe would seal its pack first).
  const other = await openStore(join(dir, 'other'));
  const digests = (await other.getFileRecipe((await other.putFile([data])).digest)).chunks.map((c) => c.digest);
  await other.close();
  const store = await openStore(join(dir, 'store'));
  try {
    await store.putFileUncommitted([data]);
    // No drain, no commit: the last chunks are likely still with the compressors.
    const read = await store.readChunks(digests);
    assert.ok(Buffer.concat(read).equals(Buffer.from(data)));
    const rawRead = await store.readChunksStored(digests);
    assert.equal(rawRead.reduce((n, c) => n + c.length, 0), data.length);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
