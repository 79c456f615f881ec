// Keeping the original manifest digest: an image whose gzip layers a known deflate made (Python's
// gzip module on Debian's system zlib, Node's zlib, Go's compress/gzip) goes through ingest and `export oci` with
// every blob and the manifest byte for byte as they came in, compared with the input files;
// one whose layers GNU gzip made gets a new manifest and says so; the blob descriptions
// survive gc, verify --deep and repair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cairn, tmp } from '../support/cli.js';
import { fileDigest, goMissing, makeLayout, type MadeLayout, type Producer } from '../support/gzip-layouts.js';

const REF = 'org.opencontainers.image.ref.name';

interface ExportJson {
  manifest: string;
  original: boolean;
  layers: { diffId: string; digest: string; size: number; mediaType: string; reproduced: boolean; reason?: string }[];
}

function ok(r: { status: number | null; stderr: string }, what: string): void {
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
}

function exportJson(store: string, image: string, out: string, extra: string[] = []): { json: ExportJson; stderr: string } {
  const r = cairn(store, ['--json', 'export', 'oci', image, out, ...extra]);
  ok(r, 'export oci');
  return { json: JSON.parse(r.stdout) as ExportJson, stderr: r.stderr };
}

/** The exported layout names the original manifest, and holds every original blob byte for byte. */
function assertOriginal(made: MadeLayout, out: string, tag: string): void {
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  const entry = index.manifests.find((m) => m.annotations?.[REF] === tag);
  assert.equal(entry?.digest, made.manifest, 'index.json names the original manifest digest');
  for (const digest of made.blobs.keys()) {
    const path = join(out, 'blobs', 'sha256', digest.slice(7));
    assert.ok(existsSync(path), `blob ${digest} written`);
    // Compared with the input layout's file, hashed independently of cairn.
    assert.equal(fileDigest(path), fileDigest(join(made.dir, 'blobs', 'sha256', digest.slice(7))), `blob ${digest} identical`);
  }
}

for (const producer of ['python-6', 'python-9', 'node-6', 'go-1', 'go-6', 'go-9'] as Producer[]) {
  const skip = producer.startsWith('go-') ? goMissing() : false;
  test(`gzip layers made by ${producer}: ingest, export oci keeps the manifest digest and every blob`, { timeout: 300_000, skip }, () => {
    const dir = tmp(`reblob-${producer}`);
    const made = makeLayout(join(dir, 'in'), producer, [`${producer}-a`, `${producer}-small`, `${producer}-base`]);
    const store = join(dir, 'store');
    ok(cairn(store, ['ingest', made.dir, '--name', 'app:v1']), 'ingest');
    const out = join(dir, 'out');
    const { json, stderr } = exportJson(store, 'app:v1', out);
    assert.equal(json.original, true, stderr);
    assert.equal(json.manifest, made.manifest);
    assert.deepEqual(json.layers.map((l) => l.reproduced), [true, true, true]);
    assertOriginal(made, out, 'v1');
    rmSync(dir, { recursive: true, force: true });
  });
}

test('gzip layers made by GNU gzip: export oci writes a new manifest, says so, and every blob matches its digest', { timeout: 300_000 }, () => {
  const dir = tmp('reblob-gnu');
  const made = makeLayout(join(dir, 'in'), 'gnu-gzip-6', ['gnu-a']);
  const store = join(dir, 'store');
  ok(cairn(store, ['ingest', made.dir, '--name', 'app:v1']), 'ingest');
  const out = join(dir, 'out');
  const { json, stderr } = exportJson(store, 'app:v1', out);
  assert.equal(json.original, false);
  assert.notEqual(json.manifest, made.manifest);
  assert.equal(json.layers[0]!.reproduced, false);
  assert.match(json.layers[0]!.reason ?? '', /no known deflate/);
  assert.match(stderr, /original manifest cannot be kept/);
  for (const name of readdirSync(join(out, 'blobs', 'sha256'))) assert.equal(fileDigest(join(out, 'blobs', 'sha256', name)), `sha256:${name}`);
  // Human output says it too.
  const human = cairn(store, ['export', 'oci', 'app:v1', join(dir, 'out2')]);
  ok(human, 'export oci');
  assert.match(human.stderr, /original manifest cannot be kept.*1 of 1 layer/);
  rmSync(dir, { recursive: true, force: true });
});

