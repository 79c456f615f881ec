// The zip delta's descriptor runs (docs/bundle.md, "The zip delta"): every kind round-trips,
// runs merge equal neighbours, and a Go level out of range is refused as corrupt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorruptDataError } from '../../../src/errors.js';
import { decodeRuns, encodeRuns, type EntryDescriptor } from '../../../src/zip/descriptor-runs.js';

test('descriptor runs: stored, zlib, stored blocks and go-flate entries round-trip, equal neighbours in one run', () => {
  const descriptors: EntryDescriptor[] = [
    null,
    { impl: 'go-flate', level: 6 },
    { impl: 'go-flate', level: 6 },
    { impl: 'zlib-1.2.13', level: 9, memLevel: 8, windowBits: 15, strategy: 0 },
    { impl: 'go-flate', level: 9 },
    { impl: 'stored', blocks: [[65535, 2], [17, 1]] },
  ];
  const encoded = encodeRuns(descriptors);
  assert.equal(encoded.readUInt16BE(0), 5, 'the two go-flate level 6 entries share a run');
  const { descriptors: back, end } = decodeRuns(encoded, 0, descriptors.length);
  assert.deepEqual(back, descriptors);
  assert.equal(end, encoded.length);
});

test('descriptor runs: a go-flate level Go does not have here is corrupt', () => {
  const encoded = encodeRuns([{ impl: 'go-flate', level: 6 }]);
  encoded[encoded.length - 1] = 10;
  assert.throws(() => decodeRuns(encoded, 0, 1), CorruptDataError);
  assert.throws(() => decodeRuns(encoded.subarray(0, encoded.length - 1), 0, 1), CorruptDataError);
});
