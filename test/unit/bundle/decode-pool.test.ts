// Apply's delta decoding: a base handed over as the store's chunks as stored (zstd and raw,
// decompressed where the delta is decoded) rebuilds the same target inline and on a worker; a
// stored chunk that does not decompress names the base as the store's corrupt file, both ways;
// and small delta totals start no worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { zstdCompress } from '../../../src/delta/zstd.js';
import { CorruptDataError } from '../../../src/errors.js';
import { baseContent, type DecodeJob, type StoredBase } from '../../../src/bundle/decode-job.js';
import { DecodePool, INLINE_BYTES, decodeThreads } from '../../../src/bundle/decode-pool.js';
import { fileDelta } from '../../../src/bundle/file-delta.js';
import { repetitiveBytes as file } from '../../support/random.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');


/** `bytes` cut into chunks of `size`, every other one zstd (as a store holds compressible and incompressible chunks). */
function stored(bytes: Uint8Array, size: number): StoredBase {
  const payloads: Uint8Array[] = [];
  const chunks: number[] = [];
  for (let at = 0, k = 0; at < bytes.length; at += size, k++) {
    const chunk = bytes.subarray(at, at + size);
    const payload = k % 2 === 0 ? zstdCompress(chunk, { level: 3 }) : chunk;
    payloads.push(payload);
    chunks.push(payload.length, chunk.length, k % 2 === 0 ? 1 : 0);
  }
  return { payloads: Buffer.concat(payloads), chunks, size: bytes.length };
}

function job(base: StoredBase, baseBytes: Uint8Array, target: Uint8Array): DecodeJob {
  const delta = fileDelta(baseBytes, target, 3, false, true);
  return { via: 'delta', base, baseDigest: sha(baseBytes), delta: delta.raw ?? delta.blob, digest: sha(target), size: target.length };
}

test('a stored base decompresses to the base, zstd and raw chunks alike', () => {
  const base = file(7, 50_000);
  assert.deepEqual(new Uint8Array(baseContent(stored(base, 4096), sha(base))), base);
});

test('a delta on a stored base rebuilds its target inline and on a worker', async () => {
  const base = file(1, 200_000);
  const target = base.slice();
  target.set(Buffer.from('a few changed bytes'), 120_000);
  for (const threads of [0, 1]) {
    const pool = new DecodePool(threads);
    try {
      assert.equal(pool.threads, threads);
      const out = await pool.decode(job(stored(base, 8192), base, target));
      assert.equal(sha(out), sha(target), `threads ${threads}`);
    } finally {
      await pool.close();
    }
  }
});

test('a stored chunk of the base that does not decompress names the base as corrupt, inline and on a worker', async () => {
  const base = file(2, 100_000);
  const target = base.slice();
  target[5000] ^= 0xff;
  for (const threads of [0, 1]) {
    const damaged = stored(base, 8192);
    damaged.payloads[damaged.chunks[0]! - 1] ^= 0xff; // the first chunk's zstd frame, near its end
    damaged.payloads[4] ^= 0xff; // and its frame header
    const pool = new DecodePool(threads);
    try {
      await assert.rejects(pool.decode(job(damaged, base, target)), (error: unknown) => {
        assert.ok(error instanceof CorruptDataError, String(error));
        assert.match(error.message, new RegExp(`file sha256:${sha(base)} \\(a delta base\\) is corrupt`));
        return true;
      });
    } finally {
      await pool.close();
    }
  }
});

test('deltas whose targets are small decode inline; larger totals get a worker, two at most', () => {
  assert.equal(decodeThreads(0), 0);
  assert.equal(decodeThreads(INLINE_BYTES), 0);
  assert.equal(decodeThreads(Number.NaN), 0);
  assert.equal(decodeThreads(INLINE_BYTES + 1, 8), 1);
  assert.equal(decodeThreads(10 * INLINE_BYTES, 8), 2);
  assert.equal(decodeThreads(10 * INLINE_BYTES, 1), 1);
});
