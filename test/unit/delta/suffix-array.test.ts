// The suffix array against a naive sort of all suffixes, on random strings over small and
// full alphabets (small alphabets give long repeats and deep recursion), and edge cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { suffixArray } from '../../../src/delta/index.js';

function naiveSuffixArray(text: Uint8Array): number[] {
  const order = Array.from(text.keys());
  order.sort((a, b) => Buffer.compare(text.subarray(a), text.subarray(b)));
  return order;
}

test('suffix array equals the naive sort on random strings', () => {
  const textArb = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 300 }).map((a) => Uint8Array.from(a)),
    fc.array(fc.constantFrom(97, 98, 99), { maxLength: 300 }).map((a) => Uint8Array.from(a)),
    fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 40 }))
      .map(([unit, times]) => Uint8Array.from(Array.from({ length: times }, () => [...unit]).flat())),
  );
  fc.assert(fc.property(textArb, (text) => {
    assert.deepEqual(Array.from(suffixArray(text)), naiveSuffixArray(text));
  }), { numRuns: 1500 });
});

test('suffix array edge cases: empty, one byte, one repeated byte, descending, ascending', () => {
  assert.deepEqual(Array.from(suffixArray(new Uint8Array(0))), []);
  assert.deepEqual(Array.from(suffixArray(Uint8Array.of(7))), [0]);
  assert.deepEqual(Array.from(suffixArray(new Uint8Array(5))), [4, 3, 2, 1, 0]);
  assert.deepEqual(Array.from(suffixArray(Uint8Array.of(5, 4, 3, 2, 1))), [4, 3, 2, 1, 0]);
  assert.deepEqual(Array.from(suffixArray(Uint8Array.of(1, 2, 3, 4, 5))), [0, 1, 2, 3, 4]);
  // "banana": a, ana, anana, banana, na, nana
  assert.deepEqual(Array.from(suffixArray(new TextEncoder().encode('banana'))), [5, 3, 1, 0, 4, 2]);
});

test('suffix array of 1 MiB of real-world-like data is sorted', () => {
  const text = new Uint8Array(1 << 20);
  let x = 12345;
  for (let i = 0; i < text.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    // Runs, repeats and noise: a few symbols, with copies of earlier stretches.
    text[i] = i > 5000 && (x >>> 24) < 200 ? text[i - 4099]! : (x >>> 29);
  }
  const sa = suffixArray(text);
  const seen = new Uint8Array(text.length);
  for (const p of sa) seen[p] = 1;
  assert.equal(seen.indexOf(0), -1, 'a permutation');
  // Linear check: neighbours are ordered by their first byte, then by the ranks of the
  // suffixes one further on (the empty suffix ranks lowest).
  const rank = new Int32Array(text.length + 1).fill(-1);
  sa.forEach((p, r) => { rank[p] = r; });
  for (let i = 1; i < sa.length; i++) {
    const a = sa[i - 1]!;
    const b = sa[i]!;
    const ordered = text[a]! < text[b]! || (text[a] === text[b] && rank[a + 1]! < rank[b + 1]!);
    if (!ordered) assert.fail(`suffixes ${a} and ${b} out of order at ${i}`);
  }
});
