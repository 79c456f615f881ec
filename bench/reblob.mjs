// What keeping the original blobs costs: ingest of an OCI layout whose gzip layers a given
// producer made (cairn watches each blob: picks the deflate settings from its first blocks and
// compresses the whole tar again alongside to confirm them), next to ingesting the same .tar.gz
// files as lone layer tars (the same reading, inflating and chunking, no watching). Then
// `export oci` with the original blobs (rebuilt byte for byte) next to `--compress gzip`. Then,
// with docker-registry and skopeo installed, the layout copied into a loopback registry by skopeo
// and `cairn pull` of it into an empty store (describing each blob from its first MiB, kept
// unconfirmed) next to `cairn pull --no-blob-descriptions`, and whether `export oci` of the
// pulled image gives the producer's manifest.
// Producers: Python's gzip (system zlib), node:zlib, GNU gzip, and Go's compress/gzip at levels
// 6 and 1 when the Go toolchain is installed. Layers: the largest image of the demo corpus.
// Whole processes, best of 2, same run.
import { mkdtempSync, rmSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { bestOf, have, timed } from './peers.mjs';
import { printTable } from './lib.mjs';
import { startRegistry } from './registry-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'cli', 'main.js');
const sha = (b) => 'sha256:' + createHash('sha256').update(b).digest('hex');

const PYTHON = 'import gzip,sys\nd=sys.stdin.buffer.read()\nwith gzip.GzipFile(fileobj=sys.stdout.buffer,mode="wb",compresslevel=6,mtime=0) as f: f.write(d)';
const PRODUCERS = {
  'Python gzip -6 (system zlib: pako confirms)': (tar) => spawnSync('python3', ['-c', PYTHON], { input: tar, maxBuffer: 1 << 30 }).stdout,
  'node:zlib -6 (node:zlib confirms)': (tar) => gzipSync(tar, { level: 6 }),
  'GNU gzip -6 (ruled out at the first block)': (tar) => spawnSync('gzip', ['-n', '-6', '-c'], { input: tar, maxBuffer: 1 << 30 }).stdout,
};

/** Go's compress/gzip as a producer (test/support/go-gzip built into `dir`), when the Go toolchain is installed. */
function addGoProducers(dir) {
  if (spawnSync('go', ['version']).status !== 0) {
    console.log('(no Go toolchain: the Go producer rows are left out; Debian: golang-go)');
    return;
  }
  const out = join(dir, 'go-gzip');
  const env = { ...process.env, GOCACHE: join(dir, 'go-cache'), GOPATH: join(dir, 'gopath'), GOFLAGS: '-mod=mod' };
  const r = spawnSync('go', ['build', '-o', out, '.'], { cwd: join(root, 'test', 'support', 'go-gzip'), env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`go build: ${r.stderr}`);
  for (const level of ['6', '1']) {
    PRODUCERS[`Go compress/gzip -${level} (go-flate confirms)`] = (tar) => spawnSync(out, [level], { input: tar, maxBuffer: 1 << 30 }).stdout;
  }
}

function layout(dir, blobs, diffIds) {
  const put = (bytes) => {
    const digest = sha(bytes);
    writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), bytes);
    return digest;
  };
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffIds } }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: put(config), size: config.length },
    layers: blobs.map((b) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: put(b), size: b.length })),
  }));
  const digest = put(manifest);
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }] }));
  return digest;
}

