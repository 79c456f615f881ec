/**
 * The x86 branch filter of chunk groups (pack/x86-filter.ts, docs/store-format.md): the
 * WebAssembly kernel against a scalar reference written here from the spec's rule, known
 * answers worked out by hand, decode(encode(x)) = x on random bytes made of the bytes the rule
 * looks at, and the choice to filter on real x86-64 code (this node binary) and on noise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { x86Decode, x86Encode, x86EncodeIfCode } from '../../../src/pack/index.js';
import { zstdCompress } from '../../../src/delta/zstd.js';
import { seededBytes } from '../../support/random.js';

/** The rule of docs/store-format.md, one byte at a time; returns the filtered copy and the count. */
function reference(input: Uint8Array): { out: Uint8Array; converted: number } {
  const out = Uint8Array.from(input);
  let lastOpcode = -1000;
  let converted = 0;
  const isOpcode = (b: number): boolean => b === 0xe8 || b === 0xe9;
  for (let p = 0; p < out.length; ) {
    if (isOpcode(input[p]!) && p + 4 < out.length && (input[p + 4] === 0 || input[p + 4] === 0xff) && p - lastOpcode > 3) {
      const d = input[p + 1]! | (input[p + 2]! << 8) | (input[p + 3]! << 16) | (input[p + 4]! << 24);
      const a = (d + p + 5) & 0x1ffffff;
      out[p + 1] = a & 0xff;
      out[p + 2] = (a >>> 8) & 0xff;
      out[p + 3] = (a >>> 16) & 0xff;
      out[p + 4] = a & 0x1000000 ? 0xff : 0;
      for (let k = 0; k < 4; k++) if (isOpcode(input[p + k]!)) lastOpcode = p + k;
      converted++;
      p += 5;
    } else {
      if (isOpcode(input[p]!)) lastOpcode = p;
      p++;
    }
  }
  return { out, converted };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('known answers: a call forward, a jump back, and what the rule leaves alone', () => {
  // call +0x10 at position 0: 0x10 + 5 = 0x15.
  const call = Uint8Array.from([0xe8, 0x10, 0x00, 0x00, 0x00]);
  assert.equal(x86Encode(call), 1);
  assert.equal(hex(call), 'e815000000');
  // jmp -16 at position 3: (-16 + 3 + 5) mod 2^25 = 0x1fffff8, bit 24 set: top byte FF.
  const jump = Uint8Array.from([0x90, 0x90, 0x90, 0xe9, 0xf0, 0xff, 0xff, 0xff, 0xc3]);
  assert.equal(x86Encode(jump), 1);
  assert.equal(hex(jump), '909090e9f8ffffffc3');
  x86Decode(jump);
  assert.equal(hex(jump), '909090e9f0ffffffc3');
  // A displacement beyond +-16 MiB (top byte 01), and an opcode too near the end: unchanged.
  const far = Uint8Array.from([0xe8, 0x00, 0x00, 0x00, 0x01, 0xe8, 0x01, 0x00, 0x00]);
  assert.equal(x86Encode(far), 0);
  assert.equal(hex(far), 'e800000001e8010000');
});

test('an opcode within three bytes after another is left alone, so decoding sees what encoding saw', () => {
  // E9 at 0 is not converted (its byte 4 is 12); the E8 at 1 would be (its byte 5 is 00), and
  // its write would change byte 4, E9's, which decoding then reads. The rule leaves it alone.
  for (const input of [[0xe9, 0xe8, 0x05, 0x00, 0x12, 0x00, 0x00, 0x90], [0xe9, 0x00, 0xe8, 0x00, 0x12, 0x00, 0x00, 0x90]]) {
    const bytes = Uint8Array.from(input);
    assert.equal(x86Encode(bytes), 0, hex(bytes));
    assert.deepEqual([...bytes], input);
  }
  // Four bytes on it is converted: displacement 5, at position 5, plus 5: 15.
  const later = Uint8Array.from([0xe9, 0x11, 0x22, 0x33, 0x12, 0xe8, 0x05, 0x00, 0x00, 0x00]);
  assert.equal(x86Encode(later), 1);
  assert.equal(hex(later), 'e911223312e80f000000');
});

test('the kernel gives the reference\'s bytes and count, and decodes back, on bytes the rule looks at', () => {
  const byte = fc.oneof(fc.constantFrom(0xe8, 0xe9, 0x00, 0xff), fc.integer({ min: 0, max: 255 }));
  fc.assert(fc.property(fc.array(byte, { maxLength: 300 }), (values) => {
    const input = Uint8Array.from(values);
    const { out, converted } = reference(input);
    const work = Uint8Array.from(input);
    assert.equal(x86Encode(work), converted);
    assert.equal(hex(work), hex(out));
    x86Decode(work);
    assert.equal(hex(work), hex(input));
  }), { numRuns: 3000 });
});

test('long inputs (the 16-byte scan and its tail) match the reference and round-trip', () => {
  for (const [seed, length] of [['x86-a', 70_001], ['x86-b', 1 << 20], ['x86-c', 17]] as const) {
    const noise = seededBytes(seed, length);
    // Opcodes followed by short displacements at seeded places, as in code.
    for (let i = 0; i + 5 < length; i += 7 + (noise[i]! % 40)) {
      noise[i] = noise[i + 1]! & 1 ? 0xe8 : 0xe9;
      noise[i + 4] = noise[i + 2]! & 1 ? 0xff : 0;
    }
    const { out, converted } = reference(noise);
    const work = Uint8Array.from(noise);
    assert.equal(x86Encode(work), converted, `${seed}: count`);
    assert.ok(Buffer.from(work).equals(Buffer.from(out)), `${seed}: the reference's bytes`);
    x86Decode(work);
    assert.ok(Buffer.from(work).equals(Buffer.from(noise)), `${seed}: decodes back`);
  }
});

test('x86 code (this node binary) is filtered and then compresses smaller; noise is left as it was', (t) => {
  if (process.arch !== 'x64') {
    t.skip(`node runs on ${process.arch} here, not x64: its binary holds no x86 code`);
    return;
  }
  // 1 MiB from the middle of the executable: its text section on x86-64 Linux builds.
  const binary = readFileSync(process.execPath);
  const code = binary.subarray(binary.length >> 2, (binary.length >> 2) + (1 << 20));
  const work = Uint8Array.from(code);
  assert.equal(x86EncodeIfCode(work), true);
  const plain = zstdCompress(code, { level: 3 }).length;
  const filtered = zstdCompress(work, { level: 3 }).length;
  assert.ok(filtered < plain * 0.99, `filtered ${filtered} bytes against ${plain}`);
  x86Decode(work);
  assert.ok(Buffer.from(work).equals(code));

  const noise = seededBytes('x86-noise', 1 << 20);
  const copy = Uint8Array.from(noise);
  assert.equal(x86EncodeIfCode(copy), false);
  assert.ok(Buffer.from(copy).equals(noise), 'left as it was');
});
