// Parallel gzip (pigz-style blocks primed with the previous 32 KiB, one member): what it writes
// is one gzip member that node's zlib and GNU gunzip both read back to the input, with the
// input's crc32 and length in its trailer, at about zlib's one-stream size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, gunzipSync, gzipSync } from 'node:zlib';
import { createParallelGzip, GZIP_BLOCK } from '../../src/parallel-gzip.js';
import { seededBytes } from '../support/random.js';

async function pgzip(input: Buffer, pieceSize: number, blockSize?: number): Promise<Buffer> {
  const out: Buffer[] = [];
  const pieces: Buffer[] = [];
  for (let at = 0; at < input.length; at += pieceSize) pieces.push(input.subarray(at, at + pieceSize));
  await pipeline(Readable.from(pieces), createParallelGzip(blockSize ? { blockSize } : {}), new Writable({
    write(chunk: Buffer, _e, done) { out.push(chunk); done(); },
  }));
  return Buffer.concat(out);
}

/** Text-like bytes with long-range repeats, so that blocks that lost their dictionary would show. */
function texty(length: number): Buffer {
  const words = ['layer', 'chunk', 'store', 'recipe', 'digest', 'sha256', 'manifest', 'config', '\n', ' ', 'cairn', '0123'];
  const random = seededBytes('texty', length);
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < length; i++) {
    const w = words[random[i % length]! % words.length]!;
    parts.push(w);
    n += w.length;
  }
  return Buffer.from(parts.join('')).subarray(0, length);
}

test('parallel gzip round-trips through zlib and GNU gunzip at every edge of a block', async () => {
  const sizes = [0, 1, 1000, GZIP_BLOCK - 1, GZIP_BLOCK, GZIP_BLOCK + 1, 3 * GZIP_BLOCK + 12345];
  for (const size of sizes) {
    for (const input of [texty(size), seededBytes(`random-${size}`, size)]) {
      const gz = await pgzip(input, 10_000);
      assert.deepEqual(gunzipSync(gz), input, `zlib, ${size} bytes`);
      const gnu = spawnSync('gzip', ['-dc'], { input: gz, maxBuffer: 1 << 26 });
      assert.equal(gnu.status, 0, gnu.stderr.toString());
      assert.deepEqual(gnu.stdout, input, `GNU gunzip, ${size} bytes`);
      // One member: the header once, and the trailer is the whole input's crc32 and length.
      assert.deepEqual([...gz.subarray(0, 4)], [0x1f, 0x8b, 8, 0]);
      assert.equal(gz.readUInt32LE(gz.length - 8), crc32(input) >>> 0);
      assert.equal(gz.readUInt32LE(gz.length - 4), input.length);
    }
  }
});

test('blocks reach back into the previous block: the size stays near one-stream zlib', async () => {
  const input = texty(2 * 1024 * 1024);
  const parallel = await pgzip(input, 65536);
  const single = gzipSync(input, { level: 6 });
  assert.deepEqual(gunzipSync(parallel), input);
  assert.ok(parallel.length <= single.length * 1.01, `parallel ${parallel.length} vs one stream ${single.length}`);
  // Without the dictionary every block would start cold; with blocks of 32 KiB the cost shows.
  const small = await pgzip(input, 65536, 32 * 1024);
  assert.deepEqual(gunzipSync(small), input);
  assert.ok(small.length <= single.length * 1.02, `32 KiB blocks ${small.length} vs one stream ${single.length}`);
});
