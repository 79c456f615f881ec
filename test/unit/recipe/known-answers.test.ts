// Recipe encodings against bytes written out by hand from the documented layout (src/recipe/
// layer-recipe.ts, file-recipe.ts, docs/store-format.md "Recipes"): each LEB128 varint below is
// spelled as its bytes, not computed by the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  decodeFileRecipe, decodeLayerPart, decodeLayerRoot, encodeFileRecipe, encodeLayerPart, encodeLayerRoot,
  LayerRecipeBuilder, sealRecord, unsealRecord,
} from '../../../src/recipe/index.js';

const ascii = (text: string) => Buffer.from(text, 'latin1');
const filled = (byte: number) => Buffer.alloc(32, byte);
const hexOf = (byte: number) => filled(byte).toString('hex');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

test('file recipe: CFR1, varint size, varint count, then digest and varint length per chunk', () => {
  const expected = Buffer.concat([
    ascii('CFR1'),
    Buffer.from([0xac, 0x02]), // size 300
    Buffer.from([0x02]), // two chunks
    filled(0xaa), Buffer.from([0x64]), // 100 bytes
    filled(0xbb), Buffer.from([0xc8, 0x01]), // 200 bytes
  ]);
  const recipe = { size: 300, chunks: [{ digest: hexOf(0xaa), length: 100 }, { digest: hexOf(0xbb), length: 200 }] };
  assert.deepEqual(encodeFileRecipe(recipe), expected);
  assert.deepEqual(decodeFileRecipe(expected), recipe);
  // The empty file: no chunks.
  assert.deepEqual(encodeFileRecipe({ size: 0, chunks: [] }), Buffer.from([0x43, 0x46, 0x52, 0x31, 0x00, 0x00]));
});

// One part: framing "hdr", a file of 129 bytes, framing "x".
const partBytes = Buffer.concat([
  ascii('CLP1'),
  Buffer.from([0x85, 0x01]), // tar length 133
  Buffer.from([0x03]), // three segments
  Buffer.from([0x01, 0x03]), ascii('hdr'), // framing, 3 bytes
  Buffer.from([0x02]), filled(0xcc), Buffer.from([0x81, 0x01]), // file, 129 bytes
  Buffer.from([0x01, 0x01]), ascii('x'), // framing, 1 byte
]);
const partSegments = [
  { kind: 'framing' as const, bytes: ascii('hdr') },
  { kind: 'file' as const, digest: hexOf(0xcc), length: 129 },
  { kind: 'framing' as const, bytes: ascii('x') },
];

test('layer recipe part: CLP1, varint tar length, varint count, then the segments', () => {
  const encoded = encodeLayerPart(partSegments);
  assert.deepEqual(encoded.bytes, partBytes);
  assert.equal(encoded.digest, sha256(partBytes).toString('hex'));
  assert.equal(encoded.tarLength, 133);
  const decoded = decodeLayerPart(partBytes, { digest: encoded.digest, tarLength: 133 });
  assert.equal(decoded.tarLength, 133);
  assert.deepEqual(decoded.segments.map((s) => (s.kind === 'framing' ? { kind: s.kind, bytes: Buffer.from(s.bytes) } : s)), partSegments);
});

test('layer recipe root: CLR2, varint tar length, varint count, then part digest and varint tar length per part', () => {
  const partDigest = sha256(partBytes);
  const expected = Buffer.concat([
    ascii('CLR2'),
    Buffer.from([0xed, 0x08]), // tar length 1133
    Buffer.from([0x02]), // two parts
    partDigest, Buffer.from([0x85, 0x01]), // 133
    filled(0xdd), Buffer.from([0xe8, 0x07]), // 1000
  ]);
  const parts = [{ digest: partDigest.toString('hex'), tarLength: 133 }, { digest: hexOf(0xdd), tarLength: 1000 }];
  assert.deepEqual(encodeLayerRoot({ parts }), expected);
  assert.deepEqual(decodeLayerRoot(expected), { tarLength: 1133, parts });
});

test('a legacy single-record layer recipe (CLR1) reads as a root with its segments inline', () => {
  const legacy = Buffer.concat([ascii('CLR1'), partBytes.subarray(4)]);
  const root = decodeLayerRoot(legacy);
  assert.equal(root.tarLength, 133);
  assert.deepEqual(root.parts, []);
  assert.equal(root.inline?.length, 3);
  assert.deepEqual(root.inline?.[1], partSegments[1]);
});

test('a sealed record is its body followed by the body\'s sha256', () => {
  const body = ascii('CFR1\x00\x00');
  const sealed = sealRecord(body);
  assert.deepEqual(sealed, Buffer.concat([body, sha256(body)]));
  assert.deepEqual(unsealRecord(sealed), body);
});

test('the builder cuts a part once its encoding reaches the part size', () => {
  // Encoded lengths: "hdr" framing 1+1+3 = 5, the file 1+32+2 = 35: 40 bytes close the first part.
  const builder = new LayerRecipeBuilder(40);
  assert.equal(builder.add(partSegments[0]!), undefined);
  const first = builder.add(partSegments[1]!);
  assert.ok(first, 'the first part is cut at 40 bytes');
  assert.deepEqual(first.bytes, Buffer.concat([ascii('CLP1'), Buffer.from([0x84, 0x01, 0x02, 0x01, 0x03]), ascii('hdr'), Buffer.from([0x02]), filled(0xcc), Buffer.from([0x81, 0x01])]));
  assert.equal(builder.add(partSegments[2]!), undefined);
  const { part, root } = builder.finish();
  assert.deepEqual(part?.bytes, Buffer.concat([ascii('CLP1'), Buffer.from([0x01, 0x01, 0x01, 0x01]), ascii('x')]));
  assert.deepEqual(root, { tarLength: 133, parts: [{ digest: sha256(first.bytes).toString('hex'), tarLength: 132 }, { digest: sha256(part!.bytes).toString('hex'), tarLength: 1 }] });
});
