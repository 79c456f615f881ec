// The sa diff stream's coding choice (DeltaOptions.diffCoding): by default the smaller of split
// and context-modelled; `split` never picks the modelled coding, whole or in windows, and
// what it makes decodes to the same target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chooseDelta, decodeDelta, diffCodingsOf, encodeDelta } from '../../../src/delta/index.js';

/** Incompressible bytes, the same for a seed: sha256 in counter mode. */
function noise(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i * 32 < length; i++) out.set(createHash('sha256').update(`${seed}:${i}`).digest().subarray(0, Math.min(32, length - i * 32)), i * 32);
  return out;
}

/**
 * A relinked executable in miniature: the byte after every byte below 16 (opcodes of calls,
 * say, one byte in 16) moves by 5. The modelled coding predicts those bytes from the base byte
 * before them; the split coding spells out each gap, which is random (measured: 6,386 bytes
 * modelled against 11,524 split for 256 KiB at level 3).
 */
function relinked(length: number): { base: Uint8Array; target: Uint8Array } {
  const base = noise(11, length);
  const target = base.slice();
  for (let i = 0; i + 1 < length; i++) if (base[i]! < 16) target[i + 1] = (base[i + 1]! + 5) & 0xff;
  return { base, target };
}

test('by default the modelled coding is kept where it is smaller; split only when asked, and it decodes the same', () => {
  const { base, target } = relinked(256 * 1024);
  const smallest = encodeDelta(base, target, { methods: ['sa'], level: 3 });
  const split = encodeDelta(base, target, { methods: ['sa'], level: 3, diffCoding: 'split' });
  assert.deepEqual(diffCodingsOf(smallest), { split: 0, modelled: 1 });
  assert.deepEqual(diffCodingsOf(split), { split: 1, modelled: 0 });
  assert.ok(split.length > smallest.length, `split ${split.length} bytes, modelled ${smallest.length}: the fixture favours the modelled coding`);
  assert.deepEqual(decodeDelta(base, split), target);
  assert.deepEqual(decodeDelta(base, smallest), target);
});

test('windowed deltas: split only asked for holds in every sa window', () => {
  const { base, target } = relinked(512 * 1024);
  const options = { methods: ['windowed'] as const, level: 3, windowBytes: 128 * 1024 };
  const smallest = chooseDelta(base, target, options).delta;
  const split = chooseDelta(base, target, { ...options, diffCoding: 'split' }).delta;
  assert.equal(diffCodingsOf(smallest).modelled, 4, 'each of the four windows is sa with a modelled diff by default');
  assert.deepEqual(diffCodingsOf(split), { split: 4, modelled: 0 });
  assert.deepEqual(decodeDelta(base, split), target);
});

test('a zstd delta has no sa diff stream', () => {
  const { base, target } = relinked(64 * 1024);
  assert.deepEqual(diffCodingsOf(encodeDelta(base, target, { methods: ['zstd'], level: 3 })), { split: 0, modelled: 0 });
});
