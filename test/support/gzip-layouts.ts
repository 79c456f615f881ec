/**
 * OCI image layouts whose gzip layer blobs were made by a real producer, not by cairn:
 * Python's gzip module (Debian's system zlib), Node's zlib, GNU gzip, Go's compress/gzip (a
 * program of go-gzip/ built with the Go toolchain); zstd by the zstd CLI.
 * Each layer is a GNU tar of a tree of text and binary files, several MiB, so the deflate
 * streams have many blocks. The layout's files are the expected values of the tests: a test
 * compares what cairn writes with these bytes, never with cairn's own output.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TEST_SOURCE } from './paths.js';
import { seededBytes } from './random.js';

export type Producer = 'python-6' | 'python-9' | 'python-1' | 'node-6' | 'node-9' | 'gnu-gzip-6' | 'go-1' | 'go-2' | 'go-6' | 'go-9' | 'zstd-cli-3';

let goGzip: string | undefined;

/** Why Go's producer cannot run here (no Go toolchain), or false when it can. */
export function goMissing(): string | false {
  return spawnSync('go', ['version']).status === 0 ? false : 'skipped: the Go toolchain (Debian: golang-go) is not installed; CI installs it';
}

/** The go-gzip program, built once per process into a temporary directory. */
function goGzipProgram(): string {
  if (goGzip) return goGzip;
  const dir = mkdtempSync(join(tmpdir(), 'cairn-go-gzip-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'go-gzip');
  const env = { ...process.env, GOCACHE: join(dir, 'cache'), GOPATH: join(dir, 'gopath'), GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
  const r = spawnSync('go', ['build', '-o', out, '.'], { cwd: join(TEST_SOURCE, 'support', 'go-gzip'), env });
  if (r.status !== 0) throw new Error(`go build: ${r.stderr?.toString()}`);
  rmSync(join(dir, 'cache'), { recursive: true, force: true });
  goGzip = out;
  return out;
}

const sha = (b: Uint8Array) => 'sha256:' + createHash('sha256').update(b).digest('hex');

function run(cmd: string, args: string[], input?: Uint8Array): Buffer {
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr?.toString()}`);
  return r.stdout;
}

const PYTHON_GZIP = [
  'import gzip, sys',
  'data = sys.stdin.buffer.read()',
  // Streamed through GzipFile in 64 KiB writes, as a tool writing a tarball does.
  'with gzip.GzipFile(fileobj=sys.stdout.buffer, mode="wb", compresslevel=int(sys.argv[1]), mtime=0) as f:',
  '    for i in range(0, len(data), 65536): f.write(data[i:i + 65536])',
].join('\n');

/** The tar compressed by `producer`. */
export function compress(producer: Producer, tar: Uint8Array): Buffer {
  const [tool, level] = producer.split(/-(?=\d$)/) as [string, string];
  if (tool === 'python') return run('python3', ['-c', PYTHON_GZIP, level], tar);
  if (tool === 'node') return gzipSync(tar, { level: Number(level) });
  if (tool === 'gnu-gzip') return run('gzip', ['-n', `-${level}`, '-c'], tar);
  if (tool === 'go') return run(goGzipProgram(), [level], tar);
  return run('zstd', ['-q', `-${level}`, '-c'], tar);
}

/** Words for text that compresses as source code and docs do. */
const WORDS = 'the of layer image blob deflate chunk store manifest config digest tar file export ingest registry push pull function return const let await async index node zlib gzip'.split(' ');

function text(seed: string, length: number): Buffer {
  const random = seededBytes(seed, length);
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const w = WORDS[random[i % random.length]! % WORDS.length]!;
    const sep = random[(i * 7) % random.length]! % 11 === 0 ? '\n' : ' ';
    out.push(w, sep);
    size += w.length + 1;
  }
  return Buffer.from(out.join('').slice(0, length));
}

/**
 * A GNU tar of a tree of text, binary (part of the node executable) and random files, about
 * 4.3 MB; a seed ending in `-small` gives one text file of 50 KB (a tar shorter than the heads
 * ingest looks at).
 */
export function layerTarOf(dir: string, seed: string): Buffer {
  const tree = join(dir, `tree-${seed}`);
  if (seed.endsWith('-small')) {
    mkdirSync(join(tree, 'etc'), { recursive: true });
    writeFileSync(join(tree, 'etc', 'small.txt'), text(seed, 50_000));
    return run('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-cf', '-', '-C', tree, '.']);
  }
  mkdirSync(join(tree, 'usr', 'share', 'doc'), { recursive: true });
  mkdirSync(join(tree, 'usr', 'bin'), { recursive: true });
  for (let i = 0; i < 6; i++) writeFileSync(join(tree, 'usr', 'share', 'doc', `${seed}-${i}.txt`), text(`${seed}-${i}`, 300_000 + i * 1000));
  const node = readFileSync(process.execPath);
  const at = (seed.length * 7919 * 1024) % (node.length - 3_000_000);
  writeFileSync(join(tree, 'usr', 'bin', `${seed}-tool`), node.subarray(at, at + 2_500_000));
  writeFileSync(join(tree, 'usr', 'bin', `${seed}-random`), seededBytes(`${seed}-r`, 200_000));
  return run('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-cf', '-', '-C', tree, '.']);
}

export interface MadeLayout {
  dir: string;
  /** Digest of the image manifest (what index.json names). */
  manifest: string;
  /** Every blob written: digest → bytes. */
  blobs: Map<string, Buffer>;
  layers: { digest: string; diffId: string }[];
}

/**
 * An OCI layout in `dir` with one image of `seeds.length` layers, each compressed by
 * `producer`, tagged `tag`. `manifestType` picks OCI (default) or docker schema 2 media types.
 */
export function makeLayout(dir: string, producer: Producer, seeds: string[], tag = 'v1', docker = false): MadeLayout {
  const blobsDir = join(dir, 'blobs', 'sha256');
  mkdirSync(blobsDir, { recursive: true });
  const blobs = new Map<string, Buffer>();
  const put = (bytes: Buffer): string => {
    const digest = sha(bytes);
    writeFileSync(join(blobsDir, digest.slice(7)), bytes);
    blobs.set(digest, bytes);
    return digest;
  };
  const zstd = producer.startsWith('zstd');
  const layerType = docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : zstd ? 'application/vnd.oci.image.layer.v1.tar+zstd' : 'application/vnd.oci.image.layer.v1.tar+gzip';
  const layers = seeds.map((seed) => {
    const tar = layerTarOf(dir, seed);
    const blob = compress(producer, tar);
    return { digest: put(blob), diffId: sha(tar), size: blob.length };
  });
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/usr/bin'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map(() => ({ created_by: producer })),
  }, null, 2));
  const configDigest = put(config);
  // Indented and with an annotation, as some tools write them: any change would show in the digest.
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: docker ? 'application/vnd.docker.distribution.manifest.v2+json' : 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: docker ? 'application/vnd.docker.container.image.v1+json' : 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: layers.map((l) => ({ mediaType: layerType, digest: l.digest, size: l.size })),
    annotations: { 'org.example.made-by': producer },
  }, null, 3));
  const manifestDigest = put(manifest);
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: docker ? 'application/vnd.docker.distribution.manifest.v2+json' : 'application/vnd.oci.image.manifest.v1+json', digest: manifestDigest, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': tag } }],
  }));
  return { dir, manifest: manifestDigest, blobs, layers: layers.map(({ digest, diffId }) => ({ digest, diffId })) };
}

/** Every layer blob of `made` in the layout at `out`, byte for byte as the producer wrote it (hashed here, not by cairn). */
export function assertProducerLayers(out: string, made: MadeLayout): void {
  for (const { digest } of made.layers) {
    assert.equal(fileDigest(join(out, 'blobs', 'sha256', digest.slice(7))), fileDigest(join(made.dir, 'blobs', 'sha256', digest.slice(7))), `blob ${digest} as the producer wrote it`);
  }
}

/** sha256 of a file. */
export function fileDigest(path: string): string {
  return sha(readFileSync(path));
}
