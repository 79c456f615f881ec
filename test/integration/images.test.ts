// Images in and out through the real tools: umoci builds OCI layouts (Go's archive/tar and
// gzip), skopeo converts them to oci-archive and docker-archive; cairn ingests each, exports
// every layer byte-exact (sha256 = DiffID) and writes OCI layouts that umoci and skopeo accept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const tmp = () => scratchDir('cairn-images-');
const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const missing = ['umoci', 'skopeo'].filter((t) => !have(t));
const skip = missing.length > 0 ? `skipped: ${missing.join(', ')} not installed (.ci/run installs them)` : false;

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function cli(store: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, '--store', store, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

const sha = (bytes: Buffer) => 'sha256:' + createHash('sha256').update(bytes).digest('hex');

/** An OCI layout made by umoci: v1 with a base tree, v2 with one file changed and one added. */
function makeLayout(dir: string): string {
  const layout = join(dir, 'layout');
  run('umoci', ['init', '--layout', layout]);
  run('umoci', ['new', '--image', `${layout}:v1`]);
  const bundle = join(dir, 'bundle');
  run('umoci', ['unpack', '--rootless', '--image', `${layout}:v1`, bundle]);
  const root = join(bundle, 'rootfs');
  mkdirSync(join(root, 'opt', 'app', 'lib'), { recursive: true });
  for (let i = 0; i < 6; i++) writeFileSync(join(root, 'opt', 'app', 'lib', `dep${i}.bin`), seededBytes(`dep${i}`, 400_000 + i * 50_000));
  writeFileSync(join(root, 'opt', 'app', 'VERSION'), '1\n');
  run('umoci', ['repack', '--image', `${layout}:v1`, bundle]);
  writeFileSync(join(root, 'opt', 'app', 'VERSION'), '2\n');
  writeFileSync(join(root, 'opt', 'app', 'lib', 'dep6.bin'), seededBytes('dep6', 300_000));
  run('umoci', ['repack', '--image', `${layout}:v2`, bundle]);
  return layout;
}

test('OCI layout, oci-archive and docker-archive: ingest, byte-exact layers, dedup across versions', { skip, timeout: 300_000 }, () => {
  const dir = tmp();
  const layout = makeLayout(dir);
  const store = join(dir, 'store');
  const first = cli(store, ['--json', 'ingest', layout, '--name', 'app']);
  assert.equal(first.status, 0, first.stderr);
  const result = JSON.parse(first.stdout);
  const names = result.images.map((i: { name: string }) => i.name).sort();
  assert.deepEqual(names, ['app:v1', 'app:v2']);
  // v2 shares v1's layers; its own new layer adds only the changed files' chunks.
  assert.ok(result.totals.newChunks < result.totals.chunks, 'chunks shared between versions');
  // Every layer exports byte-exact, verified against the config's DiffIDs.
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  for (const m of index.manifests) {
    const manifest = JSON.parse(readFileSync(join(layout, 'blobs', 'sha256', m.digest.slice(7)), 'utf8'));
    const config = JSON.parse(readFileSync(join(layout, 'blobs', 'sha256', manifest.config.digest.slice(7)), 'utf8'));
    for (const diffId of config.rootfs.diff_ids) {
      const out = join(dir, 'layer.tar');
      const r = cli(store, ['export', 'layer', diffId, '-o', out]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(sha(readFileSync(out)), diffId);
      const z = cli(store, ['export', 'layer', diffId, '-o', out + '.gz', '--compress', 'gzip']);
      assert.equal(z.status, 0, z.stderr);
      assert.equal(spawnSync('sh', ['-c', `gzip -dc ${out}.gz | sha256sum`], { encoding: 'utf8' }).stdout.slice(0, 64), diffId.slice(7));
    }
  }
  // oci-archive and docker-archive made by skopeo from the same layout.
  const ociArchive = join(dir, 'app-oci.tar');
  run('skopeo', ['copy', `oci:${layout}:v2`, `oci-archive:${ociArchive}:v2`]);
  const dockerArchive = join(dir, 'app-docker.tar');
  run('skopeo', ['copy', `oci:${layout}:v2`, `docker-archive:${dockerArchive}:example.com/app:v2`]);
  const fromOci = JSON.parse(cli(store, ['--json', 'ingest', ociArchive, '--name', 'archived']).stdout);
  assert.equal(fromOci.images[0].name, 'archived:v2');
  assert.equal(fromOci.totals.newChunks, 0, 'nothing new: same layers');
  const fromDocker = cli(store, ['--json', 'ingest', dockerArchive]);
  assert.equal(fromDocker.status, 0, fromDocker.stderr);
  const docker = JSON.parse(fromDocker.stdout);
  assert.equal(docker.images[0].name, 'example.com/app:v2');
  assert.equal(docker.totals.newChunks, 0);
  assert.equal(cli(store, ['verify', '--deep']).status, 0);
});

test('export oci writes a layout that umoci unpacks and skopeo copies; DiffIDs unchanged', { skip, timeout: 300_000 }, () => {
  const dir = tmp();
  const layout = makeLayout(dir);
  const store = join(dir, 'store');
  assert.equal(cli(store, ['ingest', layout, '--name', 'app']).status, 0);
  for (const variant of [[], ['--uncompressed'], ['--compress', 'zstd']]) {
    const out = join(dir, `out${variant.join('')}`);
    const r = cli(store, ['export', 'oci', 'app:v2', out, ...variant]);
    assert.equal(r.status, 0, r.stderr);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
    assert.equal(index.manifests[0].annotations['org.opencontainers.image.ref.name'], 'v2');
    const manifest = JSON.parse(readFileSync(join(out, 'blobs', 'sha256', index.manifests[0].digest.slice(7)), 'utf8'));
    const configBytes = readFileSync(join(out, 'blobs', 'sha256', manifest.config.digest.slice(7)));
    // The config is verbatim: the same bytes as umoci wrote.
    const original = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')).manifests.find((m: { annotations: Record<string, string> }) => m.annotations['org.opencontainers.image.ref.name'] === 'v2');
    const originalManifest = JSON.parse(readFileSync(join(layout, 'blobs', 'sha256', original.digest.slice(7)), 'utf8'));
    assert.equal(manifest.config.digest, originalManifest.config.digest, 'image ID unchanged');
    const config = JSON.parse(configBytes.toString('utf8'));
    manifest.layers.forEach((layer: { digest: string; mediaType: string }, i: number) => {
      const blob = readFileSync(join(out, 'blobs', 'sha256', layer.digest.slice(7)));
      assert.equal(sha(blob), layer.digest);
      const tar = layer.mediaType.endsWith('+gzip')
        ? spawnSync('gzip', ['-dc'], { input: blob, maxBuffer: 1 << 28 }).stdout
        : layer.mediaType.endsWith('+zstd') ? spawnSync('zstd', ['-dc'], { input: blob, maxBuffer: 1 << 28 }).stdout : blob;
      assert.equal(sha(tar), config.rootfs.diff_ids[i], `layer ${i} uncompresses to its DiffID`);
    });
    if (variant[1] !== 'zstd') {
      run('umoci', ['unpack', '--rootless', '--image', `${out}:v2`, join(dir, `bundle-check${variant.join('')}`)]);
      assert.ok(existsSync(join(dir, `bundle-check${variant.join('')}`, 'rootfs', 'opt', 'app', 'lib', 'dep6.bin')));
    }
    run('skopeo', ['copy', `oci:${out}:v2`, `dir:${join(dir, `skopeo${variant.join('')}`)}`]);
  }
});

test('lone layer tars (plain, gzip, zstd) become one-layer images; hostile archives fail cleanly', () => {
  const dir = tmp();
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'a'), { recursive: true });
  writeFileSync(join(tree, 'a', 'big.bin'), seededBytes('lone', 700_000));
  writeFileSync(join(tree, 'small.txt'), 'hello\n');
  const tar = join(dir, 'layer.tar');
  run('tar', ['--format=gnu', '-cf', tar, '-C', tree, '.']);
  writeFileSync(tar + '.gz', gzipSync(readFileSync(tar)));
  run('zstd', ['-q', '-f', tar, '-o', tar + '.zst']);
  const store = join(dir, 'store');
  const diffId = sha(readFileSync(tar));
  for (const [file, name] of [[tar, 'lone:plain'], [tar + '.gz', 'lone:gzip'], [tar + '.zst', 'lone:zstd']] as const) {
    const r = cli(store, ['--json', 'ingest', file, '--name', name]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).images[0].layers, [diffId]);
  }
  const out = join(dir, 'out.tar');
  assert.equal(cli(store, ['export', 'layer', diffId.slice(7), '-o', out]).status, 0);
  assert.ok(readFileSync(out).equals(readFileSync(tar)));
  // Hostile or broken inputs: a clear one-line error, exit 2, nothing named, store verifies.
  const bytes = readFileSync(tar);
  const badChecksum = Buffer.from(bytes);
  badChecksum[148] ^= 1;
  const cases: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['text', Buffer.from('this is not a tar archive\n'.repeat(40))],
    ['bad-checksum', badChecksum],
    ['truncated', bytes.subarray(0, 1536 + 100)],
    ['truncated-gzip', gzipSync(bytes).subarray(0, 2000)],
    ['huge-size', (() => { const b = Buffer.from(bytes.subarray(0, 2048)); b.write('77777777777\0', 124, 'ascii'); return b; })()],
  ];
  for (const [label, content] of cases) {
    const path = join(dir, `${label}.tar`);
    writeFileSync(path, content);
    const r = cli(store, ['ingest', path, '--name', `bad:${label}`]);
    assert.equal(r.status, 2, `${label}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${label}: one line: ${r.stderr}`);
  }
  const ls = JSON.parse(cli(store, ['--json', 'ls']).stdout);
  assert.ok(!ls.images.some((i: { names: string[] }) => i.names.some((n) => n.startsWith('bad:'))));
  assert.equal(cli(store, ['verify']).status, 0);
  // A DiffID the store does not have: a clear error.
  const missing = cli(store, ['export', 'layer', '0'.repeat(64), '-o', join(dir, 'x.tar')]);
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /no layer 0{64} in the store/);
  assert.ok(!existsSync(join(dir, 'x.tar')));
});
