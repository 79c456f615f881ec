// The sa diff stream's coding choice (DeltaOptions.diffCoding): by default the smaller of split
// and context-modelled; `split` never picks the modelled coding, whole or in windows, and
// what it makes decodes to the same target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseDelta, decodeDelta, diffCodingsOf, encodeDelta } from '../../../src/delta/index.js';
import { seededBytes } from '../../support/random.js';
import { relinked } from '../../support/relinked.js';

/** Random bytes (a base) and their relinked version (the target), as the codec returns them: plain Uint8Arrays. */
function relinkedPair(length: number): { base: Uint8Array; target: Uint8Array } {
  const base = new Uint8Array(seededBytes('diff-coding', length));
  return { base, target: new Uint8Array(relinked(base)) };
}

test('by default the modelled coding is kept where it is smaller; split only when asked, and it decodes the same', () => {
  const { base, target } = relinkedPair(256 * 1024);
  const smallest = encodeDelta(base, target, { methods: ['sa'], level: 3 });
  const split = encodeDelta(base, target, { methods: ['sa'], level: 3, diffCoding: 'split' });
  assert.deepEqual(diffCodingsOf(smallest), { split: 0, modelled: 1 });
  assert.deepEqual(diffCodingsOf(split), { split: 1, modelled: 0 });
  assert.ok(split.length > smallest.length, `split ${split.length} bytes, modelled ${smallest.length}: the fixture favours the modelled coding`);
  assert.deepEqual(decodeDelta(base, split), target);
  assert.deepEqual(decodeDelta(base, smallest), target);
});

test('windowed deltas: split only asked for holds in every sa window', () => {
  const { base, target } = relinkedPair(512 * 1024);
  const options = { methods: ['windowed'] as const, level: 3, windowBytes: 128 * 1024 };
  const smallest = chooseDelta(base, target, options).delta;
  const split = chooseDelta(base, target, { ...options, diffCoding: 'split' }).delta;
  assert.equal(diffCodingsOf(smallest).modelled, 4, 'each of the four windows is sa with a modelled diff by default');
  assert.deepEqual(diffCodingsOf(split), { split: 4, modelled: 0 });
  assert.deepEqual(decodeDelta(base, split), target);
});

test('a zstd delta has no sa diff stream', () => {
  const { base, target } = relinkedPair(64 * 1024);
  assert.deepEqual(diffCodingsOf(encodeDelta(base, target, { methods: ['zstd'], level: 3 })), { split: 0, modelled: 0 });
});
