/**
 * The check of a pull's chunks on arrival (src/registry/chunked/arrival.ts): files' digests and
 * sizes against node's own sha256 of their bytes, over random files cut into random chunks,
 * stored zstd or raw, handed over in one run or several, on this thread and on the worker; a
 * file larger than a job spanning jobs; and bad data refused with the chunk named.
 */
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { CorruptDataError } from '../../../src/errors.js';
import { ArrivalChecker, type ArrivalPiece } from '../../../src/registry/chunked/arrival.js';
import { BatchCompressor } from '../../../src/store/compression.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const compressor = new BatchCompressor(3);

/** A chunk as a sender would store it: zstd where that saves, else raw. */
function stored(chunk: Uint8Array, check: boolean): ArrivalPiece {
  const c = compressor.compressWhole(Buffer.from(chunk), false);
  return { bytes: c.zstd ? c.bytes : chunk, zstd: c.zstd, length: chunk.length, ...(check ? { check: sha(chunk) } : {}) };
}

/** Text-like bytes (compressible) or random ones (stored raw). */
const chunkArb = fc.oneof(
  fc.uint8Array({ maxLength: 70_000 }),
  fc.tuple(fc.string({ maxLength: 40 }), fc.integer({ min: 0, max: 3000 })).map(([s, n]) => Buffer.from(s.repeat(n))),
);
/** A file: its chunks, each checked or not, and where (if anywhere) its run of chunks is cut in two. */
const fileArb = fc.record({ chunks: fc.array(fc.tuple(chunkArb, fc.boolean()), { maxLength: 6 }), cut: fc.nat() });

async function run(onWorker: boolean, files: { chunks: [Uint8Array, boolean][]; cut: number }[]): Promise<void> {
  const checker = new ArrivalChecker(onWorker);
  for (const [index, file] of files.entries()) {
    const cut = file.chunks.length > 0 ? file.cut % (file.chunks.length + 1) : 0;
    checker.beginFile(index);
    for (const [i, [chunk, check]] of file.chunks.entries()) {
      if (i === cut && cut > 0) {
        checker.endFile(false);
        checker.beginFile(index);
      }
      await checker.add(stored(chunk, check));
    }
    checker.endFile(true);
  }
  const ended = await checker.settle();
  assert.deepEqual(ended.files, files.map((_, i) => i));
  assert.deepEqual(ended.digests, files.map((f) => sha(Buffer.concat(f.chunks.map(([c]) => c)))));
  assert.deepEqual(ended.sizes, files.map((f) => f.chunks.reduce((n, [c]) => n + c.length, 0)));
}

test('files hashed from their chunks on this thread: every digest and size is sha256 of the bytes', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fileArb, { minLength: 1, maxLength: 4 }), (files) => run(false, files)), { numRuns: 60 });
});

test('the same on the worker', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fileArb, { minLength: 1, maxLength: 4 }), (files) => run(true, files)), { numRuns: 15 });
});

test('a file larger than a job spans jobs on the worker, and settle() answers for each run of files apart', async () => {
  const big = Array.from({ length: 160 }, (_, i) => [i % 2 ? randomBytes(65_536) : Buffer.alloc(65_536, i), true] as [Uint8Array, boolean]);
  const checker = new ArrivalChecker(true);
  checker.beginFile(7);
  for (const [chunk, check] of big) await checker.add(stored(chunk, check));
  checker.endFile(true);
  const first = checker.settle();
  // The next run goes in before the first is answered.
  const small = randomBytes(1000);
  checker.beginFile(8);
  await checker.add(stored(small, true));
  checker.endFile(true);
  const second = checker.settle();
  assert.deepEqual(await first, { files: [7], digests: [sha(Buffer.concat(big.map(([c]) => c)))], sizes: [160 * 65_536] });
  assert.deepEqual(await second, { files: [8], digests: [sha(small)], sizes: [1000] });
});

for (const onWorker of [false, true]) {
  const where = onWorker ? 'on the worker' : 'on this thread';
  test(`a chunk that does not match its digest is refused ${where}, naming the chunk`, async () => {
    const good = randomBytes(5000);
    const bad = { ...stored(Buffer.alloc(20_000, 1), false), check: sha(Buffer.alloc(20_000, 2)) };
    const checker = new ArrivalChecker(onWorker);
    checker.beginFile(0);
    await checker.add(stored(good, true));
    await checker.add(bad);
    checker.endFile(true);
    await assert.rejects(checker.settle(), (error: Error) => error instanceof CorruptDataError && error.message.includes(`chunk sha256:${bad.check} does not match its digest`));
    checker.abandon();
  });

  test(`zstd data that does not decode, or decodes to another length, is refused ${where}`, async () => {
    const chunk = Buffer.alloc(30_000, 'a');
    const piece = stored(chunk, true);
    assert.ok(piece.zstd);
    const broken = Buffer.from(piece.bytes);
    broken[broken.length >> 1] ^= 0xff;
    broken.writeUInt32LE(0, 0); // not a zstd frame any more
    for (const wrong of [{ ...piece, bytes: broken }, { ...piece, length: chunk.length - 1 }]) {
      const checker = new ArrivalChecker(onWorker);
      checker.beginFile(0);
      await checker.add(wrong);
      checker.endFile(true);
      await assert.rejects(checker.settle(), (error: Error) => error instanceof CorruptDataError && /bad zstd data/.test(error.message) && error.message.includes(sha(chunk)));
      checker.abandon();
    }
  });
}
