// Property test of the codec: base/target pairs made by insertions, deletions, moves, byte
// edits and truncations of random or repetitive bases (including empty ones) always
// reconstruct exactly, with every method, including the windowed one with tiny windows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chooseDelta, decodeDelta, encodeDelta, type DeltaMethod } from '../../../src/delta/index.js';

const SEED = Number(process.env['CAIRN_TEST_SEED'] ?? 20261205);
console.log(`# property seed ${SEED} (set CAIRN_TEST_SEED to replay)`);

type Edit =
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'move'; from: number; length: number; to: number }
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; at: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 200 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 300 }) }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(), length: fc.nat({ max: 400 }), to: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(base: Uint8Array, edits: Edit[]): Uint8Array {
  let out = Buffer.from(base);
  for (const e of edits) {
    const pos = (n: number) => (out.length === 0 ? 0 : n % (out.length + 1));
    if (e.kind === 'insert') {
      const at = pos(e.at);
      out = Buffer.concat([out.subarray(0, at), e.bytes, out.subarray(at)]);
    } else if (e.kind === 'delete') {
      const at = pos(e.at);
      out = Buffer.concat([out.subarray(0, at), out.subarray(at + e.length)]);
    } else if (e.kind === 'move') {
      const from = pos(e.from);
      const piece = Buffer.from(out.subarray(from, from + e.length));
      const rest = Buffer.concat([out.subarray(0, from), out.subarray(from + piece.length)]);
      const to = rest.length === 0 ? 0 : e.to % (rest.length + 1);
      out = Buffer.concat([rest.subarray(0, to), piece, rest.subarray(to)]);
    } else if (e.kind === 'flip') {
      if (out.length > 0) out[e.at % out.length] = e.value;
    } else {
      out = out.subarray(0, pos(e.at));
    }
  }
  return new Uint8Array(out);
}

const baseArb = fc.oneof(
  fc.uint8Array({ maxLength: 3000 }),
  fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3000 }).map((a) => Uint8Array.from(a)),
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.integer({ min: 1, max: 100 }))
    .map(([unit, times]) => Uint8Array.from(Array.from({ length: times }, () => [...unit]).flat())),
);

const methodArb = fc.constantFrom<DeltaMethod[]>(['sa'], ['zstd'], ['windowed'], ['sa', 'zstd']);

test('every delta reconstructs its target exactly', () => {
  fc.assert(fc.property(baseArb, fc.array(editArb, { maxLength: 8 }), methodArb, fc.integer({ min: 1, max: 2048 }),
    (base, edits, methods, windowBytes) => {
      const target = apply(base, edits);
      const delta = encodeDelta(base, target, { methods, windowBytes, level: 3 });
      assert.deepEqual(decodeDelta(base, delta), target);
    }), { seed: SEED, numRuns: 400 });
});

test('unrelated and empty pairs reconstruct, and chooseDelta keeps the smallest candidate', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ maxLength: 2000 }), (base, target) => {
    const chosen = chooseDelta(base, target, { level: 3 });
    assert.deepEqual(decodeDelta(base, chosen.delta), target);
    assert.equal(chosen.delta.length, Math.min(...chosen.candidates.map((c) => c.bytes)));
    assert.deepEqual(chosen.candidates.map((c) => c.method), ['sa', 'zstd']);
  }), { seed: SEED, numRuns: 100 });
});

test('the context-modelled diff coding round trips any diff stream over any steps', async () => {
  const { encodeDiffModel, DiffModelDecoder } = await import('../../../src/delta/diff-model.js');
  const arb = fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 500 }), fc.array(fc.tuple(fc.nat({ max: 300 }), fc.integer({ min: -200, max: 200 })), { maxLength: 8 }),
    fc.double({ min: 0, max: 1, noNaN: true }));
  fc.assert(fc.property(arb, ([base, runs, density]) => {
    // Steps inside the base: run lengths clipped, seeks clamped so the position stays in range.
    const steps: number[] = [];
    let pos = 0;
    for (const [len, seek] of runs) {
      const run = Math.min(len, base.length - pos);
      const next = Math.max(0, Math.min(base.length, pos + run + seek));
      steps.push(run, 0, next - pos - run);
      pos = next;
    }
    const total = steps.filter((_, i) => i % 3 === 0).reduce((a, b) => a + b, 0);
    const diff = new Uint8Array(total);
    for (let i = 0; i < total; i++) if (((i * 2654435761) >>> 0) / 2 ** 32 < density) diff[i] = (i * 37 + 1) & 0xff || 1;
    const coded = encodeDiffModel(diff, base, steps);
    const dec = new DiffModelDecoder(coded);
    const back = new Uint8Array(total);
    let at = 0;
    pos = 0;
    for (let s = 0; s < steps.length; s += 3) {
      dec.fill(back, at, steps[s]!, base, pos);
      at += steps[s]!;
      pos += steps[s]! + steps[s + 2]!;
    }
    assert.deepEqual(back, diff);
    assert.equal(dec.overrun, false);
  }), { seed: SEED, numRuns: 300 });
});
