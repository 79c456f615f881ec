// checksumMatches sums a header eight bytes at a time and works out the signed sum only when
// the unsigned one does not match (header-fields.ts). Checked against the plain byte-by-byte
// sums (computeChecksums) over random blocks: with the field holding the unsigned sum, the
// signed sum, either off by one, or junk; and writeChecksum's field must match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checksumMatches, computeChecksums, writeChecksum } from '../../../src/tar/header-fields.js';

const FIELD = 148;
const FIELD_LENGTH = 8;

/** The block with its checksum field holding `value` as GNU tar writes it (six octal digits, NUL, space). */
function withChecksum(block: Uint8Array, value: number): Uint8Array {
  const out = Uint8Array.from(block);
  const digits = value.toString(8).padStart(6, '0');
  for (let i = 0; i < FIELD_LENGTH; i++) out[FIELD + i] = i < digits.length ? digits.charCodeAt(i) : i === digits.length ? 0 : 0x20;
  return out;
}

/** The reference: the field parses as octal and equals either byte-by-byte sum. */
function reference(block: Uint8Array): boolean {
  const text = Buffer.from(block.subarray(FIELD, FIELD + FIELD_LENGTH)).toString('latin1').replace(/^[ \0]+|[ \0]+$/g, '').split('\0')[0]!;
  if (text === '') return computeChecksums(block).unsigned === 0 || computeChecksums(block).signed === 0;
  if (!/^[0-7]+$/.test(text)) return false;
  const stored = parseInt(text, 8);
  const { unsigned, signed } = computeChecksums(block);
  return stored === unsigned || stored === signed;
}

const blocks = fc.oneof(
  fc.uint8Array({ minLength: 512, maxLength: 512 }),
  // Mostly ASCII, as real headers are; some with high bytes, where the signed sum differs.
  fc.array(fc.integer({ min: 0x20, max: 0x7e }), { minLength: 512, maxLength: 512 }).map((a) => Uint8Array.from(a)),
);

test('checksumMatches agrees with the byte-by-byte sums on random blocks', () => {
  fc.assert(fc.property(blocks, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 0o777777 }), (block, kind, junk) => {
    const { unsigned, signed } = computeChecksums(block);
    const value = [unsigned, signed, unsigned + 1, unsigned - 1, signed - 1, junk][kind]!;
    const candidate = value >= 0 && value <= 0o777777 ? withChecksum(block, value) : block;
    assert.equal(checksumMatches(candidate), reference(candidate));
    if (kind <= 1 && candidate !== block) assert.equal(checksumMatches(candidate), true);
  }), { numRuns: 2000 });
});

test('writeChecksum writes the unsigned sum, which checksumMatches accepts', () => {
  fc.assert(fc.property(blocks, (block) => {
    const out = Uint8Array.from(block);
    writeChecksum(out);
    assert.equal(checksumMatches(out), true);
    assert.equal(parseInt(Buffer.from(out.subarray(FIELD, FIELD + 6)).toString('latin1'), 8), computeChecksums(out).unsigned);
  }), { numRuns: 500 });
});
