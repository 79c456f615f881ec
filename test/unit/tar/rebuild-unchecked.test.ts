/**
 * rebuildLayer with checkChunks false: chunks come from readChunksUnchecked and the DiffID
 * covers them; a layer that does not match is read again through readChunks (checked), whose
 * error names the damaged chunk, and when every chunk checks out the DiffID's error stands.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CorruptDataError } from '../../../src/errors.js';
import type { LayerRecipe, LayerSegment } from '../../../src/recipe/index.js';
import { rebuildLayer, type ChunkSource } from '../../../src/tar/index.js';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const files = [Buffer.from('first file\n'), Buffer.alloc(70_000, 7), Buffer.from('third')];
const segments: LayerSegment[] = [];
for (const [i, content] of files.entries()) {
  segments.push({ kind: 'framing', bytes: Buffer.alloc(512, i) });
  segments.push({ kind: 'file', digest: sha(content), length: content.length });
}
const tar = Buffer.concat(segments.map((s) => (s.kind === 'framing' ? s.bytes : files.find((f) => sha(f) === s.digest)!)));
const diffId = 'sha256:' + sha(tar);
const recipe = (): LayerRecipe => ({ tarLength: tar.length, parts: [], segments: { [Symbol.asyncIterator]: async function* () { yield* segments; } } });

/** Each file is one chunk; `unchecked` may hand back other bytes for the file `bad`; counts the calls. */
function source(bad: string | undefined, checkedFinds: boolean) {
  const calls = { checked: 0, unchecked: 0 };
  const bytesOf = (hex: string) => files.find((f) => sha(f) === hex)!;
  const src: ChunkSource = {
    getFileRecipe: async (hex) => ({ chunks: [{ digest: hex, length: bytesOf(hex).length }] }),
    readChunks: async (hexes) => {
      calls.checked++;
      if (checkedFinds && bad && hexes.includes(bad)) throw new CorruptDataError(`chunk sha256:${bad} in pack p1 is corrupt (digest mismatch)`, { digest: `sha256:${bad}`, pack: 'p1' });
      return hexes.map(bytesOf);
    },
    readChunksUnchecked: async (hexes) => {
      calls.unchecked++;
      return hexes.map((hex) => (hex === bad ? Buffer.alloc(bytesOf(hex).length, 0x55) : bytesOf(hex)));
    },
  };
  return { src, calls };
}

async function drain(iterable: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; error: unknown }> {
  const pieces: Uint8Array[] = [];
  try {
    for await (const piece of iterable) pieces.push(piece);
  } catch (error) {
    return { bytes: Buffer.concat(pieces), error };
  }
  return { bytes: Buffer.concat(pieces), error: undefined };
}

test('unchecked: a sound layer reads through readChunksUnchecked only', async () => {
  const { src, calls } = source(undefined, true);
  const { bytes, error } = await drain(rebuildLayer(recipe(), diffId, src, { checkChunks: false }));
  assert.equal(error, undefined);
  assert.ok(bytes.equals(tar));
  assert.equal(calls.checked, 0);
  assert.ok(calls.unchecked > 0);
});

test('unchecked: a damaged chunk is named by the checking pass, after the layer came out', async () => {
  const bad = sha(files[1]!);
  const { src, calls } = source(bad, true);
  const seen: Uint8Array[] = [];
  const { bytes, error } = await drain(rebuildLayer(recipe(), diffId, src, { checkChunks: false, each: (piece) => seen.push(piece) }));
  // `each` sees the first pass's pieces (what came out), then the checking pass's.
  const all = Buffer.concat(seen);
  assert.ok(all.subarray(0, bytes.length).equals(bytes), 'each saw the first pass as it came out');
  const rechecked = all.subarray(bytes.length);
  assert.ok(error instanceof CorruptDataError);
  assert.equal(error.digest, `sha256:${bad}`);
  assert.equal(error.pack, 'p1');
  assert.equal(bytes.length, tar.length, 'the damaged bytes came out before the DiffID failed');
  assert.ok(calls.checked > 0);
  assert.ok(rechecked.length > 0 && rechecked.equals(tar.subarray(0, rechecked.length)), 'the checking pass hands its pieces to each');
});

test('unchecked: when every chunk checks out, the DiffID error stands', async () => {
  const { src } = source(sha(files[1]!), false);
  const { error } = await drain(rebuildLayer(recipe(), diffId, src, { checkChunks: false }));
  assert.ok(error instanceof CorruptDataError);
  assert.equal(error.digest, diffId);
  assert.match(error.message, /the layer recipe is corrupt/);
});

test('checked (the default): the damaged chunk stops the layer before its bytes', async () => {
  const bad = sha(files[1]!);
  const { src, calls } = source(bad, true);
  const { bytes, error } = await drain(rebuildLayer(recipe(), diffId, src));
  assert.ok(error instanceof CorruptDataError);
  assert.equal(error.digest, `sha256:${bad}`);
  assert.ok(bytes.length <= 512 + files[0]!.length + 512);
  assert.equal(calls.unchecked, 0);
});
