// Blob descriptions (store record kind 10) read back from storage: a well-formed one parses
// to what was encoded; anything malformed is a CorruptDataError, never a half-read value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CorruptDataError } from '../../src/errors.js';
import { decodeDescription, encodeDescription, type BlobDescription } from '../../src/reblob/index.js';

const D = `sha256:${'ab'.repeat(32)}`;
const good: BlobDescription = {
  version: 1, digest: D, size: 10, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', diffId: `sha256:${'cd'.repeat(32)}`,
  descriptor: '{"digest":"x"}', reproduced: true,
  rebuild: { format: 'gzip', tail: '', members: [{ header: '1f8b0800000000000003', size: 5, deflate: { impl: 'zlib-1.2.13', level: 6, memLevel: 8, windowBits: 15, strategy: 0 } }] },
};

test('a blob description round-trips through its encoding', () => {
  assert.deepEqual(decodeDescription(encodeDescription(good)), good);
  const no: BlobDescription = { ...good, reproduced: false, reason: 'GNU gzip' } as BlobDescription;
  delete (no as { rebuild?: unknown }).rebuild;
  assert.deepEqual(decodeDescription(encodeDescription(no)), no);
});

test('malformed blob descriptions are CorruptDataError', () => {
  const bad = (value: unknown) => assert.throws(() => decodeDescription(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))), CorruptDataError);
  bad('not json');
  bad({ ...good, version: 2 });
  bad({ ...good, digest: 'sha256:zz' });
  bad({ ...good, size: -1 });
  bad({ ...good, rebuild: { ...good.rebuild, format: 'bzip2' } });
  bad({ ...good, rebuild: { format: 'gzip', tail: '', members: [{ header: '1f8b', size: 5, deflate: { impl: 'zlib-1.2.13', level: 12, memLevel: 8, windowBits: 15, strategy: 0 } }] } });
  bad({ ...good, rebuild: { format: 'gzip', tail: '', members: [] } });
  bad({ ...good, reproduced: false });
});
