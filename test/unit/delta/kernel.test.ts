// The WebAssembly kernel (wasm/delta.ts) against the TypeScript reference: the same suffix
// array and the same bsdiff match result (steps, diff and extra bytes) on random inputs,
// including highly repetitive ones (deep SA-IS recursion, long matches); and the same diff
// stream decoded from the context-modelled coding, whatever the coded bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { kernelDecodeDiff, kernelMatch, kernelSuffixArray } from '../../../src/delta/kernel.js';
import { decodeDiffSteps, encodeDiffModel } from '../../../src/delta/diff-model.js';
import { matchBsdiff, SuffixSearch } from '../../../src/delta/matcher.js';
import { suffixArray } from '../../../src/delta/suffix-array.js';

const textArb = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 2000 }).map((a) => Uint8Array.from(a)),
  fc.array(fc.constantFrom(0, 97, 98), { maxLength: 2000 }).map((a) => Uint8Array.from(a)),
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 300 }))
    .map(([unit, times]) => Uint8Array.from(Array.from({ length: times }, () => [...unit]).flat())),
);

/** A target made from the base by insertions, deletions, moves and byte edits. */
const pairArb = textArb.chain((base) => fc.tuple(fc.constant(base), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.uint8Array({ maxLength: 20 })), { maxLength: 8 }))
  .map(([b, edits]) => {
    let target = Array.from(b);
    for (const [at, cut, insert] of edits) {
      const i = target.length ? at % (target.length + 1) : 0;
      target.splice(i, cut % 16, ...insert);
      if (target.length > 4 && at % 3 === 0) target = [...target.slice(target.length >> 1), ...target.slice(0, target.length >> 1)];
    }
    return [b, Uint8Array.from(target)] as const;
  }));

test('kernel suffix array equals the TypeScript SA-IS', () => {
  fc.assert(fc.property(textArb, (text) => {
    assert.deepEqual(kernelSuffixArray(text), suffixArray(text));
  }), { numRuns: 1000 });
});

test('kernel suffix array on 2 MiB of repetitive data equals the TypeScript SA-IS', () => {
  const text = new Uint8Array(2 << 20);
  let x = 99;
  for (let i = 0; i < text.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    text[i] = i > 9000 && (x >>> 24) < 250 ? text[i - 8191]! : (x >>> 30);
  }
  assert.deepEqual(kernelSuffixArray(text), suffixArray(text));
});

test('kernel match equals the TypeScript bsdiff match, for each match gain asked over one suffix array', () => {
  const gains = [8, 32, 1];
  fc.assert(fc.property(pairArb, ([base, target]) => {
    const results = kernelMatch(base, target, gains);
    assert.equal(results.length, gains.length);
    const search = new SuffixSearch(base);
    gains.forEach((gain, i) => {
      const ts = matchBsdiff(search, target, gain);
      assert.deepEqual(Array.from(results[i]!.steps), Array.from(ts.steps));
      assert.deepEqual(results[i]!.diff, ts.diff);
      assert.deepEqual(results[i]!.extra, ts.extra);
    });
  }), { numRuns: 300 });
});

test('kernel edge cases: empty base, empty target, one byte', () => {
  for (const [b, t] of [[[], []], [[], [1, 2]], [[1, 2], []], [[7], [7]], [[0, 0, 0], [0, 0, 0, 0]]] as const) {
    const base = Uint8Array.from(b);
    const target = Uint8Array.from(t);
    const wasm = kernelMatch(base, target)[0]!;
    const ts = matchBsdiff(new SuffixSearch(base), target);
    assert.deepEqual(Array.from(wasm.steps), ts.steps);
    assert.deepEqual(wasm.diff, ts.diff);
    assert.deepEqual(wasm.extra, ts.extra);
  }
  assert.deepEqual(kernelSuffixArray(new Uint8Array(0)), new Int32Array(0));
});

/** DiffModelDecoder (the TypeScript reference) run over `steps` as decodeSa runs it. */
const referenceDiff = (input: Uint8Array, base: Uint8Array, steps: readonly number[], length: number) => decodeDiffSteps(input, base, steps, new Uint8Array(length));

test('kernel diff-model decoding equals DiffModelDecoder: real diff streams, and any bytes as input', () => {
  fc.assert(fc.property(pairArb, fc.uint8Array({ maxLength: 300 }), ([base, target], garbage) => {
    const { steps, diff } = kernelMatch(base, target)[0]!;
    const flat = Array.from(steps);
    const coded = encodeDiffModel(diff, base, flat);
    const decoded = kernelDecodeDiff(coded, base, flat, diff.length);
    assert.deepEqual([...decoded.diff], [...diff]);
    assert.equal(decoded.overrun, false);
    // Damaged input: whatever it decodes to, both decoders agree byte for byte, overrun included.
    const expected = referenceDiff(garbage, base, flat, diff.length);
    const got = kernelDecodeDiff(garbage, base, flat, diff.length);
    assert.deepEqual([...got.diff], [...expected.diff]);
    assert.equal(got.overrun, expected.overrun);
  }), { numRuns: 500 });
});
