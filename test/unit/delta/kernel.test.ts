// The WebAssembly kernel (wasm/delta.ts) against the TypeScript reference: the same suffix
// array and the same bsdiff match result (steps, diff and extra bytes) on random inputs,
// including highly repetitive ones (deep SA-IS recursion, long matches); and the same sa target
// rebuilt (or the same error) from hand-made payloads, whole or damaged, with the diff stream
// split or context-modelled (whatever the modelled bytes: the range decoder is the kernel's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { kernelMatch, kernelRebuildSa, kernelSuffixArray, placeSaBase } from '../../../src/delta/kernel.js';
import { decodeSa, decodeSaReference } from '../../../src/delta/method-sa.js';
import { rawStream, varint, zigzag } from './craft.js';
import { encodeDiffModel } from '../../../src/delta/diff-model.js';
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

/** An sa payload written by hand (docs/delta.md), every stream raw, the diff split or modelled; and where each stream's bytes lie in it. */
function craftSaPayload(base: Uint8Array, target: Uint8Array, modelled: boolean): { bytes: number[]; bodies: [number, number][] } {
  const { steps, diff, extra } = kernelMatch(base, target)[0]!;
  const bytes: number[] = [];
  const bodies: [number, number][] = [];
  const stream = (data: ArrayLike<number>): void => {
    const framed = rawStream(data);
    bodies.push([bytes.length + framed.length - data.length, bytes.length + framed.length]);
    bytes.push(...framed);
  };
  const control: number[] = [];
  for (let i = 0; i < steps.length; i += 3) control.push(...varint(steps[i]!), ...varint(steps[i + 1]!), ...varint(zigzag(steps[i + 2]!)));
  stream(control);
  bytes.push(...varint(diff.length));
  if (modelled) {
    const coded = encodeDiffModel(diff, base, Array.from(steps));
    bytes.push(1, ...varint(coded.length));
    bodies.push([bytes.length, bytes.length + coded.length]);
    bytes.push(...coded);
  } else {
    const gaps: number[] = [];
    const nonzero: number[] = [];
    let last = 0;
    diff.forEach((d, i) => {
      if (d === 0) return;
      gaps.push(...varint(i - last));
      nonzero.push(d);
      last = i + 1;
    });
    bytes.push(0);
    stream(gaps);
    stream(nonzero);
  }
  stream(extra);
  return { bytes, bodies };
}

/** What a decode gives: its bytes, or its error's class and message. */
function outcome(decode: () => Uint8Array): string {
  try {
    return `ok ${Buffer.from(decode()).toString('hex')}`;
  } catch (error) {
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
}

test('the kernel rebuilds sa targets as the TypeScript reference does, split and modelled diff streams', () => {
  fc.assert(fc.property(pairArb, fc.boolean(), ([base, target], modelled) => {
    const payload = Uint8Array.from(craftSaPayload(base, target, modelled).bytes);
    assert.deepEqual([...decodeSa(base, payload, target.length)], [...target]);
    assert.deepEqual([...decodeSaReference(base, payload, target.length)], [...target]);
  }), { numRuns: 500 });
  // The kernel itself does the work (decodeSa would hide a kernel that always refused).
  const base = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251);
  const target = Uint8Array.from([...base.subarray(0, 1200), 1, 2, 3, ...base.subarray(1300)].map((b, i) => (i % 97 === 0 ? b ^ 1 : b)));
  const { steps, diff, extra } = kernelMatch(base, target)[0]!;
  const control = Uint8Array.from(Array.from({ length: steps.length / 3 }, (_, s) => [...varint(steps[3 * s]!), ...varint(steps[3 * s + 1]!), ...varint(zigzag(steps[3 * s + 2]!))]).flat());
  const coded = encodeDiffModel(diff, base, Array.from(steps));
  const rebuilt = kernelRebuildSa(base, control, { modelled: coded }, diff.length, extra, target.length);
  assert.ok(rebuilt, 'the kernel rebuilt the target');
  assert.deepEqual([...rebuilt], [...target]);
});