export async function runReblob() {
  const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) throw new Error('corpus build failed');
  const corpusDir = build.stdout.trim().split('\n').pop();
  const corpus = JSON.parse(readFileSync(join(corpusDir, 'corpus.json'), 'utf8'));
  const size = (i) => i.layerTars.reduce((s, t) => s + statSync(t).size, 0);
  const image = corpus.images.reduce((a, b) => (size(b) > size(a) ? b : a));
  const tars = image.layerTars.map((t) => readFileSync(t));
  const tarBytes = tars.reduce((s, t) => s + t.length, 0);
  console.log(`\n### ${image.name}: ${tars.length} layers, ${(tarBytes / 1e6).toFixed(1)} MB of tar\n`);
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-reblob-'));
  const rows = [];
  const pulls = [];
  const registry = have('docker-registry') && have('skopeo') ? await startRegistry(join(work, 'registry')) : undefined;
  if (!registry) console.log('(no docker-registry or skopeo: the pull rows are left out)');
  try {
    addGoProducers(work);
    for (const [label, compress] of Object.entries(PRODUCERS)) {
      const blobs = tars.map((t) => compress(t));
      const dir = join(work, 'layout');
      rmSync(dir, { recursive: true, force: true });
      const manifest = layout(dir, blobs, image.diffIds);
      const files = blobs.map((b, i) => {
        const path = join(work, `layer-${i}.tar.gz`);
        writeFileSync(path, b);
        return path;
      });
      const store = join(work, 'store');
      const fresh = () => rmSync(store, { recursive: true, force: true });
      const watched = bestOf(2, () => {
        fresh();
        return timed([process.execPath, CLI, '--store', store, '--quiet', 'ingest', dir, '--name', 'app:v1']);
      });
      // The lone tars are ingested one process each: time them the same way, summed.
      let plainSeconds = Infinity;
      for (let k = 0; k < 2; k++) {
        fresh();
        let s = 0;
        for (const [i, f] of files.entries()) s += timed([process.execPath, CLI, '--store', store, '--quiet', 'ingest', f, '--name', `l:${i}`]).seconds;
        plainSeconds = Math.min(plainSeconds, s);
      }
      fresh();
      timed([process.execPath, CLI, '--store', store, '--quiet', 'ingest', dir, '--name', 'app:v1']);
      const out = join(work, 'out');
      const original = bestOf(2, () => {
        rmSync(out, { recursive: true, force: true });
        return timed([process.execPath, CLI, '--store', store, '--json', 'export', 'oci', 'app:v1', out]);
      });
      const kept = JSON.parse(original.stdout).manifest === manifest;
      const gzip = bestOf(2, () => {
        rmSync(out, { recursive: true, force: true });
        return timed([process.execPath, CLI, '--store', store, '--quiet', 'export', 'oci', 'app:v1', out, '--compress', 'gzip']);
      });
      rows.push([label, `${watched.seconds.toFixed(2)} s`, `${plainSeconds.toFixed(2)} s`, `${(watched.seconds / plainSeconds).toFixed(2)}×`,
        kept ? 'yes' : 'no', `${original.seconds.toFixed(2)} s`, `${gzip.seconds.toFixed(2)} s`]);
      if (registry) pulls.push([label, ...pullRow(registry.host, dir, manifest, work, pulls.length)]);
    }
  } finally {
    registry?.stop();
    rmSync(work, { recursive: true, force: true });
  }
  printTable(['layers gzipped by', 'ingest layout', 'ingest lone .tar.gz', 'ratio', 'digest kept', 'export original', 'export --compress gzip'], rows);
  if (pulls.length > 0) {
    console.log('');
    printTable(['layers gzipped by', 'pull', 'pull --no-blob-descriptions', 'ratio', 'export oci of the pulled image: digest kept'], pulls);
  }
}

/** The layout in `dir` copied into the registry by skopeo, then pulled by cairn into empty stores, timed (best of 2). */
function pullRow(host, dir, manifest, work, n) {
  const ref = `${host}/reblob/p${n}:v1`;
  const copied = spawnSync('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${dir}:v1`, `docker://${ref}`], { encoding: 'utf8' });
  if (copied.status !== 0) throw new Error(`skopeo copy: ${copied.stderr}`);
  const store = join(work, 'pulled');
  const pull = (extra) => bestOf(2, () => {
    rmSync(store, { recursive: true, force: true });
    return timed([process.execPath, CLI, '--store', store, '--quiet', 'pull', ref, '--name', 'app:v1', ...extra]);
  });
  const bare = pull(['--no-blob-descriptions']);
  const described = pull([]);
  const out = join(work, 'out-pulled');
  rmSync(out, { recursive: true, force: true });
  const exported = timed([process.execPath, CLI, '--store', store, '--json', 'export', 'oci', 'app:v1', out]);
  const kept = JSON.parse(exported.stdout).manifest === manifest;
  return [`${described.seconds.toFixed(2)} s`, `${bare.seconds.toFixed(2)} s`, `${(described.seconds / bare.seconds).toFixed(2)}×`, kept ? 'yes' : 'no'];
}
