/**
 * rebuildLayer's gathering of small pieces: framing and small files under 16 KiB go out joined
 * in pieces of about 128 KiB, in order, and the DiffID is computed over the same bytes; with
 * `gather: false` every piece goes out as it came (the bundle apply tells pieces apart by
 * identity), and `each` sees them so before any gathering. Random layers of files of every size
 * class, checked against the tar they describe.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { LayerRecipe, LayerSegment } from '../../../src/recipe/index.js';
import { checkLayer, rebuildLayer, type ChunkSource } from '../../../src/tar/index.js';
import { seededBytes } from '../../support/random.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const SMALL_FILE_LIMIT = 16 * 1024;
const CHUNK = 32 * 1024;

interface Layer {
  segments: LayerSegment[];
  tar: Buffer;
  contents: Map<string, Buffer>;
  /** every buffer the source hands out, for the identity check */
  handed: Set<Uint8Array>;
}

/** A layer from file sizes: each file after 512 bytes of framing; files over CHUNK are cut into CHUNK-byte chunks. */
function layerOf(sizes: number[], seed: number): Layer {
  const segments: LayerSegment[] = [];
  const contents = new Map<string, Buffer>();
  const parts: Buffer[] = [];
  for (const [i, size] of sizes.entries()) {
    const framing = Buffer.from(seededBytes(seed * 1000 + i, 512));
    const content = Buffer.from(seededBytes(seed * 1000 + i + 500, size));
    segments.push({ kind: 'framing', bytes: framing });
    segments.push({ kind: 'file', digest: sha(content), length: content.length });
    contents.set(sha(content), content);
    parts.push(framing, content);
  }
  const end = Buffer.alloc(1024);
  segments.push({ kind: 'framing', bytes: end });
  parts.push(end);
  const handed = new Set<Uint8Array>(segments.filter((s) => s.kind === 'framing').map((s) => (s as { bytes: Uint8Array }).bytes));
  return { segments, tar: Buffer.concat(parts), contents, handed };
}

function sourceOf(layer: Layer): ChunkSource {
  const chunks = new Map<string, Buffer>();
  const recipes = new Map<string, { digest: string; length: number }[]>();
  for (const [hex, content] of layer.contents) {
    const list: { digest: string; length: number }[] = [];
    for (let at = 0; at < content.length; at += CHUNK) {
      const chunk = content.subarray(at, at + CHUNK);
      chunks.set(sha(chunk), chunk);
      list.push({ digest: sha(chunk), length: chunk.length });
    }
    recipes.set(hex, list);
  }
  const read = async (hexes: readonly string[]) => hexes.map((hex) => {
    const bytes = chunks.get(hex)!;
    layer.handed.add(bytes);
    return bytes;
  });
  return {
    getFileRecipe: async (hex) => ({ chunks: recipes.get(hex)! }),
    readChunks: read,
    readChunksUnchecked: read,
    smallFileLimit: SMALL_FILE_LIMIT,
  };
}

async function pieces(layer: Layer, gather: boolean | undefined, each?: (piece: Uint8Array) => void): Promise<Uint8Array[]> {
  const recipe: LayerRecipe = { tarLength: layer.tar.length, parts: [], segments: { [Symbol.asyncIterator]: async function* () { yield* layer.segments; } } };
  const out: Uint8Array[] = [];
  const options = { checkChunks: false, ...(gather === undefined ? {} : { gather }), ...(each ? { each } : {}) };
  for await (const piece of rebuildLayer(recipe, `sha256:${sha(layer.tar)}`, sourceOf(layer), options)) out.push(piece);
  return out;
}

// File sizes from every class: empty, tiny, just under and over the small-piece bound, one chunk, several chunks.
const size = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 15_000, max: 17_000 }), fc.integer({ min: 17_000, max: 120_000 }));

test('gathered or not, the pieces are the layer tar byte for byte, its DiffID checked', async () => {
  await fc.assert(fc.asyncProperty(fc.array(size, { minLength: 0, maxLength: 60 }), fc.nat(1000), async (sizes, seed) => {
    const layer = layerOf(sizes, seed);
    const seen: Uint8Array[] = [];
    const gathered = await pieces(layer, undefined, (piece) => seen.push(piece));
    const each = await pieces(layer, false);
    // `each` sees every piece as the source gave it, before gathering: the pieces one by one.
    assert.equal(seen.length, each.length);
    seen.forEach((piece, i) => {
      assert.ok(layer.handed.has(piece), `piece ${i} handed to each is one of the source's own buffers`);
      assert.ok(Buffer.from(piece).equals(each[i]!), `piece ${i} handed to each has the bytes of the piece one by one`);
    });
    assert.ok(Buffer.concat(gathered).equals(layer.tar), 'gathered pieces are the tar');
    assert.ok(Buffer.concat(each).equals(layer.tar), 'pieces one by one are the tar');
    assert.ok(gathered.length <= each.length, `gathering never adds pieces (${gathered.length} against ${each.length})`);
    // Not gathered: every piece is a buffer the recipe or the source handed out, as it was.
    for (const piece of each) assert.ok(layer.handed.has(piece), 'a piece that is not one of the source\'s');
  }), { numRuns: 60 });
});

test('a layer of small files goes out in pieces of about 128 KiB', async () => {
  const sizes = Array.from({ length: 2000 }, (_, i) => (i * 37) % 600);
  const layer = layerOf(sizes, 7);
  const gathered = await pieces(layer, true);
  const each = await pieces(layer, false);
  assert.ok(Buffer.concat(gathered).equals(layer.tar));
  assert.equal(each.length, sizes.length + 1 + sizes.filter((n) => n > 0).length, 'one piece per framing segment and per non-empty file');
  assert.ok(gathered.length <= Math.ceil(layer.tar.length / (128 * 1024)) + 1, `${gathered.length} pieces for ${layer.tar.length} bytes`);
  for (const piece of gathered.slice(0, -1)) assert.ok(piece.length >= 128 * 1024, 'every piece but the last holds at least 128 KiB');
});

test('checkLayer: each sees every piece as it came, and the DiffID is still checked', async () => {
  await fc.assert(fc.asyncProperty(fc.array(size, { minLength: 0, maxLength: 40 }), fc.nat(1000), async (sizes, seed) => {
    const layer = layerOf(sizes, seed);
    const oneByOne = await pieces(layer, false);
    const recipe: LayerRecipe = { tarLength: layer.tar.length, parts: [], segments: { [Symbol.asyncIterator]: async function* () { yield* layer.segments; } } };
    const seen: Uint8Array[] = [];
    await checkLayer(recipe, `sha256:${sha(layer.tar)}`, sourceOf(layer), { checkChunks: false, each: (p) => seen.push(p) });
    assert.equal(seen.length, oneByOne.length);
    seen.forEach((piece, i) => assert.ok(Buffer.from(piece).equals(oneByOne[i]!), `piece ${i} seen by each`));
    // The check itself: a DiffID the bytes do not have fails the rebuild.
    const wrong = `sha256:${sha(Buffer.concat([layer.tar, Buffer.from('x')]))}`;
    await assert.rejects(checkLayer(recipe, wrong, sourceOf(layer), { checkChunks: false }), /rebuilt to/);
  }), { numRuns: 40 });
});
