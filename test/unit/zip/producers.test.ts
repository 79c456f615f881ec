// Zip and jar archives from real producers split into skeleton + entries and rebuilt byte
// for byte: Python's zipfile (system zlib: every deflated entry re-deflates), `jar` (Java's
// zlib), Info-ZIP `zip` (its own deflate: large entries fall back to their bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rebuildZip, splitZip, type ZipSplit } from '../../../src/zip/index.js';
import { has, python, run, textLike } from '../deflate/fixtures.js';
import { pythonZip, type SpecEntry } from './make-zip.js';
import { scratchDir } from '../../support/scratch.js';

function roundTrip(zip: Uint8Array): ZipSplit {
  const split = splitZip(zip);
  assert.deepEqual(Buffer.from(rebuildZip(split)), Buffer.from(zip), 'rebuilt byte for byte');
  const dataBytes = split.entries.reduce((n, e) => n + (e.kind === 'raw' ? e.bytes.length : e.compressedSize), 0);
  assert.equal(split.skeleton.length + dataBytes, zip.length, 'skeleton + data = archive');
  return split;
}

const files: SpecEntry[] = [
  { name: 'META-INF/MANIFEST.MF', data: Buffer.from('Manifest-Version: 1.0\r\n\r\n'), deflated: true },
  { name: 'com/example/Big.class', data: textLike(1, 150_000), deflated: true },
  { name: 'com/example/Small.class', data: textLike(2, 3_000), deflated: true },
  { name: 'empty/', data: new Uint8Array(0), deflated: false },
  { name: 'stored.bin', data: textLike(3, 5_000), deflated: false },
];

test('Python zipfile at levels 1, 6 and 9: every deflated entry re-deflates, content inflated', () => {
  for (const level of [1, 6, 9]) {
    const zip = pythonZip({ entries: files.map((f) => ({ ...f, level })), comment: 'archive comment' });
    const split = roundTrip(zip);
    assert.deepEqual(split.entries.map((e) => e.name), files.map((f) => f.name));
    const big = split.entries[1]!;
    assert.equal(big.kind, 'deflate');
    if (big.kind === 'deflate') {
      assert.deepEqual(big.deflate, { impl: 'zlib-1.2.13', level, memLevel: 8, windowBits: 15, strategy: 0 });
      assert.deepEqual(Buffer.from(big.content), Buffer.from(files[1]!.data));
    }
    assert.deepEqual(split.entries.map((e) => e.kind), ['deflate', 'deflate', 'deflate', 'raw', 'raw']);
    const stored = split.entries[4]!;
    assert.deepEqual(stored.kind === 'raw' && Buffer.from(stored.bytes), Buffer.from(files[4]!.data));
  }
});

test('data descriptors, zip64 local extras, entry and archive comments, bytes before the archive', () => {
  const entries = files.map((f) => ({ ...f, comment: `about ${f.name}` }));
  for (const spec of [{ streamed: true }, { zip64: true }, { streamed: true, zip64: true, comment: 'c' }]) {
    const zip = pythonZip({ entries, ...spec });
    const split = roundTrip(zip);
    assert.equal(split.entries.filter((e) => e.kind === 'deflate').length, 3, JSON.stringify(spec));
    if (spec.streamed) assert.ok(zip.readUInt16LE(6) & 8, 'bit 3: data descriptor');
  }
  const sfx = Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), pythonZip({ entries })]);
  assert.equal(roundTrip(sfx).entries.filter((e) => e.kind === 'deflate').length, 3);
});

test('a zip64 end record (more than 65535 entries)', () => {
  const count = 65_540;
  const zip = python(
    `import zipfile,io,sys\nb=io.BytesIO()\nwith zipfile.ZipFile(b,'w') as z:\n  for i in range(${count}): z.writestr(str(i), b'')\nsys.stdout.buffer.write(b.getvalue())`,
  );
  assert.ok(zip.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06])), 'has a zip64 end record');
  assert.equal(roundTrip(zip).entries.length, count);
});

function inTempDir(body: (dir: string) => void): void {
  const dir = scratchDir('cairn-zip-');
  try {
    mkdirSync(join(dir, 'in/com/example'), { recursive: true });
    writeFileSync(join(dir, 'in/com/example/Big.class'), files[1]!.data);
    writeFileSync(join(dir, 'in/com/example/Small.class'), files[2]!.data);
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('jar (java.util.zip on the system zlib): entries re-deflate', { skip: has('jar') ? false : 'no jar on this machine (no JDK)' }, () => {
  inTempDir((dir) => {
    run('jar', ['cf', join(dir, 'a.jar'), '-C', join(dir, 'in'), '.']);
    const split = roundTrip(readFileSync(join(dir, 'a.jar')));
    const big = split.entries.find((e) => e.name === 'com/example/Big.class');
    assert.equal(big?.kind, 'deflate');
    assert.equal(big?.kind === 'deflate' && big.deflate.impl, 'zlib-1.2.13');
  });
});

test('Info-ZIP zip: its own deflate is not claimed reproducible, and the archive still round-trips', () => {
  inTempDir((dir) => {
    run('sh', ['-c', `cd '${join(dir, 'in')}' && zip -q -r -6 ../a.zip .`]);
    const split = roundTrip(readFileSync(join(dir, 'a.zip')));
    const big = split.entries.find((e) => e.name === 'com/example/Big.class');
    assert.equal(big?.kind, 'raw');
    assert.equal(big?.kind === 'raw' && big.reason, 'not reproducible');
  });
});
