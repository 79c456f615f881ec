// cairn's own known answers for the aligned rule: seeded SplitMix64 inputs, expected offsets and
// sha256 of every chunk, written by test/support/make-aligned-vectors.ts from the reference
// rendering of docs/aligned-chunking.md. A change that moves any cut point fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { cutBuffer } from 'cairn';
import { splitmix64Bytes } from '../../support/random.js';
import { TEST_SOURCE } from '../../support/paths.js';

const doc = JSON.parse(readFileSync(join(TEST_SOURCE, 'unit', 'chunker', 'aligned-vectors.json'), 'utf8'));

test('splitmix64 generator is the published one', () => {
  // First output for seed 0 (Vigna's reference splitmix64.c): 0xe220a8397b1dcdaf.
  const bytes = splitmix64Bytes(0n, 8);
  assert.equal(Buffer.from(bytes).readBigUInt64LE(0), 0xe220a8397b1dcdafn);
});

for (const v of doc.vectors) {
  test(`aligned known answers: ${v.id}`, () => {
    const data = splitmix64Bytes(BigInt(v.input.seed), v.input.length);
    const cuts = cutBuffer(data, { mode: 'aligned', ...v.params, seed: BigInt(v.params.seed) });
    assert.ok(v.chunks.length > 3, 'vector has several chunks');
    assert.equal(cuts.length, v.chunks.length, 'chunk count');
    let start = 0;
    cuts.forEach((cut, i) => {
      const want = v.chunks[i];
      assert.equal(start, want.offset, `chunk ${i} offset`);
      assert.equal(cut.end - start, want.length, `chunk ${i} length`);
      assert.equal(createHash('sha256').update(data.subarray(start, cut.end)).digest('hex'), want.sha256, `chunk ${i} sha256`);
      if (i < cuts.length - 1) assert.equal(cut.end % v.params.align, 0, `chunk ${i} ends aligned`);
      start = cut.end;
    });
  });
}
