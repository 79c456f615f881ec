// Property tests over seeded random inputs: the streaming kernel equals the whole-buffer
// reference renderings, cut points do not depend on how the input is split into buffers, and
// chunks are contiguous, non-empty, within bounds and cover the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createChunker, readChunks, type ChunkingMode } from 'cairn';
import { referenceAligned, referenceFastcdc } from '../support/reference-chunkers.js';
import { prng, seededBytes } from '../support/random.js';

const SEED = Number(process.env['CAIRN_TEST_SEED'] ?? 20261123);
console.log(`# property seed ${SEED} (set CAIRN_TEST_SEED to replay)`);

/** Splits data into pieces whose sizes follow one of several patterns. */
function split(data: Uint8Array, pattern: number, rnd: () => number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let at = 0;
  while (at < data.length) {
    let size: number;
    switch (pattern) {
      case 0: size = 1; break;
      case 1: size = 1 + Math.floor(rnd() * 7); break;
      case 2: size = 1 + Math.floor(rnd() * 100000); break;
      case 3: size = (1 << 20) + 1; break; // larger than the kernel window
      default: size = 4095 + Math.floor(rnd() * 3);
    }
    pieces.push(data.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

// Small parameters so that many chunks and every branch (forced max cuts, phase switches,
// pairs split across buffers) occur in inputs of a few hundred KiB.
const paramsArb = fc.record({
  mode: fc.constantFrom<ChunkingMode>('aligned', 'fastcdc'),
  minLog: fc.integer({ min: 8, max: 12 }),
  avgFactorLog: fc.integer({ min: 0, max: 3 }),
  maxFactorLog: fc.integer({ min: 0, max: 3 }),
  alignLog: fc.integer({ min: 6, max: 8 }),
  normalization: fc.integer({ min: 0, max: 3 }),
  oddMin: fc.boolean(),
});

type RawParams = typeof paramsArb extends fc.Arbitrary<infer T> ? T : never;

function paramsFrom(r: RawParams) {
  const min = 1 << r.minLog;
  const avg = min << r.avgFactorLog;
  const max = Math.max(avg << r.maxFactorLog, 1024);
  if (r.mode === 'aligned') return { mode: r.mode, min, avg, max, align: 1 << r.alignLog, normalization: r.normalization };
  // fastcdc takes any sizes; odd ones exercise the pair bounds.
  return { mode: r.mode, min: r.oddMin ? min + 1 : min, avg: r.oddMin ? avg + 3 : avg, max: r.oddMin ? max + 5 : max, align: 4096, normalization: r.normalization };
}

test('streaming cut points equal the reference whatever the split', () => {
  fc.assert(
    fc.property(paramsArb, fc.integer({ min: 0, max: 400000 }), fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 4 }), fc.boolean(), (raw, length, dataSeed, pattern, lowEntropy) => {
      const p = paramsFrom(raw);
      let data: Uint8Array = seededBytes(dataSeed, length);
      if (lowEntropy) data = data.map((b) => (b < 250 ? 0 : b)); // long zero runs force max cuts
      const want = p.mode === 'aligned' ? referenceAligned(data, p) : referenceFastcdc(data, p).map((c) => c.end);
      const chunker = createChunker(p);
      const got: number[] = [];
      for (const piece of split(data, pattern, prng(dataSeed))) got.push(...chunker.push(piece).map((c) => c.end));
      got.push(...chunker.finish().map((c) => c.end));
      assert.deepEqual(got, want);
      let start = 0;
      for (const [i, end] of got.entries()) {
        const length = end - start;
        assert.ok(length > 0, 'non-empty');
        assert.ok(length <= p.max, 'at most max');
        if (i < got.length - 1) {
          assert.ok(length >= p.min - 1, 'at least min (v2020 starts at min & ~1)');
          if (p.mode === 'aligned') assert.equal(end % p.align, 0, 'aligned');
        }
        start = end;
      }
      assert.equal(start, data.length, 'covers the input');
    }),
    { seed: SEED, numRuns: 120 },
  );
});

test('readChunks yields contiguous chunks whose bytes rebuild the input', async () => {
  const rnd = prng(SEED);
  for (const mode of ['aligned', 'fastcdc', 'fixed', 'file'] as const) {
    for (const pattern of [1, 2, 3, 4]) {
      const data = seededBytes(`${SEED}-${mode}-${pattern}`, 300000 + Math.floor(rnd() * 300000));
      const pieces = split(data, pattern, rnd);
      const parts: Uint8Array[] = [];
      let offset = 0;
      for await (const chunk of readChunks(pieces, { mode, min: 4096, avg: 16384, max: 65536 })) {
        assert.equal(chunk.offset, offset);
        assert.equal(chunk.bytes.length, chunk.length);
        parts.push(Uint8Array.from(chunk.bytes));
        offset += chunk.length;
      }
      assert.equal(offset, data.length);
      assert.ok(Buffer.concat(parts).equals(data), `${mode}/${pattern} bytes round-trip`);
      if (mode === 'file') assert.equal(parts.length, 1);
      if (mode === 'fixed') assert.ok(parts.slice(0, -1).every((p) => p.length === 16384));
    }
  }
});

test('the generator really varies', () => {
  const a = seededBytes(1, 4096);
  const b = seededBytes(2, 4096);
  assert.ok(!a.equals(b));
  assert.ok(new Set(a).size > 200, 'bytes take many values');
});

test('an empty file has no chunks; a short one has one', () => {
  for (const mode of ['aligned', 'fastcdc', 'fixed', 'file'] as const) {
    const c = createChunker({ mode });
    assert.deepEqual(c.finish(), []);
    c.push(new Uint8Array(10));
    assert.deepEqual(c.finish().map((x) => x.end), [10]);
  }
});
