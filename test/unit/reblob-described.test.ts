// A blob description that came from a chunk artifact or a bundle (src/reblob/described.ts) is
// checked against the layer as the image manifest gives it and kept unconfirmed: one about
// another blob is no concern of this layer; one that disagrees with the layer's size, DiffID or
// tar length, says the blob is not reproduced, or is malformed is refused with a reason; a
// stored unconfirmed description round-trips and reads as "not reproduced" to a reader that
// ignores the field.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { CorruptDataError } from '../../src/errors.js';
import { decodeDescription, encodeDescription, outcomeOf, unconfirmedDescription, type BlobDescription } from '../../src/reblob/index.js';

const blob = {
  digest: `sha256:${'ab'.repeat(32)}`, size: 1000, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', diffId: `sha256:${'cd'.repeat(32)}`,
  descriptor: '{"as":"pulled"}', tarLength: 5000,
};
const rebuild = { format: 'gzip' as const, tail: '', members: [{ header: '1f8b08000000000000ff', size: 5000, deflate: { impl: 'zlib-1.2.13' as const, level: 6, memLevel: 8, windowBits: 15, strategy: 0 } }] };
const given = (over: Record<string, unknown> = {}): string => JSON.stringify({
  version: 1, digest: blob.digest, size: blob.size, mediaType: blob.mediaType, diffId: blob.diffId, descriptor: '{"as":"pushed"}', reproduced: true, rebuild, ...over,
});

test('a consistent description is kept unconfirmed, with the manifest\'s descriptor and where it came from', () => {
  const d = unconfirmedDescription(given(), blob, 'the bundle') as BlobDescription;
  assert.equal(typeof d, 'object');
  assert.equal(d.reproduced, false);
  assert.deepEqual((d as { unconfirmed?: unknown }).unconfirmed, rebuild);
  assert.equal(d.descriptor, '{"as":"pulled"}');
  assert.match((d as { reason: string }).reason, /not confirmed yet: described by the bundle/);
  assert.deepEqual(outcomeOf(d), { reproduced: 'unconfirmed' });
  // Stored and read back: the same; without the field it is a plain "not reproduced".
  assert.deepEqual(decodeDescription(encodeDescription(d)), d);
  const { unconfirmed: _, ...plain } = d as BlobDescription & { unconfirmed?: unknown };
  assert.deepEqual(outcomeOf(decodeDescription(encodeDescription(plain as BlobDescription))), { reproduced: false, reason: (d as { reason: string }).reason });
});

test('a description about another blob says nothing; an inconsistent or malformed one is refused with a reason', () => {
  assert.equal(unconfirmedDescription(given({ digest: `sha256:${'ef'.repeat(32)}` }), blob, 'x'), undefined);
  assert.match(String(unconfirmedDescription(given({ size: 999 }), blob, 'x')), /another size or layer/);
  assert.match(String(unconfirmedDescription(given({ diffId: `sha256:${'00'.repeat(32)}` }), blob, 'x')), /another size or layer/);
  assert.match(String(unconfirmedDescription(given(), { ...blob, tarLength: 4999 }, 'x')), /another tar length/);
  assert.match(String(unconfirmedDescription(given({ reproduced: false, reason: 'GNU gzip', rebuild: undefined }), blob, 'x')), /not reproduced/);
  assert.match(String(unconfirmedDescription('{"version":1}', blob, 'x')), /blob description/);
  assert.match(String(unconfirmedDescription(given({ rebuild: { ...rebuild, members: [{ ...rebuild.members[0], deflate: { impl: 'zlib-1.2.13', level: 12, memLevel: 8, windowBits: 15, strategy: 0 } }] } }), blob, 'x')), /blob description/);
  assert.match(String(unconfirmedDescription(given({ rebuild: { format: 'zstd', zstd: '1.4.0', level: 3, checksum: true, contentSize: false } }), blob, 'x')), /needs libzstd 1\.4\.0/);
});

test('a stored unconfirmed rebuild is checked like a confirmed one', () => {
  const d = unconfirmedDescription(given(), blob, 'x') as BlobDescription;
  const bytes = encodeDescription({ ...d, unconfirmed: { format: 'bzip2' } } as unknown as BlobDescription);
  assert.throws(() => decodeDescription(bytes), CorruptDataError);
});
