// Gzip files from real producers: which re-deflate byte for byte (Python's gzip module on
// the system zlib 1.2.13, node:zlib 1.3.1, Go's compress/gzip) and which must be reported as not reproducible
// (GNU gzip's own deflate), with the whole file rebuilt from content + descriptor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describeGzip, rebuildGzip, nodeZlibMatches, type GzipDescriptor } from '../../../src/deflate/index.js';
import { python, run, textLike } from './fixtures.js';
import { compress, goMissing, type Producer } from '../../support/gzip-layouts.js';

const input = textLike(7, 300_000);

function reproduced(gz: Uint8Array): GzipDescriptor {
  const r = describeGzip(gz);
  assert.deepEqual(Buffer.from(r.content), input, 'content is the input');
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.deepEqual(Buffer.from(rebuildGzip(r.descriptor, r.content)), Buffer.from(gz), 'rebuilt byte for byte');
  return r.descriptor;
}

test('Python gzip (system zlib 1.2.13) at levels 1, 6 and 9: reproduced by pako at that level', () => {
  for (const level of [1, 6, 9]) {
    const gz = python(`import gzip,sys; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read(), compresslevel=${level}, mtime=1234567))`, input);
    const d = reproduced(gz);
    assert.equal(d.members.length, 1);
    assert.deepEqual(d.members[0]!.deflate, { impl: 'zlib-1.2.13', level, memLevel: 8, windowBits: 15, strategy: 0 });
    assert.equal(d.members[0]!.size, input.length);
  }
});

test('Python GzipFile header with a file name, mtime and OS byte kept verbatim', () => {
  const gz = python(
    `import gzip,sys,io\nb=io.BytesIO()\nwith gzip.GzipFile(filename='layer.tar', mode='wb', fileobj=b, mtime=99) as f: f.write(sys.stdin.buffer.read())\nsys.stdout.buffer.write(b.getvalue())`,
    input,
  );
  const d = reproduced(gz);
  const header = Buffer.from(d.members[0]!.header, 'hex');
  assert.equal(header[3], 8, 'FNAME flag');
  assert.equal(header.readUInt32LE(4), 99, 'mtime');
  assert.equal(header.subarray(10).toString('latin1'), 'layer.tar\0');
});

test('node:zlib gzip at levels 1, 6, 9: reproduced as zlib-1.3.1', () => {
  assert.ok(nodeZlibMatches(), `this test needs Node's zlib 1.3.1, found ${process.versions.zlib}`);
  for (const level of [1, 6, 9]) {
    const d = reproduced(gzipSync(input, { level }));
    assert.deepEqual(d.members[0]!.deflate, { impl: 'zlib-1.3.1', level, memLevel: 8, windowBits: 15, strategy: 0 });
  }
});

test('Go compress/gzip at levels 1, 2, 6 and 9: reproduced as go-flate at that level', { skip: goMissing() }, () => {
  for (const level of [1, 2, 6, 9]) {
    const d = reproduced(compress(`go-${level}` as Producer, input));
    assert.deepEqual(d.members[0]!.deflate, { impl: 'go-flate', level });
  }
});

test('GNU gzip -6: not reproducible, content still returned', () => {
  for (const level of ['-1', '-6', '-9']) {
    const gz = run('gzip', [level, '-c'], input);
    const r = describeGzip(gz);
    assert.equal(r.ok, false, `gzip ${level} must not be claimed reproducible`);
    assert.deepEqual(Buffer.from(r.content), input);
  }
});

test('two members and trailing zero padding', () => {
  const a = python(`import gzip,sys; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read()[:100000], 6, mtime=0))`, input);
  const b = python(`import gzip,sys; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read()[100000:], 9, mtime=5))`, input);
  const gz = Buffer.concat([a, b, Buffer.alloc(7)]);
  const d = reproduced(gz);
  assert.deepEqual(d.members.map((m) => [m.size, m.deflate.impl === 'stored' ? -1 : m.deflate.level]), [[100000, 6], [200000, 9]]);
  assert.equal(d.tail, '00000000000000');
});

test('empty content', () => {
  const gz = python(`import gzip,sys; sys.stdout.buffer.write(gzip.compress(b'', 6, mtime=0))`);
  const r = describeGzip(gz);
  assert.ok(r.ok);
  assert.deepEqual(Buffer.from(rebuildGzip(r.descriptor, r.content)), gz);
});
