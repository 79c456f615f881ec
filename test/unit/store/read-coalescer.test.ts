// Small record reads wait and go out together; each caller gets its own records back, in
// order; a large read goes out alone at once; a failing batch fails every caller in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Codec, RecordKind, type RecordLocation } from '../../../src/pack/index.js';
import { ReadCoalescer, type Wanted } from '../../../src/store/read-coalescer.js';

const wanted = (hex: string, length: number): Wanted => ({
  hex, location: { pack: 'p', offset: 64, kind: RecordKind.Chunk, codec: Codec.Zstd, storedLength: 10, uncompressedLength: length } satisfies RecordLocation,
});

test('small reads are gathered, large ones go alone, each caller gets its own records', async () => {
  const batches: string[][] = [];
  const coalescer = new ReadCoalescer(async (w) => {
    batches.push(w.map((x) => x.hex));
    return w.map((x) => Buffer.from(x.hex));
  }, 1000);
  const reads = [
    coalescer.read([wanted('a', 100), wanted('b', 100)]),
    coalescer.read([wanted('big', 5000)]),
    coalescer.read([wanted('c', 100)]),
  ];
  const got = await Promise.all(reads);
  assert.deepEqual(got.map((records) => records.map((r) => r.toString())), [['a', 'b'], ['big'], ['c']]);
  assert.deepEqual(batches, [['big'], ['a', 'b', 'c']]);
  // Reads that add up to the batch size go out without waiting for the turn to end.
  batches.length = 0;
  const full = await Promise.all([coalescer.read([wanted('d', 600)]), coalescer.read([wanted('e', 600)])]);
  assert.deepEqual(full.map((records) => records.map((r) => r.toString())), [['d'], ['e']]);
  assert.deepEqual(batches, [['d', 'e']]);
});

test('a failing batch rejects every read in it', async () => {
  const coalescer = new ReadCoalescer(async () => {
    throw new Error('damaged');
  }, 1000);
  const results = await Promise.allSettled([coalescer.read([wanted('a', 1)]), coalescer.read([wanted('b', 1)])]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
});
