/** Records decompress into exactly their recorded length, whatever a damaged frame header claims. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Compressor } from 'zstd-napi';
import { RecordDecompressor } from '../../../src/store/compression.js';
import { splitmix64Bytes } from '../../support/random.js';

/** A zstd frame (RFC 8878 §3.1.1) whose header claims `claimed` bytes, holding one RLE block of `rle` bytes. */
function frameClaiming(claimed: bigint, rle: number): Buffer {
  const fcs = Buffer.alloc(8);
  fcs.writeBigUInt64LE(claimed);
  const blockHeader = 1 | (1 << 1) | (rle << 3); // last block, RLE, size
  return Buffer.concat([
    Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), // magic
    Buffer.from([0xe0]), // Frame_Header_Descriptor: 8-byte content size, single segment
    fcs,
    Buffer.from([blockHeader & 0xff, (blockHeader >> 8) & 0xff, (blockHeader >> 16) & 0xff]),
    Buffer.from([0x61]),
  ]);
}

test('round trip: a record decompresses to its bytes', () => {
  const data = Buffer.concat([Buffer.from(splitmix64Bytes(9n, 5000)), Buffer.alloc(5000)]);
  const compressed = new Compressor().compress(data);
  assert.deepEqual(new RecordDecompressor().decompress(compressed, data.length), data);
  assert.deepEqual(new RecordDecompressor().decompress(frameClaiming(100n, 100), 100), Buffer.alloc(100, 0x61));
});

test('a frame claiming a terabyte is refused without allocating it', () => {
  const d = new RecordDecompressor();
  assert.throws(() => d.decompress(frameClaiming(1n << 40n, 100), 100), (e: Error) => !(e instanceof RangeError));
});

test('a payload that decompresses to another length than recorded is refused', () => {
  const d = new RecordDecompressor();
  assert.throws(() => d.decompress(frameClaiming(100n, 100), 50));
  assert.throws(() => d.decompress(frameClaiming(100n, 100), 150), /expected 150/);
  assert.throws(() => d.decompress(frameClaiming(100n, 100), 0xffffffff), /out of range/);
});