test('ingest --no-blob-descriptions: the blobs are not watched, export oci writes a new manifest and says why', { timeout: 300_000 }, () => {
  const dir = tmp('reblob-nodesc');
  const made = makeLayout(join(dir, 'in'), 'node-6', ['nodesc-a']);
  const store = join(dir, 'store');
  ok(cairn(store, ['ingest', made.dir, '--name', 'app:v1', '--no-blob-descriptions']), 'ingest');
  const { json } = exportJson(store, 'app:v1', join(dir, 'out'));
  assert.equal(json.original, false);
  assert.notEqual(json.manifest, made.manifest);
  assert.match(json.layers[0]!.reason ?? '', /no description of the original blob/);
  // Ingested again with descriptions, the layer is already stored: still none (said so).
  ok(cairn(store, ['ingest', made.dir, '--name', 'app:v1']), 'ingest again');
  assert.equal(exportJson(store, 'app:v1', join(dir, 'out2')).json.original, false);
  rmSync(dir, { recursive: true, force: true });
});

test('a later layer that fails ends the ingest while an earlier blob is still being confirmed: nothing named, the store verifies, a retry keeps the blobs', { timeout: 300_000 }, () => {
  const dir = tmp('reblob-fail');
  const made = makeLayout(join(dir, 'in'), 'node-6', ['node-6-a', 'node-6-base']);
  const second = join(made.dir, 'blobs', 'sha256', made.layers[1]!.digest.slice(7));
  const good = readFileSync(second);
  // Cut short: the gzip stream ends early (and the bytes no longer match the digest).
  writeFileSync(second, good.subarray(0, good.length >> 1));
  const store = join(dir, 'store');
  const failed = cairn(store, ['ingest', made.dir, '--name', 'app:v1']);
  assert.notEqual(failed.status, 0, 'ingest of a cut blob fails');
  assert.match(failed.stderr, new RegExp(made.layers[1]!.digest.slice(7, 19)));
  assert.equal(cairn(store, ['ls']).stdout.includes('app:v1'), false, 'no name was set');
  ok(cairn(store, ['verify']), 'verify');
  writeFileSync(second, good);
  ok(cairn(store, ['ingest', made.dir, '--name', 'app:v1']), 'ingest again');
  const { json } = exportJson(store, 'app:v1', join(dir, 'out'));
  assert.equal(json.manifest, made.manifest, 'the original manifest is kept');
  assert.deepEqual(json.layers.map((l) => l.reproduced), [true, true]);
  rmSync(dir, { recursive: true, force: true });
});

test('blob descriptions survive gc, verify --deep and repair (index rebuilt from the packs)', { timeout: 300_000 }, () => {
  const dir = tmp('reblob-maint');
  const made = makeLayout(join(dir, 'in'), 'python-6', ['maint-a']);
  const other = makeLayout(join(dir, 'other'), 'node-6', ['maint-b'], 'v2');
  const store = join(dir, 'store');
  ok(cairn(store, ['ingest', made.dir, '--name', 'app:v1']), 'ingest');
  ok(cairn(store, ['ingest', other.dir, '--name', 'other:v2']), 'ingest other');
  ok(cairn(store, ['rm', 'other:v2']), 'rm');
  ok(cairn(store, ['gc']), 'gc');
  const verify = cairn(store, ['verify', '--deep']);
  ok(verify, 'verify');
  rmSync(join(store, 'index'), { recursive: true, force: true });
  ok(cairn(store, ['repair']), 'repair');
  ok(cairn(store, ['verify', '--deep']), 'verify after repair');
  const out = join(dir, 'out');
  const { json } = exportJson(store, 'app:v1', out);
  assert.equal(json.original, true);
  assertOriginal(made, out, 'v1');
  rmSync(dir, { recursive: true, force: true });
});

