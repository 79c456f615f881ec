// The aligned rule keeps the mean chunk size near avg: over 256 MiB of seeded random data with
// the defaults, within ±15%; and the kernel's memory does not grow with the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChunker } from 'cairn';
import { seededBytes } from '../../support/random.js';

test('aligned mean chunk size over 256 MiB of seeded random data is within 15% of avg', () => {
  const chunker = createChunker({ mode: 'aligned' });
  const block = 16 << 20;
  let total = 0;
  let chunks = 0;
  let alignedCuts = 0;
  for (let i = 0; i < 16; i++) {
    const data = seededBytes(`mean-${i}`, block);
    for (const cut of chunker.push(data)) {
      chunks++;
      if (cut.end % 4096 === 0) alignedCuts++;
    }
    total += data.length;
    assert.equal(chunker.kernelMemoryBytes, 20 * 65536, 'kernel memory stays at its fixed size');
  }
  chunks += chunker.finish().length;
  const mean = total / chunks;
  console.log(`# aligned mean chunk ${mean.toFixed(0)} B over ${chunks} chunks (avg 65536)`);
  assert.ok(mean > 65536 * 0.85 && mean < 65536 * 1.15, `mean ${mean}`);
  assert.equal(alignedCuts, chunks - 1);
});
