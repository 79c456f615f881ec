// Seeded encode/decode round trips of every recipe kind: random file recipes, and random
// segment streams cut into parts by the builder (at random part sizes), read back through the
// streaming view from a map of stored parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodeFileRecipe, decodeLayerRoot, encodeFileRecipe, encodeLayerRoot, layerFileDigests, LayerRecipeBuilder,
  openLayerRecipe, sealRecord, unsealRecord, type LayerSegment,
} from '../../../src/recipe/index.js';

const SEED = 20261205;
const hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
// Lengths across the varint widths (1 to 8 bytes), up to 2^53 - 1.
const length = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.maxSafeNat());

const segment: fc.Arbitrary<LayerSegment> = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 600 }).map((bytes) => ({ kind: 'framing' as const, bytes: Buffer.from(bytes) })),
  fc.record({ digest: hex, length: fc.integer({ min: 0, max: 2 ** 40 }) }).map((f) => ({ kind: 'file' as const, ...f })),
);

const plain = (s: LayerSegment) => (s.kind === 'framing' ? { kind: s.kind, bytes: Buffer.from(s.bytes).toString('hex') } : s);

test('file recipes round-trip, sealed and unsealed', () => {
  const recipe = fc.array(fc.record({ digest: hex, length: fc.integer({ min: 0, max: 2 ** 45 }) }).map(({ digest, length }) => ({ digest, length })), { maxLength: 40 })
    .map((chunks) => ({ size: chunks.reduce((sum, c) => sum + c.length, 0), chunks }));
  fc.assert(fc.property(recipe, (r) => {
    const encoded = encodeFileRecipe(r);
    assert.deepEqual(decodeFileRecipe(encoded), r);
    assert.deepEqual(decodeFileRecipe(unsealRecord(sealRecord(encoded))!), r);
  }), { seed: SEED, numRuns: 300 });
});

test('layer roots round-trip, whatever the part lengths', () => {
  const parts = fc.array(fc.record({ digest: hex, tarLength: length }).map(({ digest, tarLength }) => ({ digest, tarLength })), { maxLength: 50 })
    .filter((p) => Number.isSafeInteger(p.reduce((sum, x) => sum + x.tarLength, 0)));
  fc.assert(fc.property(parts, (p) => {
    const decoded = decodeLayerRoot(encodeLayerRoot({ parts: p }));
    assert.deepEqual(decoded, { tarLength: p.reduce((sum, x) => sum + x.tarLength, 0), parts: p });
  }), { seed: SEED, numRuns: 300 });
});

test('segment streams cut into parts read back in order, and the walk finds every file', async () => {
  await fc.assert(fc.asyncProperty(fc.array(segment, { maxLength: 80 }), fc.integer({ min: 1, max: 2048 }), async (segments, partBytes) => {
    const stored = new Map<string, Buffer>();
    const builder = new LayerRecipeBuilder(partBytes);
    for (const s of segments) {
      const part = builder.add(s);
      if (part) stored.set(part.digest, part.bytes);
    }
    const { part, root } = builder.finish();
    if (part) stored.set(part.digest, part.bytes);
    for (const p of root.parts) assert.ok(stored.has(p.digest), 'the root lists only parts the builder handed out');
    assert.equal(root.parts.length > 0, segments.length > 0);
    const tarLength = segments.reduce((sum, s) => sum + (s.kind === 'framing' ? s.bytes.length : s.length), 0);
    // The root as stored.
    const decodedRoot = decodeLayerRoot(encodeLayerRoot(root));
    assert.equal(decodedRoot.tarLength, tarLength);
    const read = async (digest: string) => {
      const bytes = stored.get(digest);
      assert.ok(bytes, `part ${digest} was stored`);
      return bytes;
    };
    const recipe = openLayerRecipe(decodedRoot, read);
    for (let pass = 0; pass < 2; pass++) {
      const out: LayerSegment[] = [];
      for await (const s of recipe.segments) out.push(s);
      assert.deepEqual(out.map(plain), segments.map(plain), `pass ${pass}`);
    }
    const files: string[] = [];
    for await (const digest of layerFileDigests(decodedRoot, read)) files.push(digest);
    assert.deepEqual(files, segments.flatMap((s) => (s.kind === 'file' ? [s.digest] : [])));
  }), { seed: SEED, numRuns: 150 });
});
