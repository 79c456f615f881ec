/** A damaged index location is a corrupt-data error naming the chunk, never a RangeError or a huge allocation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Level } from 'level';
import { CorruptDataError } from '../../src/errors.js';
import { openStore } from '../../src/store/index.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

async function readAll(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p);
  return Buffer.concat(parts);
}

test('a chunk location with a 4 GiB length in the index reads as CorruptDataError', async () => {
  const dir = scratchDir('cairn-bounds-');
  const data = seededBytes('bounds', 300_000);
  let store = await openStore(dir, { compressionThreads: 0 });
  const put = await store.putFile([data]);
  const chunk = (await store.getFileRecipe(put.digest)).chunks[0]!.digest;
  await store.close();

  const db = new Level<string, Uint8Array>(join(dir, 'index'), { keyEncoding: 'utf8', valueEncoding: 'view' });
  const key = `o:1:${chunk}`;
  const location = Buffer.from((await db.get(key))!);
  location.writeUInt32LE(0xfffffff0, 36); // stored length
  await db.put(key, location);
  await db.close();

  store = await openStore(dir, { compressionThreads: 0 });
  try {
    await assert.rejects(readAll(store.readFile(put.digest)), (e: Error) => e instanceof CorruptDataError && /out of range/.test(e.message));
    await assert.rejects(store.readChunksUnchecked([chunk]), CorruptDataError);
  } finally {
    await store.close();
  }
});
