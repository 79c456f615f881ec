/**
 * The rootfs writer reads chunks from their packs itself ('chunk-at', src/disk/runner.ts):
 * the bytes it reads and decompresses make the layer hash, a record whose header does not match
 * the index is named, and so is a pack that is gone. Real packs from a real store.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Store } from '../../../src/index.js';
import type { LocatedChunk } from '../../../src/store/index.js';
import { DiskOpRunner } from '../../../src/disk/runner.js';
import type { DiskOp, DiskReply } from '../../../src/disk/ops.js';
import { seededBytes } from '../../support/random.js';
import { scratchDir } from '../../support/scratch.js';

const dir = scratchDir('cairn-pack-reads-');
after(() => rmSync(dir, { recursive: true, force: true }));

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `line ${i % 97} of a compressible file\n`).join(''));
const random = seededBytes('pack-reads-random', 300_000);

async function located(store: Store, bytes: Uint8Array): Promise<LocatedChunk[]> {
  const recipe = await store.getFileRecipe(`sha256:${sha(bytes)}`);
  const found = await store.locateChunks(recipe.chunks.map((c) => c.digest));
  return found.map((chunk) => {
    assert.ok(!('payload' in chunk), 'a chunk of a sealed pack comes located');
    return chunk;
  });
}

function runOps(ops: DiskOp[]): DiskReply {
  return new DiskOpRunner().run({ id: 0, ops, data: new ArrayBuffer(0) });
}

const chunkAt = (chunk: LocatedChunk, over: Partial<Extract<DiskOp, { op: 'chunk-at' }>> = {}): DiskOp =>
  ({ op: 'chunk-at', file: -1, position: 0, packFile: chunk.path, location: chunk.location, hex: chunk.hex, ...over });

test('chunk-at: raw and zstd records read from their packs hash to the files they make', async () => {
  const store = await openStore(join(dir, 'store'));
  try {
    await store.putFile([text]);
    await store.putFile([random]);
    await store.commit();
    for (const bytes of [text, random]) {
      const chunks = await located(store, bytes);
      const reply = runOps([...chunks.map((c) => chunkAt(c)), { op: 'end-layer', diffId: `sha256:${sha(bytes)}`, length: bytes.length }]);
      assert.deepEqual({ ok: reply.ok, message: reply.ok ? undefined : reply.message }, { ok: true, message: undefined });
    }
    const codecs = new Set([...(await located(store, text)), ...(await located(store, random))].map((c) => c.location.codec));
    assert.equal(codecs.size, 2, 'both raw and zstd records were read');
    // The same chunks against the wrong length: the layer check fails (the reads were real).
    const chunks = await located(store, text);
    const wrong = runOps([...chunks.map((c) => chunkAt(c)), { op: 'end-layer', diffId: `sha256:${sha(text)}`, length: text.length + 1 }]);
    assert.equal(wrong.ok, false);
  } finally {
    await store.close();
  }
});

test('chunk-at: a record header that does not match the index, and a pack that is gone, are named', async () => {
  const store = await openStore(join(dir, 'store'));
  try {
    const [chunk] = await located(store, random);
    const otherHex = 'ab'.repeat(32);
    const mismatch = runOps([chunkAt(chunk!, { hex: otherHex })]);
    assert.equal(mismatch.ok, false);
    if (!mismatch.ok) {
      assert.equal(mismatch.code, 'CAIRN_CORRUPT');
      assert.match(mismatch.message, new RegExp(`pack ${chunk!.location.pack}: record header at offset ${chunk!.location.offset} does not match the index for ${otherHex}`));
    }
    const gone = runOps([chunkAt(chunk!, { packFile: join(dir, 'no-such.pack') })]);
    assert.equal(gone.ok, false);
    if (!gone.ok) {
      assert.equal(gone.code, 'CAIRN_CORRUPT');
      assert.match(gone.message, new RegExp(`pack ${chunk!.location.pack} is missing`));
      assert.equal(gone.digest, `sha256:${chunk!.hex}`);
    }
  } finally {
    await store.close();
  }
});
