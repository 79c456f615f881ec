// The quick layer-tar check (src/ingest/layer-tar-check.ts) against the full detection
// (detectArchiveKind): on tars made by GNU tar and bsdtar in several formats, it says "surely a
// layer tar" only where the full detection says layer-tar, and it does say so for plain layers
// (else it would save nothing); any member or long name that could be an image archive's, an
// empty stream, and a truncated one are left to the full detection. surelyLayerTarFile, which
// reads a plain tar file's headers alone (positioned reads, file data passed over) and a
// compressed one as a stream, gives the same answers from the files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { surelyLayerTar, surelyLayerTarFile } from '../../../src/ingest/layer-tar-check.js';
import { detectArchiveKind } from '../../../src/oci/archive.js';
import { fileStream } from '../../../src/file-stream.js';
import { scratchDir } from '../../support/scratch.js';

async function* once(bytes: Buffer): AsyncGenerator<Uint8Array> {
  // In odd-sized pieces, so that headers straddle reads.
  for (let at = 0; at < bytes.length; at += 777) yield bytes.subarray(at, at + 777);
}

function tar(dir: string, out: string, args: string[]): string {
  const made = spawnSync(args[0]!, [...args.slice(1), '-cf', out, '-C', dir, '.']);
  assert.equal(made.status, 0, made.stderr?.toString());
  return out;
}

test('surely a layer tar only where the full detection says layer-tar', async () => {
  const work = scratchDir('cairn-quick-kind-');
  try {
    const plain = join(work, 'plain');
    mkdirSync(join(plain, 'usr', 'lib'), { recursive: true });
    for (let i = 0; i < 50; i++) writeFileSync(join(plain, 'usr', 'lib', `f${i}`), 'x'.repeat(i * 97));
    // Files larger than the file scan's 64 KiB window: their data is passed over, not read.
    for (let i = 0; i < 3; i++) writeFileSync(join(plain, 'usr', 'lib', `big${i}`), 'y'.repeat(70_000 + i * 100_001));
    mkdirSync(join(plain, 'a'.repeat(120), 'b'.repeat(90)), { recursive: true });
    writeFileSync(join(plain, 'a'.repeat(120), 'b'.repeat(90), 'long-named-file'), 'data');
    const docker = join(work, 'docker');
    mkdirSync(docker);
    writeFileSync(join(docker, 'manifest.json'), '[]');
    const oci = join(work, 'oci');
    mkdirSync(oci);
    writeFileSync(join(oci, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    const deep = join(work, 'deep');
    mkdirSync(join(deep, 'x'.repeat(130)), { recursive: true });
    writeFileSync(join(deep, 'x'.repeat(130), 'manifest.json'), '{}');

    const cases: [string, string, boolean][] = [];
    for (const [label, args] of [['gnu', ['tar', '--format=gnu']], ['pax', ['tar', '--format=pax']], ['ustar', ['tar', '--format=ustar']], ['bsdtar', ['bsdtar']]] as const) {
      // ustar cannot hold the 120+90 byte path; bsdtar and GNU tar refuse it there.
      if (label !== 'ustar') cases.push([`${label} plain`, tar(plain, join(work, `${label}-plain.tar`), [...args]), true]);
      cases.push([`${label} docker`, tar(docker, join(work, `${label}-docker.tar`), [...args]), false]);
      cases.push([`${label} oci`, tar(oci, join(work, `${label}-oci.tar`), [...args]), false]);
      if (label !== 'ustar') cases.push([`${label} deep`, tar(deep, join(work, `${label}-deep.tar`), [...args]), false]);
    }
    // PAX extension data larger than the window, with and without a name the detection looks for.
    const comment = 'c'.repeat(100_000);
    cases.push(['pax long comment', tar(plain, join(work, 'pax-comment.tar'), ['tar', '--format=pax', `--pax-option=comment:=${comment}`]), true]);
    cases.push(['pax comment naming manifest.json', tar(plain, join(work, 'pax-named.tar'), ['tar', '--format=pax', `--pax-option=comment:=${comment}manifest.json`]), false]);
    // Compressed: the file scan reads those as streams.
    for (const [tool, ext] of [['gzip', 'gz'], ['zstd', 'zst']] as const) {
      for (const [name, expected] of [['gnu-plain', true], ['gnu-docker', false]] as const) {
        const made = spawnSync(tool, ['-k', '-q', '-f', join(work, `${name}.tar`)]);
        assert.equal(made.status, 0, made.stderr?.toString());
        cases.push([`${name} ${tool}`, join(work, `${name}.tar.${ext}`), expected]);
      }
    }
    for (const [label, path, expected] of cases) {
      const compressed = path.endsWith('.gz') || path.endsWith('.zst');
      // A stream scan takes tar bytes: compressed files are the file scan's alone.
      if (!compressed) assert.equal(await surelyLayerTar(once(readFileSync(path))), expected, label);
      const quick = await surelyLayerTarFile(path);
      assert.equal(quick, expected, `${label}, from the file`);
      if (quick) assert.equal(await detectArchiveKind(path), 'layer-tar', `${label}: the full detection disagrees`);
    }
    // The full detection finds these image archives (so a false above is not a guess).
    assert.equal(await detectArchiveKind(join(work, 'gnu-docker.tar')), 'docker-archive');
    assert.equal(await detectArchiveKind(join(work, 'gnu-oci.tar')), 'oci-archive');

    const whole = readFileSync(join(work, 'gnu-plain.tar'));
    assert.equal(await surelyLayerTar(once(Buffer.alloc(0))), false, 'empty stream');
    assert.equal(await surelyLayerTar(once(whole.subarray(0, 512 * 3 + 100))), false, 'truncated');
    const bad = Buffer.from(whole);
    bad[0] ^= 1;
    assert.equal(await surelyLayerTar(once(bad)), false, 'bad checksum');
    for (const [label, bytes] of [['empty file', Buffer.alloc(0)], ['truncated file', whole.subarray(0, 512 * 3 + 100)], ['file with a bad checksum', bad], ['file cut inside a large file', whole.subarray(0, whole.length - 70_000)]] as const) {
      writeFileSync(join(work, 'odd.tar'), bytes);
      assert.equal(await surelyLayerTarFile(join(work, 'odd.tar')), false, label);
    }
    await assert.rejects(surelyLayerTarFile(join(work, 'missing.tar')), /cannot read .*missing\.tar/);
    // Streams that read whole files work too.
    assert.equal(await surelyLayerTar(fileStream(join(work, 'pax-plain.tar'))), true);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
