// Hostile and damaged deltas: every truncation and every single-bit flip is refused by the
// checksum; with the checksum recomputed (a crafted delta), every changed byte still ends in
// a CairnError or the exact target, never a RangeError or a hang; outputs beyond the declared
// size, oversized declarations and zstd bombs are refused; a wrong base is bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BadInputError, CairnError, CorruptDataError } from '../../../src/errors.js';
import { decodeDelta, encodeDelta, type DeltaMethod } from '../../../src/delta/index.js';
import { zstdCompress } from '../../../src/delta/zstd.js';
import { seededBytes } from '../../support/random.js';
import { craftDelta, rawStream, recrc, varint, zigzag } from './craft.js';

const base = seededBytes('hostile-base', 3000);
const target = Buffer.concat([base.subarray(0, 1000), Buffer.from('inserted text'), base.subarray(1100, 2500), base.subarray(0, 200)]);
target[1500] ^= 0x11;
const METHODS: DeltaMethod[] = ['sa', 'zstd', 'windowed'];
const deltas = METHODS.map((m) => [m, encodeDelta(base, target, { methods: [m], windowBytes: 700 })] as const);

function rejects(delta: Uint8Array, kind: new (...args: never[]) => CairnError, what: string): void {
  assert.throws(() => decodeDelta(base, delta), (e: unknown) => {
    assert.ok(e instanceof kind, `${what}: ${String(e)}`);
    return true;
  });
}

test('the deltas under test decode', () => {
  for (const [m, delta] of deltas) assert.deepEqual(decodeDelta(base, delta), new Uint8Array(target), m);
});

test('every truncation is a CorruptDataError', () => {
  for (const [m, delta] of deltas) {
    for (let n = 0; n < delta.length; n++) rejects(delta.subarray(0, n), CorruptDataError, `${m} cut at ${n}`);
  }
});

test('every single-bit flip is a CorruptDataError', () => {
  for (const [m, delta] of deltas) {
    for (let i = 0; i < delta.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const bad = Uint8Array.from(delta);
        bad[i]! ^= 1 << bit;
        rejects(bad, CorruptDataError, `${m} bit ${bit} of byte ${i}`);
      }
    }
  }
});

test('a crafted delta (checksum recomputed) with any byte changed fails cleanly or rebuilds exactly', () => {
  for (const [m, delta] of deltas) {
    for (let i = 0; i < delta.length - 4; i++) {
      for (const change of [0x01, 0x80, 0xff]) {
        const bad = Uint8Array.from(delta);
        bad[i]! ^= change;
        let out: Uint8Array | undefined;
        try {
          out = decodeDelta(base, recrc(bad));
        } catch (e) {
          // The base digest names another base: bad input. The base length too, unless it is
          // beyond any real length (then corrupt). Everything else: corrupt.
          const ok = i >= 8 && i < 40 ? e instanceof BadInputError
            : i >= 72 && i < 80 ? e instanceof BadInputError || e instanceof CorruptDataError
              : e instanceof CorruptDataError;
          assert.ok(ok, `${m} byte ${i} ^ ${change}: ${String(e)}`);
          continue;
        }
        assert.deepEqual(out, new Uint8Array(target), `${m} byte ${i} ^ ${change} decoded to other bytes`);
      }
    }
  }
});

test('an sa delta whose steps write past the declared target length is refused', () => {
  const b = new TextEncoder().encode('hello world');
  const t = new TextEncoder().encode('hello');
  const payload = [...rawStream([5, 3, zigzag(0)]), ...varint(5), 0, ...rawStream([]), ...rawStream([]), ...rawStream([1, 2, 3])];
  assert.throws(() => decodeDelta(b, craftDelta(1, b, t, payload)), (e: unknown) =>
    e instanceof CorruptDataError && /exceeds the declared target length|exceeds its bound/.test(e.message));
  // The same steps with the length declared: decodes, but to other bytes than the digest says.
  assert.throws(() => decodeDelta(b, craftDelta(1, b, t, payload, 8)), (e: unknown) =>
    e instanceof CorruptDataError && /does not match/.test(e.message));
});

test('a zstd delta that produces more than its declared length is refused', () => {
  const delta = Uint8Array.from(deltas[1]![1]);
  const view = new DataView(delta.buffer);
  view.setBigUint64(80, BigInt(target.length - 1), true);
  assert.throws(() => decodeDelta(base, recrc(delta)), CorruptDataError);
});

test('a zstd bomb in a stream is refused without inflating it', () => {
  const bomb = zstdCompress(new Uint8Array(64 << 20), { level: 19 });
  const t = new TextEncoder().encode('0123456789');
  const payload = [
    ...rawStream([0, 10, zigzag(0)]), ...varint(0), 0, ...rawStream([]), ...rawStream([]),
    ...varint(10), 1, ...varint(bomb.length), ...bomb, // extra: declares 10 bytes, holds 64 MiB
  ];
  assert.throws(() => decodeDelta(base, craftDelta(1, base, t, payload)), CorruptDataError);
});