test('a damaged sa payload gives the same bytes or the same error with or without the kernel', () => {
  // Bytes changed inside one stream (control, gaps, non-zero bytes or modelled diff, extra), or anywhere.
  const editArb = fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean());
  fc.assert(fc.property(pairArb, fc.boolean(), fc.array(editArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: -3, max: 3 }),
    ([base, target], modelled, edits, lengthSkew) => {
      const { bytes, bodies } = craftSaPayload(base, target, modelled);
      for (const [which, at, value, anywhere] of edits) {
        const [start, end] = anywhere ? [0, bytes.length] : bodies[which % bodies.length]!;
        if (end > start) bytes[start + (at % (end - start))] = value;
      }
      const damaged = Uint8Array.from(bytes);
      const length = Math.max(0, target.length + lengthSkew);
      assert.equal(outcome(() => decodeSa(base, damaged, length)), outcome(() => decodeSaReference(base, damaged, length)));
    }), { numRuns: 3000 });
});

/** A split-diff sa payload, every stream raw (docs/delta.md), built as buffers (the streams can be large). */
function splitPayload(control: Uint8Array, diffLength: number, gaps: number[], nonzero: number[], extra: Uint8Array): Buffer {
  const raw = (bytes: Uint8Array): Buffer => Buffer.concat([Buffer.from([...varint(bytes.length), 0, ...varint(bytes.length)]), bytes]);
  return Buffer.concat([raw(control), Buffer.from([...varint(diffLength), 0]), raw(Uint8Array.from(gaps)), raw(Uint8Array.from(nonzero)), raw(extra)]);
}

/** `n` steps that each copy the base's first byte (diff run 1, no extra, seek -1): 3 control bytes each. */
const copyFirstByte = (n: number): Uint8Array => new Uint8Array(3 * n).fill(1).map((b, i) => (i % 3 === 1 ? 0 : b));

test('a base placed in the kernel memory decodes as a copied one, also when the decode grows the memory, and fails as the reference does', () => {
  fc.assert(fc.property(pairArb, fc.boolean(), ([base, target], modelled) => {
    const payload = Uint8Array.from(craftSaPayload(base, target, modelled).bytes);
    const view = placeSaBase(base.length)!;
    view.set(base);
    assert.deepEqual([...decodeSa(view, payload, target.length)], [...target]);
  }), { numRuns: 300 });
  const base = Uint8Array.from({ length: 4096 }, (_, i) => 1 + ((i * 31) % 250));
  // A million steps: the control stream alone outgrows the memory, before the steps are read.
  const steps = 1 << 20;
  const view = placeSaBase(base.length)!;
  view.set(base);
  const rebuilt = kernelRebuildSa(view, copyFirstByte(steps), { gaps: new Uint8Array(0), nonzero: new Uint8Array(0) }, steps, new Uint8Array(0), steps);
  assert.equal(view.byteLength, 0, 'the decode grew the memory, which detached the placed view');
  assert.ok(rebuilt, 'the kernel rebuilt the target from the placed base');
  assert.ok(rebuilt.every((b) => b === base[0]));
  // Twice the steps, the last reading one byte too many: the kernel refuses it after growing the
  // memory again, and the reference, given the placed base again, says what is wrong.
  const control = copyFirstByte(2 * steps);
  control[control.length - 3] = 2;
  const bad = splitPayload(control, 2 * steps, [], [], new Uint8Array(0));
  const again = placeSaBase(base.length)!;
  again.set(base);
  const placedOutcome = outcome(() => decodeSa(again, bad, 2 * steps));
  assert.equal(again.byteLength, 0, 'the failed decode grew the memory too');
  assert.match(placedOutcome, /^CorruptDataError: .*output exceeds the declared target length/);
  assert.equal(placedOutcome, outcome(() => decodeSaReference(base, bad, 2 * steps)));
});
