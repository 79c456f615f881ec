// Damaged recipes: every truncation and every single-bit flip of a small recipe of each kind is
// rejected with CorruptDataError (never a RangeError, a TypeError or a hang). File recipes and
// layer roots are stored sealed (their sha256 appended), parts are checked against the digest
// their root gives; the bare decoders must also fail cleanly on whatever bytes they are given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorruptDataError } from '../../../src/errors.js';
import {
  decodeFileRecipe, decodeLayerPart, decodeLayerRoot, encodeFileRecipe, encodeLayerPart, encodeLayerRoot,
  openLayerRecipe, sealRecord, unsealRecord, type LayerPartRef,
} from '../../../src/recipe/index.js';

const digest = (byte: number) => Buffer.alloc(32, byte).toString('hex');

const fileRecipe = encodeFileRecipe({ size: 300, chunks: [{ digest: digest(1), length: 100 }, { digest: digest(2), length: 200 }] });
const part = encodeLayerPart([
  { kind: 'framing', bytes: Buffer.from('header') },
  { kind: 'file', digest: digest(3), length: 300 },
  { kind: 'framing', bytes: Buffer.from('pad') },
]);
const ref: LayerPartRef = { digest: part.digest, tarLength: part.tarLength };
const root = encodeLayerRoot({ parts: [ref, { digest: digest(4), tarLength: 1000 }] });
const legacy = Buffer.concat([Buffer.from('CLR1'), part.bytes.subarray(4)]);

const decoders: [string, Buffer, (bytes: Buffer) => unknown][] = [
  ['file recipe', fileRecipe, decodeFileRecipe],
  ['layer recipe root', root, decodeLayerRoot],
  ['legacy layer recipe', legacy, decodeLayerRoot],
  ['layer recipe part', part.bytes, (bytes) => decodeLayerPart(bytes)],
];

function truncations(bytes: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let n = 0; n < bytes.length; n++) out.push([`cut to ${n} bytes`, bytes.subarray(0, n)]);
  return out;
}

function flips(bytes: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let i = 0; i < bytes.length; i++) {
    for (let bit = 0; bit < 8; bit++) {
      const copy = Buffer.from(bytes);
      copy[i]! ^= 1 << bit;
      out.push([`bit ${bit} of byte ${i} flipped`, copy]);
    }
  }
  return out;
}

/** Runs `work`; returns 'ok' or 'corrupt', and fails the test on any other error. */
function outcome(what: string, work: () => unknown): 'ok' | 'corrupt' {
  try {
    work();
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof CorruptDataError, `${what}: ${(error as Error)?.constructor?.name} ${(error as Error)?.message}`);
    return 'corrupt';
  }
}

test('the recipes under test decode (so that what follows damages valid records)', () => {
  for (const [kind, bytes, decode] of decoders) assert.equal(outcome(kind, () => decode(bytes)), 'ok', kind);
  assert.equal(outcome('part with its reference', () => decodeLayerPart(part.bytes, ref)), 'ok');
});

test('every truncation of each recipe kind is CorruptDataError', () => {
  for (const [kind, bytes, decode] of decoders) {
    for (const [what, cut] of truncations(bytes)) assert.equal(outcome(`${kind}, ${what}`, () => decode(cut)), 'corrupt', `${kind}, ${what}`);
  }
});

test('every single-bit flip of a bare encoding decodes or is CorruptDataError, never another error', () => {
  for (const [kind, bytes, decode] of decoders) {
    const results = flips(bytes).map(([what, flipped]) => outcome(`${kind}, ${what}`, () => decode(flipped)));
    // Flips in the magic, the counts and the lengths are caught by the encoding itself.
    assert.ok(results.filter((r) => r === 'corrupt').length >= 32 + 8, `${kind}: structural damage is detected`);
  }
});

test('every truncation and single-bit flip of a stored recipe is CorruptDataError', () => {
  const stored: [string, Buffer, (bytes: Buffer) => unknown][] = [
    ['sealed file recipe', sealRecord(fileRecipe), (bytes) => decodeFileRecipe(unsealOrThrow(bytes))],
    ['sealed layer recipe root', sealRecord(root), (bytes) => decodeLayerRoot(unsealOrThrow(bytes))],
    ['layer recipe part read through its root', part.bytes, (bytes) => decodeLayerPart(bytes, ref)],
  ];
  for (const [kind, bytes, read] of stored) {
    assert.equal(outcome(kind, () => read(bytes)), 'ok', kind);
    for (const [what, damaged] of [...truncations(bytes), ...flips(bytes)]) {
      assert.equal(outcome(`${kind}, ${what}`, () => read(damaged)), 'corrupt', `${kind}, ${what}`);
    }
  }
});

test('a damaged part fails the streaming view with CorruptDataError', async () => {
  const damaged = Buffer.from(part.bytes);
  damaged[damaged.length - 1]! ^= 1;
  const recipe = openLayerRecipe(decodeLayerRoot(encodeLayerRoot({ parts: [ref] })), async () => damaged);
  await assert.rejects(async () => {
    for await (const segment of recipe.segments) void segment;
  }, CorruptDataError);
});

test('huge counts, overlong and oversized varints are CorruptDataError, at once', () => {
  const cases: [string, Buffer][] = [
    // count 2^49 with nothing after it
    ['huge count', Buffer.concat([Buffer.from('CFR1'), Buffer.from([0x00]), Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])])],
    // a ninth varint byte
    ['nine-byte varint', Buffer.concat([Buffer.from('CFR1'), Buffer.alloc(8, 0x80), Buffer.from([0x01, 0x00])])],
    // 2^56 - 1: beyond 2^53
    ['varint past 2^53', Buffer.concat([Buffer.from('CFR1'), Buffer.alloc(7, 0xff), Buffer.from([0x7f, 0x00])])],
  ];
  for (const [what, bytes] of cases) {
    assert.equal(outcome(what, () => decodeFileRecipe(bytes)), 'corrupt', what);
    assert.equal(outcome(what, () => decodeLayerRoot(Buffer.concat([Buffer.from('CLR2'), bytes.subarray(4)]))), 'corrupt', what);
    assert.equal(outcome(what, () => decodeLayerPart(Buffer.concat([Buffer.from('CLP1'), bytes.subarray(4)]))), 'corrupt', what);
  }
});

function unsealOrThrow(bytes: Buffer): Buffer {
  const body = unsealRecord(bytes);
  if (!body) throw new CorruptDataError('checksum mismatch');
  return body;
}