test('a declared target beyond the limit is refused before anything is allocated', () => {
  const huge = craftDelta(2, base, target, [], 2 ** 52);
  assert.throws(() => decodeDelta(base, huge), (e: unknown) => e instanceof CorruptDataError && /above the limit/.test(e.message));
  assert.throws(() => decodeDelta(base, deltas[0]![1], { maxTargetLength: 1000 }), CorruptDataError);
});

test('control steps that read or seek outside the base are refused', () => {
  const b = new TextEncoder().encode('abc');
  const t = new TextEncoder().encode('abcd');
  const past = [...rawStream([4, 0, zigzag(0)]), ...varint(4), 0, ...rawStream([]), ...rawStream([]), ...rawStream([])];
  assert.throws(() => decodeDelta(b, craftDelta(1, b, t, past)), CorruptDataError);
  const seek = [...rawStream([0, 0, zigzag(-1), 0, 4, 0]), ...varint(0), 0, ...rawStream([]), ...rawStream([]), ...rawStream([97, 98, 99, 100])];
  assert.throws(() => decodeDelta(b, craftDelta(1, b, t, seek)), CorruptDataError);
  const unknownMethod = craftDelta(9, b, t, []);
  assert.throws(() => decodeDelta(b, unknownMethod), CorruptDataError);
});

test('the wrong base is bad input, not corruption', () => {
  const other = Uint8Array.from(base);
  other[0]! ^= 1;
  assert.throws(() => decodeDelta(other, deltas[0]![1]), BadInputError);
  assert.throws(() => decodeDelta(base.subarray(1), deltas[0]![1]), BadInputError);
});

test('random payloads under a valid header and checksum are CorruptDataError for every method', () => {
  fc.assert(fc.property(fc.constantFrom(1, 2, 3), fc.uint8Array({ maxLength: 300 }), fc.nat({ max: 5000 }), (method, payload, length) => {
    const delta = craftDelta(method, base, target, payload, length);
    assert.throws(() => decodeDelta(base, delta), CorruptDataError);
  }), { numRuns: 3000 });
});

test('well-framed sa payloads with random steps and streams are CorruptDataError', () => {
  const small = fc.nat({ max: 3200 });
  const stepsArb = fc.array(fc.tuple(small, fc.nat({ max: 40 }), fc.integer({ min: -3500, max: 3500 })), { maxLength: 6 });
  fc.assert(fc.property(stepsArb, fc.nat({ max: 4000 }), fc.array(fc.nat({ max: 300 }), { maxLength: 6 }), fc.uint8Array({ maxLength: 6 }),
    fc.uint8Array({ maxLength: 60 }), fc.nat({ max: 4000 }), (steps, diffLength, gaps, nonzero, extra, length) => {
      const payload = [
        ...rawStream(steps.flatMap(([d, e, s]) => [...varint(d), ...varint(e), ...varint(zigzag(s))])),
        ...varint(diffLength), 0,
        ...rawStream(gaps.flatMap((g) => varint(g))),
        ...rawStream(nonzero),
        ...rawStream(extra),
      ];
      assert.throws(() => decodeDelta(base, craftDelta(1, base, target, payload, length)), CorruptDataError);
    }), { numRuns: 3000 });
});

test('range-coded diff streams of random bytes are CorruptDataError, never a hang', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat({ max: 3000 }), (coded, run) => {
    const payload = [
      ...rawStream([...varint(run), 0, 0]), ...varint(run), 1, ...varint(coded.length), ...coded, ...rawStream([]),
    ];
    assert.throws(() => decodeDelta(base, craftDelta(1, base, target, payload, run)), CorruptDataError);
  }), { numRuns: 1000 });
});

test('crcChecked skips only the checksum: a damaged trailer then decodes, a damaged payload is still refused by the target digest', () => {
  for (const [m, delta] of deltas) {
    const trailer = Buffer.from(delta);
    trailer[trailer.length - 1] ^= 0x01;
    rejects(trailer, CorruptDataError, `${m}, trailer without crcChecked`);
    assert.deepEqual(decodeDelta(base, trailer, { crcChecked: true }), new Uint8Array(target), `${m}: the checksum was not read`);
    // A target digest flipped in the header (the caller's check would have caught it): the rebuilt target does not match it.
    const header = Buffer.from(delta);
    header[40] ^= 0x01;
    assert.throws(() => decodeDelta(base, header, { crcChecked: true }), CorruptDataError, `${m}: the target is still checked`);
  }
});