test('zstd layers: a blob zstd-napi made (cairn export --compress zstd) comes back byte for byte; the zstd CLI\'s is reproduced or says why not', { timeout: 300_000 }, () => {
  const dir = tmp('reblob-zstd');
  const made = makeLayout(join(dir, 'in'), 'python-6', ['zstd-a']);
  const first = join(dir, 'store1');
  ok(cairn(first, ['ingest', made.dir, '--name', 'app:v1']), 'ingest');
  const zstdLayout = join(dir, 'zstd');
  ok(cairn(first, ['export', 'oci', 'app:v1', zstdLayout, '--compress', 'zstd']), 'export zstd');
  const zIndex = JSON.parse(readFileSync(join(zstdLayout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  const zManifest = zIndex.manifests[0]!.digest;
  const second = join(dir, 'store2');
  ok(cairn(second, ['ingest', zstdLayout, '--name', 'app:z']), 'ingest zstd layout');
  const out = join(dir, 'out');
  const { json } = exportJson(second, 'app:z', out);
  assert.equal(json.original, true);
  assert.equal(json.manifest, zManifest);
  for (const name of readdirSync(join(zstdLayout, 'blobs', 'sha256'))) {
    assert.equal(fileDigest(join(out, 'blobs', 'sha256', name)), fileDigest(join(zstdLayout, 'blobs', 'sha256', name)), name);
  }

  const cli = makeLayout(join(dir, 'cli'), 'zstd-cli-3', ['zstd-b']);
  ok(cairn(second, ['ingest', cli.dir, '--name', 'cli:v1']), 'ingest zstd CLI layout');
  const cliOut = exportJson(second, 'cli:v1', join(dir, 'cli-out'));
  if (cliOut.json.original) assertOriginal(cli, join(dir, 'cli-out'), 'v1');
  else assert.match(cliOut.json.layers[0]!.reason ?? '', /zstd/);
  rmSync(dir, { recursive: true, force: true });
});

test('a blob description that does not rebuild its blob: export fails (CorruptDataError) and writes no blob under that digest', { timeout: 300_000 }, async () => {
  const { openStore, ingest, exportOciLayout, CorruptDataError } = await import('cairn');
  const dir = tmp('reblob-forged');
  const made = makeLayout(join(dir, 'in'), 'python-6', ['forged-a']);
  const layer = made.layers[0]!;
  const blob = made.blobs.get(layer.digest)!;
  const store = await openStore(join(dir, 'store'));
  try {
    // Level 1 instead of 6: stored before ingest, so ingest keeps it rather than describing the blob.
    await store.putBlobDescription({
      version: 1, digest: layer.digest, size: blob.length, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', diffId: layer.diffId,
      descriptor: '{}', reproduced: true,
      rebuild: { format: 'gzip', members: [{ header: blob.subarray(0, 10).toString('hex'), size: 0, deflate: { impl: 'zlib-1.2.13', level: 1, memLevel: 8, windowBits: 15, strategy: 0 } }], tail: '' },
    });
    await store.commit();
    await ingest(store, [made.dir], { name: 'app:v1' });
    const out = join(dir, 'out');
    await assert.rejects(exportOciLayout(store, 'app:v1', out), (error: unknown) => error instanceof CorruptDataError);
    const written = readdirSync(join(out, 'blobs', 'sha256'));
    assert.ok(!written.includes(layer.digest.slice(7)), 'no blob under the layer digest');
    assert.deepEqual(written.filter((n) => n.startsWith('.tmp')), [], 'no temporary file left');
    assert.ok(!existsSync(join(out, 'index.json')), 'no index written');
  } finally {
    await store.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

test('an image cairn made from a directory has no original blob: export oci gzips its layer, without a note', { timeout: 120_000 }, () => {
  const dir = tmp('reblob-dir');
  const tree = join(dir, 'tree');
  mkdirSync(tree);
  writeFileSync(join(tree, 'a.txt'), 'hello\n'.repeat(10_000));
  const store = join(dir, 'store');
  ok(cairn(store, ['ingest', tree, '--name', 'd:1']), 'ingest');
  const { json, stderr } = exportJson(store, 'd:1', join(dir, 'out'));
  assert.equal(json.original, false);
  assert.equal(json.layers[0]!.reproduced, false);
  assert.equal(json.layers[0]!.mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
  const layerBlob = readFileSync(join(dir, 'out', 'blobs', 'sha256', json.layers[0]!.digest.slice(7)));
  assert.deepEqual([...layerBlob.subarray(0, 2)], [0x1f, 0x8b]);
  assert.equal(stderr, '');
  rmSync(dir, { recursive: true, force: true });
});
