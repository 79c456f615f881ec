/**
 * Go's compress/flate remade (src/deflate/go-flate.ts, go-fast.ts): known answers made by Go itself
 * (go-vectors/gen.go, which holds the same input generator as mixed() and random() here), at
 * levels 1-9, from empty input to 17 MiB (past the point where Go rebases its hash chains); and,
 * over random inputs, that the stream is the same whatever the writes' sizes and inflates back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { goCompressor, goDeflate } from '../../../src/deflate/go-flate.js';
import { TEST_SOURCE } from '../../support/paths.js';

interface Vector { kind: 'mixed' | 'random'; size: number; seed: number; level: number; length: number; sha256: string }
const doc = JSON.parse(readFileSync(join(TEST_SOURCE, 'unit', 'deflate', 'go-vectors', 'go-flate.json'), 'utf8')) as { go: string; vectors: Vector[] };

/** gen.go's xorshift32. */
function rng(seed: number): () => number {
  let s = (Math.imul(seed, 2654435761) + 1) >>> 0;
  return () => {
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    return s;
  };
}

const WORDS = ['layer', 'image', 'chunk', 'the', 'of', 'sha256:', 'usr/lib/', '.so.1', '{"name":', '0000000', '\n', '  ', 'cairn', 'registry', 'a', 'version=1.2.3'].map((w) => Buffer.from(w));

/** gen.go's mixed(): random runs, copies from earlier bytes, byte runs and words. */
function mixed(size: number, seed: number): Uint8Array {
  const next = rng(seed);
  const out = new Uint8Array(size + 1024);
  let n = 0;
  while (n < size) {
    const kind = next() % 4;
    if (kind === 0) {
      const count = 1 + (next() % 64);
      for (let i = 0; i < count; i++) out[n++] = next() & 0xff;
    } else if (kind === 1) {
      if (n === 0) continue;
      const d = 1 + (next() % Math.min(n, 40000));
      const count = 3 + (next() % 300);
      for (let i = 0; i < count; i++, n++) out[n] = out[n - d]!;
    } else if (kind === 2) {
      const b = next() & 0xff;
      const count = 1 + (next() % 600);
      out.fill(b, n, n + count);
      n += count;
    } else {
      const w = WORDS[next() % WORDS.length]!;
      out.set(w, n);
      n += w.length;
    }
  }
  return out.subarray(0, size);
}

function random(size: number, seed: number): Uint8Array {
  const next = rng(seed);
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (next() >>> 7) & 0xff;
  return out;
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test(`go-flate: the streams Go (${doc.go}) made of ${doc.vectors.length} seeded inputs at levels 1-9`, () => {
  const inputs = new Map<string, Uint8Array>();
  for (const v of doc.vectors) {
    const key = `${v.kind}/${v.size}/${v.seed}`;
    let input = inputs.get(key);
    if (!input) inputs.set(key, (input = v.kind === 'mixed' ? mixed(v.size, v.seed) : random(v.size, v.seed)));
    const out = goDeflate(v.level, input);
    assert.equal(out.length, v.length, `${key} level ${v.level}: length`);
    assert.equal(sha(out), v.sha256, `${key} level ${v.level}: bytes`);
  }
});

test('go-flate: the stream does not depend on how the input is cut into writes, and inflates back', () => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 1, max: 0xffff }), fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 8 }),
    (size, seed, level, cuts) => {
      const input = mixed(size, seed);
      const whole = goDeflate(level, input);
      const parts: Uint8Array[] = [];
      const d = goCompressor(level, (p) => parts.push(p));
      for (let at = 0, i = 0; at < input.length; i++) {
        const n = cuts[i % cuts.length]!;
        d.write(input.subarray(at, at + n));
        at += n;
      }
      d.close();
      assert.deepEqual(Buffer.concat(parts), Buffer.from(whole));
      assert.deepEqual(inflateRawSync(whole), Buffer.from(input));
    },
  ), { numRuns: 40 });
});

test('go-flate: levels other than 1-9 are refused', () => {
  for (const level of [-2, -1, 0, 10]) assert.throws(() => goCompressor(level, () => undefined), RangeError);
});
