// Ingest's progress events: `ingest:bytes` with `done` of a `total` known before any layer is
// read (the first event already carries it), `total` equal to the bytes the ingest reads (file
// sizes, the layout blobs the store lacks, a directory's regular files), `done` rising with
// the reads and ending equal to `total`. (compressionThreads 0: dist-test holds no worker script.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ingest, openStore, type ProgressEvent } from '../../src/index.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const sha = (bytes: Buffer) => 'sha256:' + createHash('sha256').update(bytes).digest('hex');
const size = (path: string) => statSync(path).size;

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
}

/** A layer tar (GNU tar) of one seeded file. */
function layerTar(dir: string, label: string, bytes: number): Buffer {
  const tree = join(dir, `tree-${label}`);
  mkdirSync(tree, { recursive: true });
  writeFileSync(join(tree, `${label}.bin`), seededBytes(label, bytes));
  const out = join(dir, `${label}.tar`);
  run('tar', ['--format=gnu', '-cf', out, '-C', tree, '.']);
  return readFileSync(out);
}

/** An OCI layout of images given as their layer tars (gzip blobs), tagged v0, v1, …; returns each layer blob's size by DiffID. */
function makeLayout(layout: string, images: Buffer[][]): Map<string, number> {
  const blobs = join(layout, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (bytes: Buffer) => {
    writeFileSync(join(blobs, sha(bytes).slice(7)), bytes);
    return { digest: sha(bytes), size: bytes.length };
  };
  const sizes = new Map<string, number>();
  const manifests = images.map((tars, i) => {
    const layers = tars.map((tar) => {
      const blob = gzipSync(tar);
      sizes.set(sha(tar), blob.length);
      return { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...put(blob) };
    });
    const config = put(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: tars.map(sha) } })));
    const manifest = put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers })));
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': `v${i}` } };
  });
  writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
  return sizes;
}

/** Ingests `paths` into the store at `dir` and returns the ingest:bytes events. */
async function ingestEvents(dir: string, paths: string[], name?: string): Promise<Extract<ProgressEvent, { type: 'ingest:bytes' }>[]> {
  const events: Extract<ProgressEvent, { type: 'ingest:bytes' }>[] = [];
  const store = await openStore(dir, { compressionThreads: 0, onProgress: (e) => { if (e.type === 'ingest:bytes') events.push(e); } });
  try {
    await ingest(store, paths, name === undefined ? {} : { name });
  } finally {
    await store.close();
  }
  return events;
}

/** The events start at 0 of `total`, add up, never pass it, and end at it. */
function assertProgress(events: Extract<ProgressEvent, { type: 'ingest:bytes' }>[], total: number): void {
  assert.deepEqual(events[0], { type: 'ingest:bytes', bytes: 0, done: 0, total });
  let done = 0;
  for (const event of events) {
    assert.equal(event.total, total);
    assert.ok(event.bytes >= 0);
    done += event.bytes;
    assert.equal(event.done, done, 'done is the sum of the increments');
    assert.ok(event.done <= total, `done ${event.done} within total ${total}`);
  }
  assert.equal(done, total, 'done ends equal to total');
}

test('a layer tar: total is the file size, done rises as it is read', async () => {
  const dir = scratchDir('ingest-progress-');
  const tar = join(dir, 'layer.tar.gz');
  writeFileSync(tar, gzipSync(layerTar(dir, 'lone', 3 << 20), { level: 1 }));
  const events = await ingestEvents(join(dir, 'store'), [tar], 'lone:v1');
  assertProgress(events, size(tar));
  assert.ok(events.length >= 4, `several events while reading (${events.length})`);
});

test('a directory: total is its regular files, each inode once, from a walk made first', async () => {
  const dir = scratchDir('ingest-progress-');
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'sub'), { recursive: true });
  writeFileSync(join(tree, 'big.bin'), seededBytes('dir-big', 2_500_000));
  writeFileSync(join(tree, 'sub', 'small.txt'), 'hello\n');
  writeFileSync(join(tree, 'empty'), '');
  linkSync(join(tree, 'big.bin'), join(tree, 'sub', 'hardlink.bin'));
  symlinkSync('big.bin', join(tree, 'symlink'));
  const events = await ingestEvents(join(dir, 'store'), [tree], 'tree:v1');
  assertProgress(events, 2_500_000 + 6);
});

test('layouts: total is the new layer blobs only; an archive counts its file size; several inputs add up', async () => {
  const dir = scratchDir('ingest-progress-');
  const base = layerTar(dir, 'base', 1_500_000);
  const app = layerTar(dir, 'app', 700_000);
  const extra = layerTar(dir, 'extra', 400_000);
  const first = join(dir, 'first');
  const firstSizes = makeLayout(first, [[base]]);
  const store = join(dir, 'store');
  assertProgress(await ingestEvents(store, [first], 'first'), firstSizes.get(sha(base))!);
  // base is stored now: only app counts, once, though two images list it.
  const second = join(dir, 'second');
  const secondSizes = makeLayout(second, [[base, app], [app]]);
  assertProgress(await ingestEvents(store, [second], 'second'), secondSizes.get(sha(app))!);
  // Nothing new: a total of 0, and no byte counted.
  assert.deepEqual(await ingestEvents(store, [second], 'second'), [{ type: 'ingest:bytes', bytes: 0, done: 0, total: 0 }]);
  // An OCI archive (its file size), a layout with one new layer and a layer tar, in one ingest.
  const archiveLayout = join(dir, 'archived');
  makeLayout(archiveLayout, [[extra]]);
  const archive = join(dir, 'archived.tar');
  run('tar', ['--format=gnu', '-cf', archive, '-C', archiveLayout, '.']);
  const third = join(dir, 'third');
  const more = layerTar(dir, 'more', 300_000);
  const thirdSizes = makeLayout(third, [[base, more]]);
  const lone = join(dir, 'lone.tar');
  writeFileSync(lone, layerTar(dir, 'lone', 200_000));
  const events = await ingestEvents(store, [archive, third, lone]);
  assertProgress(events, size(archive) + thirdSizes.get(sha(more))! + size(lone));
});
