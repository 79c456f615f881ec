// zstd compression on a worker thread (src/zstd-stream.ts) gives the bytes zstd-napi's
// CompressStream gives on the calling thread, whatever the input and however it is cut into
// pieces: the original zstd blobs cairn rebuilds (reblob) and confirms depend on it. Checked
// against CompressStream, against zstd's own decoder, and for a stream destroyed half way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { CompressStream, decompress } from 'zstd-napi';
import { createZstdStream, INLINE_BYTES, type ZstdStreamParameters } from '../../src/zstd-stream.js';
import { seededBytes } from '../support/random.js';

/** Everything `stage` emits for `pieces`. */
async function run(stage: Transform, pieces: readonly Uint8Array[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces.map((p) => Buffer.from(p))), stage, async function* (source: AsyncIterable<Buffer>) {
    for await (const piece of source) out.push(piece);
  });
  return Buffer.concat(out);
}

/** Text-like bytes that compress (words from a small vocabulary, seeded), `length` long. */
function compressible(seed: string, length: number): Buffer {
  const noise = seededBytes(seed, length);
  const words = ['layer', 'chunk', 'recipe', 'cairn', 'store', 'pack', 'delta', 'image', '\n', ' ', 'sha256:'];
  const out = Buffer.alloc(length);
  let at = 0;
  for (let i = 0; at < length; i++) at += out.write(words[noise[i % noise.length]! % words.length]!, at);
  return out;
}

/** `data` cut at the given fractions. */
function cut(data: Buffer, fractions: readonly number[]): Buffer[] {
  const points = [...new Set(fractions.map((f) => Math.floor(f * data.length)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const p of [...points, data.length]) {
    if (p > from) pieces.push(data.subarray(from, p));
    from = Math.max(from, p);
  }
  return pieces;
}

test('the same bytes as CompressStream: long streams (on the worker) and short ones (inline), levels and frame flags', async () => {
  const cases: [string, Buffer, ZstdStreamParameters][] = [
    ['empty', Buffer.alloc(0), { compressionLevel: 3 }],
    ['short text', compressible('short', 100_000), { compressionLevel: 3 }],
    ['just under the inline bound', compressible('under', INLINE_BYTES - 1), { compressionLevel: 3 }],
    ['text, 3 times the bound', compressible('text', 3 * INLINE_BYTES + 12_345), { compressionLevel: 3 }],
    ['noise and text, level 1, checksum', Buffer.concat([seededBytes('noise', INLINE_BYTES), compressible('after', INLINE_BYTES)]), { compressionLevel: 1, checksumFlag: true }],
    ['text, level 9, no content size', compressible('nine', 2 * INLINE_BYTES), { compressionLevel: 9, contentSizeFlag: false }],
  ];
  for (const [what, data, parameters] of cases) {
    const pieces = cut(data, [0.1, 0.11, 0.5, 0.77]);
    const expected = await run(new CompressStream(parameters), pieces);
    const got = await run(createZstdStream(parameters), pieces);
    assert.ok(got.equals(expected), `${what}: ${got.length} bytes against CompressStream's ${expected.length}`);
    if (data.length > 0) assert.ok(decompress(got).equals(data), `${what}: does not decompress to its input`);
  }
});

test('property: any input cut anywhere, on either side of the inline bound, gives CompressStream\'s bytes', async () => {
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 0, max: 2 * INLINE_BYTES }),
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
    fc.constantFrom(1, 3, 5),
    fc.string({ minLength: 1, maxLength: 8 }),
    async (length, fractions, level, seed) => {
      const data = length % 2 ? compressible(seed, length) : Buffer.concat([compressible(seed, length >> 1), seededBytes(seed, length - (length >> 1))]);
      const pieces = cut(data, fractions);
      const expected = await run(new CompressStream({ compressionLevel: level }), pieces);
      const got = await run(createZstdStream({ compressionLevel: level }), pieces);
      assert.ok(got.equals(expected), `${length} bytes in ${pieces.length} pieces at level ${level}`);
    },
  ), { numRuns: 40 });
});

test('the zstd command reads what the worker wrote', { skip: spawnSync('zstd', ['--version']).status !== 0 && 'zstd is not installed' }, async () => {
  const data = compressible('cli', 3 * INLINE_BYTES);
  const got = await run(createZstdStream({ compressionLevel: 3, checksumFlag: true }), cut(data, [0.3, 0.6]));
  const zstd = spawnSync('zstd', ['-d', '-c'], { input: got, maxBuffer: 1 << 26 });
  assert.equal(zstd.status, 0, zstd.stderr.toString());
  assert.ok(zstd.stdout.equals(data));
});

test('a stream destroyed half way ends, and the next stream on the worker is whole', async () => {
  const data = compressible('destroyed', 3 * INLINE_BYTES);
  const stream = createZstdStream({ compressionLevel: 3 });
  stream.resume();
  stream.write(data.subarray(0, 2 * INLINE_BYTES));
  await new Promise((r) => setImmediate(r));
  stream.on('error', () => undefined);
  const closed = new Promise((resolve) => stream.on('close', resolve));
  stream.destroy(new Error('consumer went away'));
  await closed;
  const pieces = cut(data, [0.5]);
  assert.ok((await run(createZstdStream({ compressionLevel: 3 }), pieces)).equals(await run(new CompressStream({ compressionLevel: 3 }), pieces)));
});
