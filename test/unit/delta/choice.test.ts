// chooseDelta's cheap method choice: sa always; zstd (level 19, costly on large files) only
// when base plus target is small or sa did poorly; every method when they are forced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chooseDelta, decodeDelta } from '../../../src/delta/index.js';
import { SA_POOR_FRACTION, ZSTD_TRIAL_BYTES } from '../../../src/delta/codec.js';

/** Incompressible bytes, the same for a seed: sha256 in counter mode. */
function noise(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i * 32 < length; i++) out.set(createHash('sha256').update(`${seed}:${i}`).digest().subarray(0, Math.min(32, length - i * 32)), i * 32);
  return out;
}

const tried = (c: { candidates: { method: string }[] }) => c.candidates.map((x) => x.method);

test('a large pair that sa encodes well is not tried with zstd', () => {
  const base = noise(1, ZSTD_TRIAL_BYTES);
  const target = base.slice();
  target[1000] ^= 1;
  target[700000] ^= 0x40;
  const chosen = chooseDelta(base, target, { level: 3 });
  assert.deepEqual(tried(chosen), ['sa']);
  assert.deepEqual(decodeDelta(base, chosen.delta), target);
});

test('a small pair is tried both ways', () => {
  const base = noise(2, 100000);
  const target = base.slice();
  target[5] ^= 1;
  assert.deepEqual(tried(chooseDelta(base, target, { level: 3 })), ['sa', 'zstd']);
});

test('a large pair that sa encodes poorly is tried with zstd too', () => {
  const base = noise(3, ZSTD_TRIAL_BYTES);
  const target = noise(4, ZSTD_TRIAL_BYTES);
  const chosen = chooseDelta(base, target, { level: 3 });
  assert.ok(chosen.candidates[0]!.bytes * SA_POOR_FRACTION > target.length);
  assert.deepEqual(tried(chosen), ['sa', 'zstd']);
  assert.deepEqual(decodeDelta(base, chosen.delta), target);
});

test('methods forced by the caller are all tried', () => {
  const base = noise(5, ZSTD_TRIAL_BYTES);
  const target = base.slice(10);
  assert.deepEqual(tried(chooseDelta(base, target, { level: 3, methods: ['sa', 'zstd'] })), ['sa', 'zstd']);
});
