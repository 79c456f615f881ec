/**
 * Writes test/unit/chunker/aligned-vectors.json from the reference rendering of the aligned
 * rule (test/support/reference-chunkers.ts), not from the kernel. Run by hand only when the
 * rule's version changes:  node dist-test/test/support/make-aligned-vectors.js
 */
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { splitmix64Bytes } from './random.js';
import { referenceAligned } from './reference-chunkers.js';
import { TEST_SOURCE } from './paths.js';

const cases = [
  { id: 'defaults-seed1-4MiB', seed: 1n, length: 4 << 20, params: { min: 16384, avg: 65536, max: 262144, align: 4096, normalization: 1 } },
  { id: 'small-seed2-1MiB-nc0', seed: 2n, length: 1 << 20, params: { min: 4096, avg: 16384, max: 65536, align: 4096, normalization: 0 } },
  { id: 'small-seed3-1MiB-nc3', seed: 3n, length: (1 << 20) + 777, params: { min: 4096, avg: 16384, max: 65536, align: 4096, normalization: 3 } },
  { id: 'align512-seed4-gearseed', seed: 4n, length: 600000, params: { min: 2048, avg: 8192, max: 32768, align: 512, normalization: 2, seed: 666n } },
];

const vectors = cases.map((c) => {
  const data = splitmix64Bytes(c.seed, c.length);
  const ends = referenceAligned(data, c.params);
  let start = 0;
  const chunks = ends.map((end) => {
    const chunk = { offset: start, length: end - start, sha256: createHash('sha256').update(data.subarray(start, end)).digest('hex') };
    start = end;
    return chunk;
  });
  return {
    id: c.id,
    input: { generator: 'splitmix64, outputs little-endian', seed: c.seed.toString(), length: c.length },
    params: { ...c.params, seed: (c.params as { seed?: bigint }).seed?.toString() ?? '0' },
    chunks,
  };
});
writeFileSync(join(TEST_SOURCE, 'unit', 'chunker', 'aligned-vectors.json'), JSON.stringify({ rule: 'cairn-aligned v1 (docs/aligned-chunking.md)', vectors }, null, 1) + '\n');
console.log(vectors.map((v) => `${v.id}: ${v.chunks.length} chunks`).join('\n'));
