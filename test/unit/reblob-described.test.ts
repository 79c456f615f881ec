// A blob description that came from a chunk artifact (src/reblob/described.ts) is kept only
// when compressing the layer's tar as it says gives the manifest's blob: a description with
// another level, or with another tar length, is refused with a reason; one about another blob
// is no concern of this layer. Pieces are copied as they are given (the caller's buffers may be
// reused at once). The blobs are made by Python's gzip module (the system zlib) and zstd-napi.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CompressStream } from 'zstd-napi';
import { gzipHeaderLength } from '../../src/deflate/index.js';
import { checkDescribedBlob, encodeDescription, type BlobDescription } from '../../src/reblob/index.js';
import { compress, layerTarOf } from '../support/gzip-layouts.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-described-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

const tar = layerTarOf(dir, 'described');
const gz = compress('python-6', tar);
const blob = { digest: sha(gz), size: gz.length, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', diffId: sha(tar), descriptor: '{}', tarLength: tar.length };
const header = gz.subarray(0, gzipHeaderLength(gz, 0)).toString('hex');
const gzipDescription = (level: number, size = tar.length): string => encodeDescription({
  version: 1, digest: blob.digest, size: blob.size, mediaType: blob.mediaType, diffId: blob.diffId, descriptor: '{"as":"pushed"}', reproduced: true,
  rebuild: { format: 'gzip', tail: '', members: [{ header, size, deflate: { impl: 'zlib-1.2.13', level, memLevel: 8, windowBits: 15, strategy: 0 } }] },
}).toString('utf8');

/** Feeds the tar in uneven pieces, each scribbled over once given; the description it ends with. */
async function feed(text: string, target = blob, source = tar): Promise<BlobDescription | string | undefined> {
  const check = checkDescribedBlob(text, target, dir);
  if (typeof check !== 'object') return check;
  for (let at = 0, n = 1; at < source.length; n = (n * 7919 + 13) % 300_000 + 1) {
    const piece = Buffer.from(source.subarray(at, at + n));
    check.piece(piece);
    piece.fill(0xa5);
    at += n;
  }
  return check.describe();
}

test('the description that reproduces the blob is confirmed, with the manifest\'s descriptor', async () => {
  const d = await feed(gzipDescription(6));
  assert.equal(typeof d, 'object');
  assert.equal((d as BlobDescription).reproduced, true, JSON.stringify(d));
  assert.equal((d as BlobDescription).descriptor, '{}');
  assert.equal((d as BlobDescription).digest, blob.digest);
});

test('a description at another level is not confirmed, and says so', async () => {
  const d = await feed(gzipDescription(9)) as BlobDescription;
  assert.equal(d.reproduced, false);
  assert.match((d as { reason: string }).reason, /does not reproduce the blob/);
});

test('a description about another blob is nothing to check; one that disagrees with the layer is refused', async () => {
  const other = { ...blob, digest: sha(Buffer.from('another blob')) };
  assert.equal(await feed(gzipDescription(6), other), undefined);
  assert.match(String(await feed(gzipDescription(6, tar.length - 1))), /another tar length/);
  assert.match(String(await feed(gzipDescription(6), { ...blob, size: blob.size + 1 })), /another size or layer/);
  assert.match(String(await feed('{"version":1}')), /blob description/);
  const refused = JSON.parse(gzipDescription(6)) as Record<string, unknown>;
  delete refused.rebuild;
  assert.match(String(await feed(JSON.stringify({ ...refused, reproduced: false, reason: 'GNU gzip' }))), /not reproduced/);
});

/** The tar through zstd-napi's streaming compressor (what `push --compress zstd` writes). */
async function zstdOf(bytes: Buffer, level: number): Promise<Buffer> {
  const stream = new CompressStream({ compressionLevel: level, checksumFlag: true });
  const out: Buffer[] = [];
  stream.on('data', (c: Buffer) => out.push(c));
  const ended = once(stream, 'end');
  stream.end(bytes);
  await ended;
  return Buffer.concat(out);
}

test('a zstd description is confirmed by the level that made the blob, and not by another', async () => {
  const zst = await zstdOf(tar, 3);
  const target = { ...blob, digest: sha(zst), size: zst.length, mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd' };
  const text = (level: number): string => encodeDescription({
    version: 1, digest: target.digest, size: target.size, mediaType: target.mediaType, diffId: blob.diffId, descriptor: '{}', reproduced: true,
    rebuild: { format: 'zstd', zstd: '1.5.7', level, checksum: true, contentSize: false },
  }).toString('utf8');
  assert.equal(((await feed(text(3), target)) as BlobDescription).reproduced, true);
  assert.equal(((await feed(text(9), target)) as BlobDescription).reproduced, false);
});
