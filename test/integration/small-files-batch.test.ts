// Small files stored in batches (putSmallFilesUncommitted: one lookup, one compression job and
// one append per batch) give what storing each with putFileUncommitted gives: the same digests,
// sizes, chunk counts, new-chunk counts and stored bytes, the same records (so the same pack
// bytes), content that reads back, duplicates stored once, and files already stored not again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { openStore, type Store, type PutFileResult } from 'cairn';
import { parsePackStructure, RecordKind } from '../../src/pack/index.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const tmp = () => scratchDir('cairn-small-');

async function readAll(store: Store, digest: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of store.readFile(digest)) parts.push(p);
  return Buffer.concat(parts);
}

/** Every record in the store's packs but the store-info record (kind, codec, digest, lengths and payload), in a canonical order. */
function records(dir: string): string[] {
  const out: string[] = [];
  for (const sub of readdirSync(join(dir, 'packs'))) {
    for (const f of readdirSync(join(dir, 'packs', sub))) {
      const pack = parsePackStructure(readFileSync(join(dir, 'packs', sub, f)), f.replace(/\.pack$/, ''));
      // Not the store-info record: it names the store, which differs between the two.
      for (const r of pack.records) if (r.kind !== RecordKind.StoreInfo) out.push(`${r.kind} ${r.codec} ${r.digest} ${r.uncompressedLength} ${r.storedLength} ${r.payload.toString('hex')}`);
    }
  }
  return out.sort();
}

function files(): Uint8Array[] {
  const text = Buffer.from('small text that zstd can make smaller: '.repeat(40));
  const list: Uint8Array[] = [new Uint8Array(0), text, seededBytes('a', 100), seededBytes('b', 1), text, seededBytes('c', 5000)];
  for (let i = 0; i < 200; i++) list.push(seededBytes(`many-${i}`, i * 37 % 700));
  list.push(new Uint8Array(0), seededBytes('a', 100));
  return list;
}

const strip = (r: PutFileResult) => ({ digest: r.digest, size: r.size, chunks: r.chunks, newChunks: r.newChunks, storedBytes: r.storedBytes });

test('a batch of small files stores what putFileUncommitted stores, one by one', async () => {
  const a = tmp();
  const b = tmp();
  try {
    const one = await openStore(a, { compressionThreads: 0 });
    const batch = await openStore(b, { compressionThreads: 0 });
    try {
      const input = files();
      assert.ok(input.every((f) => f.length <= batch.smallFileLimit), `limit ${batch.smallFileLimit}`);
      const single: PutFileResult[] = [];
      for (const f of input) single.push(await one.putFileUncommitted([f]));
      await one.drain();
      const batched = await batch.putSmallFilesUncommitted(input);
      await batch.drain();
      assert.deepEqual(batched.map(strip), single.map(strip));
      for (const [i, f] of input.entries()) {
        assert.equal(batched[i]!.digest, 'sha256:' + createHash('sha256').update(f).digest('hex'));
      }
      assert.ok(batched.filter((r) => r.newChunks === 1).length >= 200, 'the batch stored its new chunks');
      assert.equal(batched[4]!.newChunks, 0, 'a duplicate within the batch is stored once');
      assert.equal(batched[4]!.storedBytes, 0);
      await one.commit();
      await batch.commit();
      for (const f of input) assert.deepEqual(await readAll(batch, createHash('sha256').update(f).digest('hex')), Buffer.from(f));

      // The same files again: nothing new, in a batch as one by one.
      const again = await batch.putSmallFilesUncommitted(input);
      assert.ok(again.every((r) => r.newChunks === 0 && r.storedBytes === 0), JSON.stringify(again.find((r) => r.storedBytes > 0)));
      await batch.commit();
      assert.equal((await batch.verify({ deep: true })).problems.length, 0);
    } finally {
      await one.close();
      await batch.close();
    }
    // The same records, byte for byte (their order in the pack may differ).
    const stored = records(b);
    assert.ok(stored.length > 200);
    assert.deepEqual(stored, records(a));
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('a batch on worker threads reads back, and a file over the limit is refused', async () => {
  const dir = tmp();
  try {
    const store = await openStore(dir, { compressionThreads: 2 });
    try {
      const input = files();
      const results = await store.putSmallFilesUncommitted(input);
      await store.commit();
      for (const [i, f] of input.entries()) assert.deepEqual(await readAll(store, results[i]!.digest), Buffer.from(f));
      await assert.rejects(store.putSmallFilesUncommitted([new Uint8Array(store.smallFileLimit + 1)]), RangeError);
      assert.equal((await store.verify({ deep: true })).problems.length, 0);
    } finally {
      await store.close();
    }
    assert.ok(readFileSync(join(dir, 'cairn-store.json')).length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
