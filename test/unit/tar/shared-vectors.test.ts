// The published tar vectors (../shared/vectors/tar, from vbatts/tar-split: Go's archive/tar
// test archives and tar-split's reassembly archives). Every `roundtrip` row must split and
// rebuild to its DiffID; every `either` row must fail with BadInputError or rebuild to its
// DiffID; no row may raise any other error or take more than a few seconds. Each row is fed
// whole, in 7-byte pieces and in 1-byte pieces, and must give the same outcome each time.
// Headers are checked against Python's tarfile where it reads the archive, and against
// values stated in Go's reader tests for a few archives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readSparseMapFromData, type TarHeader } from '../../../src/tar/index.js';
import { SHARED_VECTORS, sharedVectorsMissing } from '../../support/paths.js';
import { hasTool, pythonListings, runFilter } from '../../support/tar-fixtures.js';
import { comparePython, feed, listEntries, sha256Hex, splitAndRebuild } from './split-helpers.js';
import { scratchDir } from '../../support/scratch.js';

const skip = sharedVectorsMissing('tar');
if (skip) console.log(`# tar vectors ${skip}`);
const dir = join(SHARED_VECTORS, 'tar');

interface Row {
  file: string;
  sha256: string;
  size: number;
  expect: 'roundtrip' | 'either';
  diffId: string;
}

function rows(): Row[] {
  return readFileSync(join(dir, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const cols = line.split('\t');
      assert.ok(cols[4] === 'roundtrip' || cols[4] === 'either', `expectation of ${cols[0]}`);
      return { file: cols[0]!, sha256: cols[2]!, size: Number(cols[3]), expect: cols[4], diffId: cols[5]! };
    });
}

const GZIP_MAGIC = [0x1f, 0x8b];
const BZIP2_MAGIC = [0x42, 0x5a, 0x68]; // "BZh"

/** The uncompressed tar: gzip by content (one asm- file has no .gz name), bzip2 via `bzip2 -dc` when installed. */
function load(file: string): { bytes: Uint8Array; note?: string } {
  const raw = new Uint8Array(readFileSync(join(dir, file)));
  if (raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1]) return { bytes: new Uint8Array(gunzipSync(raw)) };
  if (BZIP2_MAGIC.every((b, i) => raw[i] === b)) {
    const plain = hasTool('bzip2') ? runFilter('bzip2 -dc', raw) : undefined;
    if (plain) return { bytes: plain };
    return { bytes: raw, note: 'bzip2 not installed: fed compressed' };
  }
  return { bytes: raw };
}

type Outcome = { kind: 'ok'; digest: string; headers: TarHeader[] } | { kind: 'rejected'; message: string };

async function outcome(source: AsyncIterable<Uint8Array>): Promise<Outcome> {
  try {
    const { rebuilt, headers } = await splitAndRebuild(source);
    return { kind: 'ok', digest: `sha256:${sha256Hex(rebuilt)}`, headers };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    assert.equal(e.code, 'CAIRN_BAD_INPUT', `only BadInputError may escape: ${String(error)}`);
    return { kind: 'rejected', message: e.message ?? '' };
  }
}

/** Archives Python's tarfile reads differently from Go (and cairn), with the reason. */
const PYTHON_DIFFERS: Record<string, string> = {
  'hdr-only.tar': 'Python skips the size field of links, devices, fifos and directories as data; Go does not',
  'gnu-incremental.tar': "Python reads a GNU header's atime and ctime fields as a ustar prefix of the name",
  'gnu-multi-hdrs.tar': "Python keeps the first of several 'L'/'K' headers; Go (and cairn) the last",
  'pax-multi-hdrs.tar': "Python merges several 'x' headers; Go (and cairn) keep only the last",
  'pax-global-records.tar': 'Python (and GNU tar) take a global "path=" as an empty name; POSIX says an empty value deletes the global record',
};

/**
 * Bytes fed in small pieces before the feeder moves to 64 KiB ones. Under node's test runner
 * every promise is tracked, which makes a piece cost several µs: only asm-fatlonglink (26 MB)
 * is longer than this, and its first 256 KiB hold headers, data and padding boundaries alike.
 */
const SMALL_PIECE_BUDGET = 256 * 1024;
/** A hang guard (bounded time on hostile input), not a speed figure: speed is measured in bench/. */
const TIME_LIMIT_MS = 60_000;

test('shared tar vectors: roundtrip rows rebuild to their DiffID, either rows fail cleanly or rebuild', { skip, timeout: 900_000 }, async () => {
  const report: string[] = [];
  for (const row of rows()) {
    const stored = readFileSync(join(dir, row.file));
    assert.deepEqual([sha256Hex(stored), stored.length], [row.sha256, row.size], `${row.file}: intact`);
    const { bytes, note } = load(row.file);
    const results: string[] = [];
    for (const [label, source] of [
      ['whole', () => feed(bytes, Math.max(1, bytes.length))],
      ['7-byte', () => feed(bytes, 7, SMALL_PIECE_BUDGET)],
      ['1-byte', () => feed(bytes, 1, SMALL_PIECE_BUDGET)],
    ] as const) {
      const started = performance.now();
      const result = await outcome(source());
      const elapsed = performance.now() - started;
      assert.ok(elapsed < TIME_LIMIT_MS, `${row.file} (${label}): ${Math.round(elapsed)} ms`);
      if (row.expect === 'roundtrip') assert.equal(result.kind, 'ok', `${row.file} (${label}) must round-trip: ${result.kind === 'rejected' ? result.message : ''}`);
      if (result.kind === 'ok') assert.equal(result.digest, row.diffId, `${row.file} (${label}): rebuilt digest`);
      results.push(result.kind === 'ok' ? 'roundtrip' : `rejected: ${result.message}`);
    }
    assert.ok(results.every((r) => r === results[0]), `${row.file}: same outcome whatever the pieces: ${results.join(' | ')}`);
    report.push(`${row.expect.padEnd(9)} ${row.file}: ${results[0]}${note ? ` (${note})` : ''}`);
  }
  console.log(report.map((line) => `# ${line}`).join('\n'));
});

/** Python's types whose data is a regular file's (tarfile.REGULAR_TYPES); PAX sparse files are '0'. */
const PYTHON_REGULAR = new Set(['0', '\0', '7', 'S']);

test("shared tar vectors: splitTar's payloads and readEntries' headers are what Python's tarfile reads", { skip, timeout: 120_000 }, async () => {
  const scratch = scratchDir('cairn-tar-vectors-');
  try {
    const roundtrips = rows().filter((r) => r.expect === 'roundtrip');
    const paths = roundtrips.map((row, i) => {
      const path = join(scratch, `${i}.tar`);
      writeFileSync(path, load(row.file).bytes);
      return path;
    });
    const python = pythonListings(paths);
    let compared = 0;
    for (const [index, row] of roundtrips.entries()) {
      const listing = python[index];
      if (listing === undefined) {
        console.log(`# ${row.file}: Python's tarfile cannot read it (Go and cairn can): not compared`);
        continue;
      }
      const differs = PYTHON_DIFFERS[row.file];
      if (differs) {
        console.log(`# ${row.file}: not compared with Python: ${differs}`);
        continue;
      }
      const { bytes } = load(row.file);
      // The payloads (the bytes chunked as file content) are where Python finds regular files' data.
      const { headers, payloads } = await splitAndRebuild([bytes]);
      const regular = listing.filter((p) => PYTHON_REGULAR.has(p.type));
      assert.equal(payloads.length, regular.length, `${row.file}: one payload per regular file`);
      payloads.forEach((payload, i) => {
        const p = regular[i]!;
        const what = `${row.file} payload ${i} (${headers[i]!.name})`;
        if (headers[i]!.sparse?.mapInData) {
          // PAX sparse 1.0 keeps its map at the start of the data; Python's offset is past it.
          assert.ok(p.offsetData >= payload.offset && p.offsetData <= payload.offset + payload.length, `${what}: data within the payload`);
        } else {
          assert.equal(payload.offset, p.offsetData, `${what}: data offset`);
          if (!headers[i]!.sparse) assert.equal(payload.length, p.size, `${what}: length`);
        }
      });
      comparePython(row.file, (await listEntries([bytes])).map((e) => e.header), listing);
      compared++;
    }
    assert.ok(compared >= 20, `${compared} archives compared with Python`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('shared tar vectors: values stated by Go archive/tar reader tests', { skip }, async () => {
  const entries = async (file: string) => (await listEntries([load(file).bytes])).map((e) => e.header);

  const gnu = await entries('gnu.tar');
  assert.deepEqual(gnu.map((h) => [h.name, h.size, h.mode, h.uid, h.gid, h.uname, h.gname, h.mtime, h.format]), [
    ['small.txt', 5, 0o640, 73025, 5000, 'dsymonds', 'eng', 1244428340, 'gnu'],
    ['small2.txt', 11, 0o640, 73025, 5000, 'dsymonds', 'eng', 1244436044, 'gnu'],
  ]);
  const star = await entries('star.tar');
  assert.deepEqual(star.map((h) => [h.name, h.format, h.atime, h.ctime]), [
    ['small.txt', 'star', 1244592783, 1244592783],
    ['small2.txt', 'star', 1244592783, 1244592783],
  ]);
  assert.deepEqual((await entries('v7.tar')).map((h) => [h.name, h.typeflag, h.rawTypeflag, h.format]), [
    ['small.txt', '0', 0, 'v7'],
    ['small2.txt', '0', 0, 'v7'],
  ]);
  const pax = await entries('pax.tar');
  const digits = Array.from({ length: 100 }, (_, i) => String(i + 1)).join('');
  assert.equal(pax[0]!.name, `a/${digits}`);
  assert.equal(pax[0]!.mtime, 1350244992.023960108);
  assert.equal(pax[0]!.format, 'pax');
  assert.deepEqual([pax[1]!.name, pax[1]!.typeflag, pax[1]!.linkname], ['a/b', '2', digits]);

  const xattrs = await entries('xattrs.tar');
  const text = (x: Record<string, Uint8Array>) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, Buffer.from(v).toString('latin1')]));
  assert.deepEqual(text(xattrs[0]!.xattrs), { 'user.key': 'value', 'user.key2': 'value2', 'security.selinux': 'unconfined_u:object_r:default_t:s0\0' });
  assert.deepEqual(text(xattrs[1]!.xattrs), { 'security.selinux': 'unconfined_u:object_r:default_t:s0\0' });

  const incremental = await entries('gnu-incremental.tar');
  assert.deepEqual(incremental.map((h) => [h.name, h.typeflag, h.size]), [
    ['test2/', 'D', 14],
    ['test2/foo', '0', 64],
    ['test2/sparse', 'S', 0],
  ]);
  assert.deepEqual(incremental[2]!.sparse, { realSize: 536870912, map: [{ offset: 536870912, length: 0 }] });
  assert.ok(incremental[0]!.atime !== undefined && incremental[0]!.ctime !== undefined, 'incremental dumps set atime and ctime');

  assert.deepEqual((await entries('gnu-multi-hdrs.tar')).map((h) => [h.name, h.linkname]), [['GNU2/GNU2/long-path-name', 'GNU4/GNU4/long-linkpath-name']]);
  assert.deepEqual((await entries('pax-multi-hdrs.tar')).map((h) => [h.name, h.linkname]), [['bar', 'PAX4/PAX4/long-linkpath-name']]);
  assert.deepEqual((await entries('gnu-long-nul.tar')).map((h) => h.name), ['0123456789']);
  assert.deepEqual((await entries('pax-pos-size-file.tar')).map((h) => [h.name, h.size]), [['foo', 999]]);
  // A pre-Go1.8 GNU header with a ustar prefix where atime and ctime belong: read as the prefix.
  assert.deepEqual((await entries('invalid-go17.tar')).map((h) => [h.name, h.uid]), [[`${'a'.repeat(97)}/foo`, 0o10000000]]);
  assert.deepEqual((await entries('gnu-utf8.tar')).map((h) => h.name), ['☺☻☹'.repeat(18)]);
  // Not UTF-8: decoded as ISO-8859-1, bytes kept.
  const notUtf8 = (await entries('gnu-not-utf8.tar'))[0]!;
  assert.equal(Buffer.from(notUtf8.nameBytes).toString('hex'), Buffer.from('hi\x80\x81\x82\x83bye', 'latin1').toString('hex'));
  assert.equal(notUtf8.name, 'hi\x80\x81\x82\x83bye');
  const devs = (await entries('ustar-file-devs.tar'))[0]!;
  assert.deepEqual([devs.name, devs.devmajor, devs.devminor], ['file', 1, 1]);
  const trailing = (await entries('trailing-slash.tar'))[0]!;
  assert.deepEqual([trailing.name, trailing.typeflag], [`${'123456789/'.repeat(30)}`, '5']);

  // hdr-only.tar: 16 entries, the last 8 repeat the first with size fields set; links,
  // devices, fifos and directories carry no data whatever their size says (Go's rule).
  const hdrOnly = await entries('hdr-only.tar');
  assert.equal(hdrOnly.length, 16);
  assert.deepEqual(hdrOnly.slice(8).map((h) => [h.name, h.typeflag, h.size]), hdrOnly.slice(0, 8).map((h) => [h.name, h.typeflag, h.size]));

  // Global records apply to later entries (POSIX, GNU tar, Python); an empty global value deletes one.
  assert.deepEqual((await entries('pax-global-records.tar')).map((h) => [h.name, h.mtime]), [
    ['global1', 1500000000],
    ['file2', 1500000000],
    ['file3', 1500000000],
    ['file4', 1400000000],
  ]);
});

test('shared tar vectors: every sparse encoding in sparse-formats.tar describes the same file', { skip }, async () => {
  const entries = (await listEntries([load('sparse-formats.tar').bytes])).filter((e) => e.header.sparse);
  assert.deepEqual(entries.map((e) => e.header.name), ['sparse-gnu', 'sparse-posix-0.0', 'sparse-posix-0.1', 'sparse-posix-1.0']);
  const expand = (map: { offset: number; length: number }[], realSize: number, data: Buffer) => {
    const out = Buffer.alloc(realSize);
    let at = 0;
    for (const region of map) {
      data.copy(out, region.offset, at, at + region.length);
      at += region.length;
    }
    assert.equal(at, data.length, 'the regions use all the data');
    return out;
  };
  const files = entries.map(({ header, data }) => {
    const sparse = header.sparse!;
    if (!sparse.mapInData) return expand(sparse.map, sparse.realSize, data);
    assert.equal(readSparseMapFromData(data.subarray(0, 100), sparse.realSize), undefined, 'a partial map asks for more');
    const inData = readSparseMapFromData(data, sparse.realSize)!;
    assert.equal(inData.dataOffset % 512, 0);
    return expand(inData.map, sparse.realSize, data.subarray(inData.dataOffset));
  });
  for (const file of files.slice(1)) assert.deepEqual(file, files[0]);
  assert.equal(files[0]!.length, 200);
});
