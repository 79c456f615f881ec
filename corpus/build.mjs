#!/usr/bin/env node
// Build cairn's demo corpus: real container images (OCI image layouts, plain
// layer tars, docker-archive tars) assembled from pinned npm packages, in
// consecutive real releases, so that version-to-version changes are realistic.
//
//   node corpus/build.mjs [--out DIR] [--small] [--force] [--verify]
//
// Node 20 built-ins only, plus GNU tar (>= 1.28, for --sort=name) on PATH as
// `tar` or `gtar`. Everything large goes to a cache directory outside git:
//   --out DIR, else $CAIRN_CORPUS_DIR, else $XDG_CACHE_HOME/cairn-corpus,
//   else ~/.cache/cairn-corpus   (--small without --out uses <that>/small).
// Progress goes to stderr; the last line of stdout is the corpus directory
// (the one holding corpus.json). See corpus/README.md.

import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';

// ---------------------------------------------------------------------------
// The recipe. Bump RECIPE_VERSION whenever the build logic changes the bytes
// it writes; any edit to the tables below changes the recipe hash by itself.
// ---------------------------------------------------------------------------

const RECIPE_VERSION = 1;

// One fixed instant for every timestamp the corpus contains (tar mtimes, the
// image configs' `created`, history entries): 2023-11-14T22:13:20Z.
const EPOCH = 1700000000;
const CREATED = '2023-11-14T22:13:20Z';

// Every package the corpus uses, pinned to an exact version together with the
// registry's dist.integrity for that tarball (what a lockfile records).
// Downloads are checked against these before use.
const PACKAGES = {
  // pure-JS packages for the base layers
  'lodash@4.17.21': 'sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==',
  'ms@2.1.2': 'sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w==',
  'debug@4.3.4': 'sha512-PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/vCNNhehwxfkQ==',
  'commander@12.0.0': 'sha512-MwVNWlYjDTtOjX5PiD7o5pK0UrFU/OYgcJfjjK4RaHZETNtjJqrZa9Y9ds88+A+f+d5lv+561eZ+yCKoS3gbAA==',
  'chalk@5.3.0': 'sha512-dLitG79d+GV1Nb/VYcCDFivJeK1hiukt9QjRNVOsUtTy1rR1YJsmpGGTZ3qJos+uw7WmWF4wUwBd9jxjocFC2w==',
  'yaml@2.4.1': 'sha512-pIXzoImaqmfOrL7teGUBt/T7ZDnyeGBWyXQBvOVhLkWLN37GXv8NMLK406UY6dS51JfcQHsmcW5cJ441bHg6Lg==',
  'yaml@2.4.5': 'sha512-aBx2bnqDzVOyNKfsysjA2ms5ZlnjSAW2eG3/L5G/CSujfjLJTJsEw1bGw8kCf04KodQWk1pxlGnZ56CRxiawmg==',
  'semver@7.6.0': 'sha512-EnwXhrlwXMk9gKu5/flx5sv/an57AkRplG3hTK68W7FRDN+k+OWBj65M7719OkA82XLBxrcX0KSHj+X5COhOVg==',
  'semver@7.6.2': 'sha512-FNAIBWCx9qcRhoHcgcJ0gvU7SN1lYU2ZXuSfl04bSC5OpvDHFyJCjdNHomPXxjQlCBU67YW64PzY7/VIEH7F2w==',
  'lru-cache@6.0.0': 'sha512-Jo6dJ04CmSjuznwJSS3pUeWmd/H0ffTlkXXgwZi+eq1UCmqQwCh+eLsYOYCwY991i2Fah4h1BEMCx4qThGbsiA==',
  'yallist@4.0.0': 'sha512-3wdGidZyq5PB084XLES5TpOSRA3wjXAlIWMhum2kRcv/41Sn2emQ0dycQW4uZXLejwKvg6EsvbdlVL+FYEct7A==',
  // esbuild: JS wrapper + Go binary (~9.6 MB)
  'esbuild@0.20.0': 'sha512-6iwE3Y2RVYCME1jLpBqq7LQWK3MW6vjV2bZy6gt/WrqkY+WE74Spyc0ThAOYpMtITvnjX09CrC6ym7A/m9mebA==',
  'esbuild@0.20.1': 'sha512-OJwEgrpWm/PCMsLVWXKqvcjme3bHNpOgN7Tb6cQnR5n0TPbQx1/Xrn7rqM+wn17bYeT6MGB5sn1Bh5YiGi70nA==',
  'esbuild@0.20.2': 'sha512-WdOOppmUNU+IbZ0PaDiTst80zjnrOkyJNHoKupIcVyU8Lvla3Ugx94VzkQ32Ijqd7UhHJy75gNWDMUekcrSJ6g==',
  'esbuild@0.21.0': 'sha512-eyK64lASNug3Wo2+bQEBnYngjh9rkXUfOus403+OeVZteMon6moIhcEYbrSvcgBN6RsrRWCMoWcKDDK6UEsTOQ==',
  'esbuild@0.21.1': 'sha512-GPqx+FX7mdqulCeQ4TsGZQ3djBJkx5k7zBGtqt9ycVlWNg8llJ4RO9n2vciu8BN2zAEs6lPbPl0asZsAh7oWzg==',
  '@esbuild/linux-x64@0.20.0': 'sha512-H9Eu6MGse++204XZcYsse1yFHmRXEWgadk2N58O/xd50P9EvFMLJTQLg+lB4E1cF2xhLZU5luSWtGTb0l9UeSg==',
  '@esbuild/linux-x64@0.20.1': 'sha512-5gRPk7pKuaIB+tmH+yKd2aQTRpqlf1E4f/mC+tawIm/CGJemZcHZpp2ic8oD83nKgUPMEd0fNanrnFljiruuyA==',
  '@esbuild/linux-x64@0.20.2': 'sha512-1MdwI6OOTsfQfek8sLwgyjOXAu+wKhLEoaOLTjbijk6E2WONYpH9ZU2mNtR+lZ2B4uwr+usqGuVfFT9tMtGvGw==',
  '@esbuild/linux-x64@0.21.0': 'sha512-OGorpObKLm8XlhoJlxtdwECfnESXu3kd8mU1yZ5Xk0vmh0d2xoJjEXJi7y7mjFpc3+XfGQRgHq/gqyIkbufnvA==',
  '@esbuild/linux-x64@0.21.1': 'sha512-da4/1mBJwwgJkbj4fMH7SOXq2zapgTo0LKXX1VUZ0Dxr+e8N0WbS80nSZ5+zf3lvpf8qxrkZdqkOqFfm57gXwA==',
  // Biome: JS wrapper + Rust binary (~24 MB)
  '@biomejs/biome@1.8.0': 'sha512-34xcE2z8GWrIz1sCFEmlHT/+4d+SN7YOqqvzlAKXKvaWPRJ2/NUwxPbRsP01P9QODkQ5bvGvc9rpBihmP+7RJQ==',
  '@biomejs/biome@1.8.1': 'sha512-fQXGfvq6DIXem12dGQCM2tNF+vsNHH1qs3C7WeOu75Pd0trduoTmoO7G4ntLJ2qDs5wuw981H+cxQhi1uHnAtA==',
  '@biomejs/biome@1.8.2': 'sha512-XafCzLgs0xbH0bCjYKxQ63ig2V86fZQMq1jiy5pyLToWk9aHxA8GAUxyBtklPHtPYZPGEPOYglQHj4jyfUp+Iw==',
  '@biomejs/biome@1.8.3': 'sha512-/uUV3MV+vyAczO+vKrPdOW0Iaet7UnJMU4bNMinggGJTAnBPjCoLEYcyYtYHNnUNYlv4xZMH6hVIQCAozq8d5w==',
  '@biomejs/cli-linux-x64@1.8.0': 'sha512-cmgmhlD4QUxMhL1VdaNqnB81xBHb3R7huVNyYnPYzP+AykZ7XqJbPd1KcWAszNjUk2AHdx0aLKEBwCOWemxb2g==',
  '@biomejs/cli-linux-x64@1.8.1': 'sha512-AeBycVdNrTzsyYKEOtR2R0Ph0hCD0sCshcp2aOnfGP0hCZbtFg09D0SdKLbyzKntisY41HxKVrydYiaApp+2uw==',
  '@biomejs/cli-linux-x64@1.8.2': 'sha512-bjhhUVFchFid2gOjrvBe4fg8BShcpyFQTHuB/QQnfGxs1ddrGP30yq3fHfc6S6MoCcz9Tjd3Zzq1EfWfyy5iHA==',
  '@biomejs/cli-linux-x64@1.8.3': 'sha512-I8G2QmuE1teISyT8ie1HXsjFRz9L1m5n83U1O6m30Kw+kPMPSKjag6QGUn+sXT8V+XWIZxFFBoTDEDZW2KPDDw==',
  // SWC: JS wrapper + Rust N-API addon (~49 MB)
  '@swc/core@1.7.0': 'sha512-d4vMzH6ICllDwlPuhset2h8gu/USHdbyfJim+2hQEdxC0UONtfpmu38XBgNqRjStrji1Q5M10jfeUZL3cu1i8g==',
  '@swc/core@1.7.1': 'sha512-M4gxJcvzZCH+QQJGVJDF3kT46C05IUPTFcA1wA65WAdg87MDzpr1mwtB/FmPsdcRFRbJIxET6uCsWgubn+KnJQ==',
  '@swc/core@1.7.2': 'sha512-mjIlT0e6ygKR8LZ1TjtNrDVMhnB8qpyYAdwexhuVHY255yDdDQCpuPGi20odwnE82QhFBSIWs4HcENDVO/yiMw==',
  '@swc/core-linux-x64-gnu@1.7.0': 'sha512-SY3HA0K0Dpqt1HIfMLGpwL4hd4UaL2xHP5oZXPlRQPhUDZrbb4PbI3ZJnh66c63eL4ZR8EJ+HRFI0Alx5p69Zw==',
  '@swc/core-linux-x64-gnu@1.7.1': 'sha512-941tua/RtD/5GxHZOdLiRp/RIloqIlkJKy9ogbdSEI9VJ3Z5x1LznvxHfOI1mTifJMBwNSJLxtL9snUwxwLgEg==',
  '@swc/core-linux-x64-gnu@1.7.2': 'sha512-Loz10Hy6z5mBIAOe6OInOVsYu+PVxyknCB3thtr7QH+uqEz6dcXhU2ERrO2Lf4dsTsFs/Wb80rv8zTSwB8dpsw==',
  '@swc/counter@0.1.3': 'sha512-e2BR4lsJkkRlKZ/qCHPw9ZaSxc0MVUd7gtbtaB7aMvHeJVYe8sOB8DBZkP2DtISHGSku9sCK6T6cnY0CtXrOCQ==',
  '@swc/types@0.1.12': 'sha512-wBJA+SdtkbFhHjTMYH+dEH1y4VpfGdAc2Kw/LK09i9bXd/K6j6PkDcFCEzb6iVfZMkPRrl/q0e3toqTAJdkIVA==',
  // TypeScript: large pure-JS files that change a little between patches
  'typescript@5.4.3': 'sha512-KrPd3PKaCLr78MalgiwJnA25Nm8HAmdwN3mYUYZgG/wizIo9EainNVQI9/yDavtVFRN2h3k8uf3GLHuhDMgEHg==',
  'typescript@5.4.4': 'sha512-dGE2Vv8cpVvw28v8HCPqyb08EzbBURxDpuhJvTrusShUfGnhHBafDsLdS1EhhxyL6BJQE+2cT3dDPAv+MQ6oLw==',
  'typescript@5.4.5': 'sha512-vcI4UpRgg81oIRUFwR0WSIHKt11nJ7SAVlYNIu+QpqeyXP+gpQJy/Z4+F0aGxSE4MqwjyXvW/TzgkLAx2AGHwQ==',
};

// Base layers: a fixed set of pure-JS libraries, shared verbatim by many
// images. "2024.06" is a slightly refreshed "2024.03" (semver and yaml bumped,
// semver's lru-cache/yallist dependencies gone), so some upgrades change the
// base layer a little instead of not at all.
const BASES = {
  '2024.03': ['chalk@5.3.0', 'commander@12.0.0', 'debug@4.3.4', 'lodash@4.17.21', 'lru-cache@6.0.0',
    'ms@2.1.2', 'semver@7.6.0', 'yallist@4.0.0', 'yaml@2.4.1'],
  '2024.06': ['chalk@5.3.0', 'commander@12.0.0', 'debug@4.3.4', 'lodash@4.17.21', 'ms@2.1.2',
    'semver@7.6.2', 'yaml@2.4.5'],
};

// Applications, each in consecutive real releases (listed in release order).
// Every image has three layers: base (BASES[base]), deps (the release's
// packages) and app (a few generated files naming the version).
const APPS = [
  {
    app: 'esbuild-app',
    dockerArchive: true, // also written in `docker save` format
    entrypoint: ['/opt/app/node_modules/@esbuild/linux-x64/bin/esbuild'],
    releases: [
      { version: '0.20.0', base: '2024.03', deps: ['esbuild@0.20.0', '@esbuild/linux-x64@0.20.0'] },
      { version: '0.20.1', base: '2024.03', deps: ['esbuild@0.20.1', '@esbuild/linux-x64@0.20.1'] },
      { version: '0.20.2', base: '2024.03', deps: ['esbuild@0.20.2', '@esbuild/linux-x64@0.20.2'] },
      { version: '0.21.0', base: '2024.03', deps: ['esbuild@0.21.0', '@esbuild/linux-x64@0.21.0'] },
      { version: '0.21.1', base: '2024.03', deps: ['esbuild@0.21.1', '@esbuild/linux-x64@0.21.1'] },
    ],
  },
  {
    app: 'biome-app',
    entrypoint: ['/opt/app/node_modules/@biomejs/cli-linux-x64/biome'],
    releases: [
      { version: '1.8.0', base: '2024.03', deps: ['@biomejs/biome@1.8.0', '@biomejs/cli-linux-x64@1.8.0'] },
      { version: '1.8.1', base: '2024.03', deps: ['@biomejs/biome@1.8.1', '@biomejs/cli-linux-x64@1.8.1'] },
      { version: '1.8.2', base: '2024.06', deps: ['@biomejs/biome@1.8.2', '@biomejs/cli-linux-x64@1.8.2'] },
      { version: '1.8.3', base: '2024.06', deps: ['@biomejs/biome@1.8.3', '@biomejs/cli-linux-x64@1.8.3'] },
    ],
  },
  {
    app: 'swc-app',
    entrypoint: ['node', '/opt/app/index.js'],
    releases: [
      { version: '1.7.0', base: '2024.06', deps: ['@swc/core@1.7.0', '@swc/core-linux-x64-gnu@1.7.0', '@swc/counter@0.1.3', '@swc/types@0.1.12'] },
      { version: '1.7.1', base: '2024.06', deps: ['@swc/core@1.7.1', '@swc/core-linux-x64-gnu@1.7.1', '@swc/counter@0.1.3', '@swc/types@0.1.12'] },
      { version: '1.7.2', base: '2024.06', deps: ['@swc/core@1.7.2', '@swc/core-linux-x64-gnu@1.7.2', '@swc/counter@0.1.3', '@swc/types@0.1.12'] },
    ],
  },
  {
    app: 'tsc-app',
    entrypoint: ['node', '/opt/app/node_modules/typescript/bin/tsc'],
    releases: [
      { version: '5.4.3', base: '2024.03', deps: ['typescript@5.4.3'] },
      { version: '5.4.4', base: '2024.03', deps: ['typescript@5.4.4'] },
      { version: '5.4.5', base: '2024.06', deps: ['typescript@5.4.5'] },
    ],
  },
];

// --small: two releases of one app (with its docker archives), ~9 MB download.
const SMALL = { app: 'esbuild-app', versions: ['0.20.0', '0.20.1'] };

const MT = {
  ociLayout: '1.0.0',
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

const log = (msg) => process.stderr.write(`[corpus] ${msg}\n`);
const mb = (n) => (n / 1e6).toFixed(1);
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

function sha256File(file) {
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

function splitSpec(spec) {
  const at = spec.lastIndexOf('@');
  if (at <= 0) throw new Error(`bad package spec ${spec}`);
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

function rmrf(p) {
  fs.rmSync(p, { recursive: true, force: true });
}

function writeJson(file, value) {
  const text = JSON.stringify(value);
  fs.writeFileSync(file, text);
  return Buffer.from(text);
}

// Deterministic gzip: zlib level 6, no file name, mtime 0, OS byte forced to
// 3 (Unix) so the header does not depend on the platform zlib was built for.
function gzipDeterministic(buf) {
  const gz = zlib.gzipSync(buf, { level: 6 });
  if (gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8) throw new Error('unexpected gzip header');
  if (gz[3] !== 0) throw new Error(`gzip header has flags ${gz[3]} (name/comment/extra?)`);
  if (gz.readUInt32LE(4) !== 0) throw new Error('gzip header has a non-zero mtime');
  gz[9] = 3;
  return gz;
}

// ---------------------------------------------------------------------------
// GNU tar
// ---------------------------------------------------------------------------

let TAR = null;
function findGnuTar() {
  const candidates = [process.env.CAIRN_TAR, 'tar', 'gtar'].filter(Boolean);
  for (const cmd of candidates) {
    const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
    if (r.status === 0 && /GNU tar/.test(r.stdout)) {
      return { cmd, version: r.stdout.split('\n')[0].trim() };
    }
  }
  throw new Error('GNU tar not found (tried: ' + candidates.join(', ') + '); install it '
    + '(macOS: `brew install gnu-tar`) or point CAIRN_TAR at it');
}

function runTar(args, opts = {}) {
  const r = spawnSync(TAR.cmd, args, {
    env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' },
    maxBuffer: 64 << 20,
    ...opts,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${TAR.cmd} ${args.join(' ')} failed (${r.status}): ${String(r.stderr || '').trim()}`);
  }
  return r;
}

// Reproducible archive of the top-level entries of `dir` (no "./" entry):
// sorted names, one mtime, root-owned numeric ids, POSIX pax format without
// atime/ctime or pid-dependent header names, modes normalised to 644/755.
function createTar(dir, outFile) {
  const entries = fs.readdirSync(dir).sort();
  runTar([
    '--sort=name', `--mtime=@${EPOCH}`, '--owner=0', '--group=0', '--numeric-owner',
    '--format=posix', '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime',
    '--mode=u+rw,go-w,a+rX', '--no-acls', '--no-xattrs', '--no-selinux', '--hard-dereference',
    '-cf', outFile, '-C', dir, '--', ...entries,
  ]);
}

// Unpack an npm tarball (its single top folder, usually package/, stripped).
function extractNpmTarball(tgzFile, dest) {
  fs.mkdirSync(dest, { recursive: true });
  const tarBuf = zlib.gunzipSync(fs.readFileSync(tgzFile));
  runTar(['-xf', '-', '-C', dest, '--strip-components=1', '--no-same-owner', '--no-same-permissions'],
    { input: tarBuf });
  if (!fs.existsSync(path.join(dest, 'package.json'))) {
    throw new Error(`${tgzFile}: no package.json after extraction`);
  }
}

// ---------------------------------------------------------------------------
// Downloads
// ---------------------------------------------------------------------------

function registryBase() {
  const r = process.env.CAIRN_NPM_REGISTRY || process.env.npm_config_registry || 'https://registry.npmjs.org/';
  return r.endsWith('/') ? r : r + '/';
}

function tarballUrl(name, version) {
  const base = name.startsWith('@') ? name.split('/')[1] : name;
  return `${registryBase()}${name}/-/${base}-${version}.tgz`;
}

function downloadFileName(spec) {
  const { name, version } = splitSpec(spec);
  return `${name.replace(/^@/, '').replace('/', '__')}-${version}.tgz`;
}

function integrityOk(file, integrity) {
  const [algo, b64] = integrity.split('-', 2);
  const h = crypto.createHash(algo);
  h.update(fs.readFileSync(file));
  return h.digest('base64') === b64;
}

async function fetchToFile(url, file) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const buf = Buffer.from(await res.arrayBuffer());
  fs.writeFileSync(file, buf);
  return buf.length;
}

// Fallback for machines where node's fetch cannot reach the registry directly
// (proxies, mirrors, auth): let npm itself fetch the tarball.
function npmPackToFile(spec, file) {
  const dir = fs.mkdtempSync(path.join(path.dirname(file), '.npm-pack-'));
  try {
    const r = spawnSync('npm', ['pack', spec, '--silent', '--pack-destination', dir],
      { encoding: 'utf8', shell: process.platform === 'win32' });
    if (r.status !== 0) throw new Error(`npm pack ${spec} failed: ${String(r.stderr || r.error || '').trim()}`);
    const produced = fs.readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    if (produced.length !== 1) throw new Error(`npm pack ${spec} produced ${produced.join(', ') || 'nothing'}`);
    fs.renameSync(path.join(dir, produced[0]), file);
    return fs.statSync(file).size;
  } finally {
    rmrf(dir);
  }
}

let fetchUnusable = false;

async function ensureDownloaded(spec, downloadsDir, stats) {
  const integrity = PACKAGES[spec];
  if (!integrity) throw new Error(`${spec} is not pinned in PACKAGES`);
  const file = path.join(downloadsDir, downloadFileName(spec));
  if (fs.existsSync(file)) {
    if (integrityOk(file, integrity)) {
      stats.cached += fs.statSync(file).size;
      return file;
    }
    log(`${spec}: cached tarball fails its integrity check, fetching again`);
    fs.rmSync(file);
  }
  const { name, version } = splitSpec(spec);
  const tmp = `${file}.part-${process.pid}`;
  const t0 = Date.now();
  let size = 0;
  let lastErr = null;
  for (let attempt = 1; attempt <= 3 && !size && !fetchUnusable; attempt++) {
    try {
      size = await fetchToFile(tarballUrl(name, version), tmp);
    } catch (err) {
      lastErr = err;
      rmrf(tmp);
      if (attempt < 3) await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
  if (!size) {
    // After three failed attempts, stop trying fetch for the rest of the run.
    if (!fetchUnusable) log(`${spec}: fetch failed (${lastErr && lastErr.message}); using npm pack from now on`);
    fetchUnusable = true;
    size = npmPackToFile(spec, tmp);
  }
  if (!integrityOk(tmp, integrity)) {
    rmrf(tmp);
    throw new Error(`${spec}: downloaded tarball does not match pinned integrity ${integrity}`);
  }
  fs.renameSync(tmp, file);
  stats.fetched += size;
  const secs = Math.max((Date.now() - t0) / 1000, 0.001);
  log(`downloaded ${spec} (${mb(size)} MB, ${mb(size / secs)} MB/s)`);
  return file;
}

// ---------------------------------------------------------------------------
// Layers
// ---------------------------------------------------------------------------

// Install packages flat into <stage>/opt/app/node_modules, with npm-style
// node_modules/.bin symlinks for each package's `bin` entries.
function installPackages(stage, specs, tgzOf) {
  const nm = path.join(stage, 'opt', 'app', 'node_modules');
  fs.mkdirSync(nm, { recursive: true });
  const bins = [];
  for (const spec of specs) {
    const { name } = splitSpec(spec);
    const dest = path.join(nm, ...name.split('/'));
    extractNpmTarball(tgzOf(spec), dest);
    const pj = JSON.parse(fs.readFileSync(path.join(dest, 'package.json'), 'utf8'));
    let bin = pj.bin;
    if (typeof bin === 'string') bin = { [name.split('/').pop()]: bin };
    for (const [cmd, rel] of Object.entries(bin || {})) {
      bins.push([cmd, path.posix.join('..', name, path.posix.normalize(rel))]);
    }
  }
  if (bins.length) {
    const binDir = path.join(nm, '.bin');
    fs.mkdirSync(binDir, { recursive: true });
    for (const [cmd, target] of bins.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const link = path.join(binDir, cmd);
      rmrf(link);
      fs.symlinkSync(target, link);
    }
  }
}

function appLayerFiles(app, release) {
  const deps = {};
  for (const spec of [...BASES[release.base], ...release.deps]) {
    const { name, version } = splitSpec(spec);
    deps[name] = version;
  }
  const sortedDeps = Object.fromEntries(Object.keys(deps).sort().map((k) => [k, deps[k]]));
  const pkg = {
    name: app.app,
    version: release.version,
    private: true,
    description: `cairn demo corpus image ${app.app}:${release.version}`,
    main: 'index.js',
    dependencies: sortedDeps,
  };
  const index = [
    "'use strict';",
    `// ${app.app} ${release.version} -- generated by cairn corpus recipe ${RECIPE_VERSION}`,
    "const pkg = require('./package.json');",
    "console.log(`${pkg.name} ${pkg.version} (base ${require('./BASE_RELEASE.json').base})`);",
    '',
  ].join('\n');
  return {
    'package.json': JSON.stringify(pkg, null, 2) + '\n',
    'index.js': index,
    'VERSION': `${release.version}\n`,
    'BASE_RELEASE.json': JSON.stringify({ base: release.base, packages: BASES[release.base] }, null, 2) + '\n',
  };
}

// Layer cache for one build: identical layer recipes are built once.
class LayerBuilder {
  constructor(workDir, tgzOf) {
    this.workDir = workDir;
    this.tgzOf = tgzOf;
    this.cache = new Map();
    fs.mkdirSync(path.join(workDir, 'layers'), { recursive: true });
  }

  // recipe: { kind: 'packages', specs } | { kind: 'files', files: {relPath: text} }
  get(recipe) {
    const key = sha256(JSON.stringify(recipe)).slice(0, 24);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const stage = path.join(this.workDir, 'stage', key);
    rmrf(stage);
    fs.mkdirSync(stage, { recursive: true });
    if (recipe.kind === 'packages') {
      installPackages(stage, recipe.specs, this.tgzOf);
    } else {
      const root = path.join(stage, 'opt', 'app');
      fs.mkdirSync(root, { recursive: true });
      for (const [rel, text] of Object.entries(recipe.files)) fs.writeFileSync(path.join(root, rel), text);
    }
    const tarFile = path.join(this.workDir, 'layers', `${key}.tar`);
    createTar(stage, tarFile);
    rmrf(stage);
    const tarBuf = fs.readFileSync(tarFile);
    const gz = gzipDeterministic(tarBuf);
    const gzFile = `${tarFile}.gz`;
    fs.writeFileSync(gzFile, gz);
    const layer = {
      tarFile,
      gzFile,
      diffId: `sha256:${sha256(tarBuf)}`,
      size: tarBuf.length,
      digest: `sha256:${sha256(gz)}`,
      gzSize: gz.length,
    };
    this.cache.set(key, layer);
    return layer;
  }
}

function copyFile(src, dst) {
  fs.copyFileSync(src, dst, fs.constants.COPYFILE_FICLONE);
}

// ---------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------

function imageConfig(app, release, layers) {
  return {
    created: CREATED,
    architecture: 'amd64',
    os: 'linux',
    config: {
      Env: ['PATH=/opt/app/node_modules/.bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'NODE_ENV=production'],
      Entrypoint: app.entrypoint,
      Cmd: ['--version'],
      WorkingDir: '/opt/app',
      Labels: {
        'org.opencontainers.image.title': app.app,
        'org.opencontainers.image.version': release.version,
        'org.opencontainers.image.base.name': `cairn-corpus-base:${release.base}`,
      },
    },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map((l) => ({ created: CREATED, created_by: l.createdBy, comment: 'cairn corpus' })),
  };
}

function buildImage(ctx, app, release) {
  const name = `${app.app}:${release.version}`;
  const imgDir = path.join(ctx.outDir, 'images', app.app, release.version);
  const ociDir = path.join(imgDir, 'oci');
  const layersDir = path.join(imgDir, 'layers');
  const blobsDir = path.join(ociDir, 'blobs', 'sha256');
  fs.mkdirSync(blobsDir, { recursive: true });
  fs.mkdirSync(layersDir, { recursive: true });

  const parts = [
    { role: 'base', recipe: { kind: 'packages', specs: BASES[release.base] },
      createdBy: `COPY base ${release.base} (${BASES[release.base].join(' ')}) /opt/app/node_modules/` },
    { role: 'deps', recipe: { kind: 'packages', specs: release.deps },
      createdBy: `COPY deps (${release.deps.join(' ')}) /opt/app/node_modules/` },
    { role: 'app', recipe: { kind: 'files', files: appLayerFiles(app, release) },
      createdBy: `COPY app ${app.app} ${release.version} /opt/app/` },
  ];
  const layers = parts.map((p, i) => {
    const built = ctx.layers.get(p.recipe);
    const tarPath = path.join(layersDir, `${i + 1}-${p.role}.tar`);
    copyFile(built.tarFile, tarPath);
    copyFile(built.gzFile, path.join(blobsDir, built.digest.slice(7)));
    return { ...built, role: p.role, tarPath, createdBy: p.createdBy,
      packages: p.recipe.kind === 'packages' ? p.recipe.specs : [] };
  });

  const configBuf = Buffer.from(JSON.stringify(imageConfig(app, release, layers)));
  const configDigest = `sha256:${sha256(configBuf)}`;
  fs.writeFileSync(path.join(blobsDir, configDigest.slice(7)), configBuf);

  const manifest = {
    schemaVersion: 2,
    mediaType: MT.manifest,
    config: { mediaType: MT.config, digest: configDigest, size: configBuf.length },
    layers: layers.map((l) => ({ mediaType: MT.layerGzip, digest: l.digest, size: l.gzSize })),
    annotations: {
      'org.opencontainers.image.created': CREATED,
      'org.opencontainers.image.title': app.app,
      'org.opencontainers.image.version': release.version,
    },
  };
  const manifestBuf = Buffer.from(JSON.stringify(manifest));
  const manifestDigest = `sha256:${sha256(manifestBuf)}`;
  fs.writeFileSync(path.join(blobsDir, manifestDigest.slice(7)), manifestBuf);

  writeJson(path.join(ociDir, 'oci-layout'), { imageLayoutVersion: MT.ociLayout });
  writeJson(path.join(ociDir, 'index.json'), {
    schemaVersion: 2,
    mediaType: MT.index,
    manifests: [{
      mediaType: MT.manifest,
      digest: manifestDigest,
      size: manifestBuf.length,
      platform: { architecture: 'amd64', os: 'linux' },
      annotations: {
        'io.containerd.image.name': `cairn.local/${name}`,
        'org.opencontainers.image.ref.name': release.version,
      },
    }],
  });

  return {
    name,
    app: app.app,
    version: release.version,
    tag: release.version,
    base: release.base,
    ociLayout: ociDir,
    layerTars: layers.map((l) => l.tarPath),
    diffIds: layers.map((l) => l.diffId),
    manifestDigest,
    configDigest,
    layers: layers.map((l) => ({
      role: l.role,
      tar: l.tarPath,
      diffId: l.diffId,
      size: l.size,
      digest: l.digest,
      compressedSize: l.gzSize,
      mediaType: MT.layerGzip,
      packages: l.packages,
    })),
    config: configBuf,
  };
}

// `docker save` (pre-OCI, "docker-archive") format: manifest.json,
// repositories, <config-hex>.json and one <layer-id>/ folder per layer holding
// VERSION, json and the uncompressed layer.tar.
function buildDockerArchive(ctx, image) {
  const stage = path.join(ctx.workDir, 'docker-stage');
  rmrf(stage);
  fs.mkdirSync(stage, { recursive: true });
  const configHex = image.configDigest.slice(7);
  fs.writeFileSync(path.join(stage, `${configHex}.json`), image.config);
  const layerPaths = [];
  let parent = '';
  for (const [i, layer] of image.layers.entries()) {
    // v1-style layer id: a hash of the parent id and this layer's diff id.
    const id = sha256(`${parent}\n${layer.diffId}\n${i === image.layers.length - 1 ? configHex : ''}`);
    const dir = path.join(stage, id);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'VERSION'), '1.0');
    const v1 = { id };
    if (parent) v1.parent = parent;
    v1.created = CREATED;
    v1.os = 'linux';
    fs.writeFileSync(path.join(dir, 'json'), JSON.stringify(v1));
    copyFile(layer.tar, path.join(dir, 'layer.tar'));
    layerPaths.push(`${id}/layer.tar`);
    parent = id;
  }
  fs.writeFileSync(path.join(stage, 'manifest.json'),
    JSON.stringify([{ Config: `${configHex}.json`, RepoTags: [image.name], Layers: layerPaths }]));
  fs.writeFileSync(path.join(stage, 'repositories'),
    JSON.stringify({ [image.app]: { [image.tag]: parent } }));
  const outDir = path.join(ctx.outDir, 'docker-archives');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${image.app}_${image.version}.tar`);
  createTar(stage, file);
  rmrf(stage);
  return {
    name: image.name,
    app: image.app,
    version: image.version,
    path: file,
    size: fs.statSync(file).size,
    configDigest: image.configDigest,
    diffIds: image.diffIds,
  };
}

// ---------------------------------------------------------------------------
// Verification (of a freshly built or an existing corpus)
// ---------------------------------------------------------------------------

function verifyBlob(ociDir, digest, expectSize) {
  const file = path.join(ociDir, 'blobs', 'sha256', digest.slice(7));
  const buf = fs.readFileSync(file);
  if (`sha256:${sha256(buf)}` !== digest) throw new Error(`${file}: content does not hash to its name`);
  if (expectSize !== undefined && buf.length !== expectSize) throw new Error(`${file}: size ${buf.length} != descriptor ${expectSize}`);
  return buf;
}

function verifyImage(img) {
  const d = img.ociLayout;
  const layout = JSON.parse(fs.readFileSync(path.join(d, 'oci-layout'), 'utf8'));
  if (layout.imageLayoutVersion !== MT.ociLayout) throw new Error(`${d}: bad oci-layout`);
  const index = JSON.parse(fs.readFileSync(path.join(d, 'index.json'), 'utf8'));
  const desc = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === img.tag);
  if (!desc) throw new Error(`${d}: no manifest tagged ${img.tag}`);
  const manifest = JSON.parse(verifyBlob(d, desc.digest, desc.size));
  if (manifest.mediaType !== MT.manifest) throw new Error(`${d}: bad manifest media type`);
  const config = JSON.parse(verifyBlob(d, manifest.config.digest, manifest.config.size));
  const diffIds = config.rootfs.diff_ids;
  if (JSON.stringify(diffIds) !== JSON.stringify(img.diffIds)) throw new Error(`${img.name}: diff_ids differ from corpus.json`);
  if (manifest.layers.length !== diffIds.length || img.layerTars.length !== diffIds.length) {
    throw new Error(`${img.name}: layer count mismatch`);
  }
  manifest.layers.forEach((l, i) => {
    if (l.mediaType !== MT.layerGzip) throw new Error(`${img.name}: layer ${i} media type ${l.mediaType}`);
    const gz = verifyBlob(d, l.digest, l.size);
    if (`sha256:${sha256(zlib.gunzipSync(gz))}` !== diffIds[i]) {
      throw new Error(`${img.name}: layer ${i} blob does not decompress to diff_id ${diffIds[i]}`);
    }
    if (`sha256:${sha256File(img.layerTars[i])}` !== diffIds[i]) {
      throw new Error(`${img.layerTars[i]}: sha256 is not diff_id ${diffIds[i]}`);
    }
  });
}

function verifyDockerArchive(ctx, arch) {
  const dir = path.join(ctx.workDir, 'docker-verify');
  rmrf(dir);
  fs.mkdirSync(dir, { recursive: true });
  runTar(['-xf', arch.path, '-C', dir]);
  const [m] = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  if (!m.RepoTags.includes(arch.name)) throw new Error(`${arch.path}: RepoTags ${m.RepoTags}`);
  const cfgBuf = fs.readFileSync(path.join(dir, m.Config));
  if (`${sha256(cfgBuf)}.json` !== m.Config) throw new Error(`${arch.path}: config does not hash to its name`);
  const diffIds = JSON.parse(cfgBuf).rootfs.diff_ids;
  if (JSON.stringify(diffIds) !== JSON.stringify(arch.diffIds)) throw new Error(`${arch.path}: diff_ids differ`);
  m.Layers.forEach((l, i) => {
    if (`sha256:${sha256File(path.join(dir, l))}` !== diffIds[i]) throw new Error(`${arch.path}: ${l} is not ${diffIds[i]}`);
  });
  rmrf(dir);
}

function verifyCorpus(ctx, corpus) {
  for (const img of corpus.images) verifyImage(img);
  for (const arch of corpus.dockerArchives) verifyDockerArchive(ctx, arch);
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { out: null, small: false, force: false, verify: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--small') opts.small = true;
    else if (a === '--force') opts.force = true;
    else if (a === '--verify') opts.verify = true;
    else if (a === '--out') opts.out = argv[++i];
    else if (a.startsWith('--out=')) opts.out = a.slice(6);
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: node corpus/build.mjs [--out DIR] [--small] [--force] [--verify]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (opts.out === undefined || opts.out === '') throw new Error('--out needs a directory');
  return opts;
}

function defaultRoot() {
  if (process.env.CAIRN_CORPUS_DIR) return path.resolve(process.env.CAIRN_CORPUS_DIR);
  const cache = process.env.XDG_CACHE_HOME ? path.resolve(process.env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(cache, 'cairn-corpus');
}

function selectApps(small) {
  if (!small) return APPS;
  const app = APPS.find((a) => a.app === SMALL.app);
  return [{ ...app, releases: app.releases.filter((r) => SMALL.versions.includes(r.version)) }];
}

function recipeHash(variant) {
  return sha256(JSON.stringify({ RECIPE_VERSION, EPOCH, CREATED, PACKAGES, BASES, APPS, SMALL, variant }));
}

// The stamp is current when it names this recipe and every file corpus.json
// lists is still there with the size it had.
function upToDate(outDir, stamp) {
  try {
    const old = JSON.parse(fs.readFileSync(path.join(outDir, 'stamp.json'), 'utf8'));
    if (old.recipeVersion !== stamp.recipeVersion || old.recipeHash !== stamp.recipeHash) return null;
    const corpus = JSON.parse(fs.readFileSync(path.join(outDir, 'corpus.json'), 'utf8'));
    for (const img of corpus.images) {
      if (!fs.existsSync(path.join(img.ociLayout, 'index.json'))) return null;
      for (const l of img.layers) if (fs.statSync(l.tar).size !== l.size) return null;
    }
    for (const a of corpus.dockerArchives) if (fs.statSync(a.path).size !== a.size) return null;
    return corpus;
  } catch {
    return null;
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const variant = opts.small ? 'small' : 'full';
  const root = opts.out ? path.resolve(opts.out) : defaultRoot();
  const outDir = opts.out || !opts.small ? root : path.join(root, 'small');
  const downloadsDir = path.join(root, 'downloads');
  const workDir = path.join(outDir, '.work');
  const stamp = { recipeVersion: RECIPE_VERSION, recipeHash: recipeHash(variant), variant };

  TAR = findGnuTar();
  const ctx = { outDir, workDir };

  const existing = opts.force ? null : upToDate(outDir, stamp);
  if (existing) {
    if (opts.verify) {
      log(`verifying ${existing.images.length} images and ${existing.dockerArchives.length} docker archives`);
      verifyCorpus(ctx, existing);
      rmrf(workDir);
      log('all digests verified');
    }
    log(`corpus (${variant}, recipe ${RECIPE_VERSION}) is up to date in ${outDir}`);
    process.stdout.write(`${outDir}\n`);
    return;
  }

  // Only clear folders this script made: refuse to touch a directory that has
  // an images/ folder but not our marker file.
  const marker = path.join(outDir, '.cairn-corpus');
  if (!fs.existsSync(marker) && ['images', 'docker-archives'].some((s) => fs.existsSync(path.join(outDir, s)))) {
    throw new Error(`${outDir} has images/ or docker-archives/ but no .cairn-corpus marker; not overwriting it`);
  }
  const t0 = Date.now();
  log(`building ${variant} corpus (recipe ${RECIPE_VERSION}) in ${outDir} with ${TAR.version}, node ${process.version}`);
  fs.mkdirSync(downloadsDir, { recursive: true });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(marker, 'cairn demo corpus (built by corpus/build.mjs)\n');
  for (const sub of ['images', 'docker-archives', '.work', 'corpus.json', 'stamp.json']) rmrf(path.join(outDir, sub));
  fs.mkdirSync(workDir, { recursive: true });

  const apps = selectApps(opts.small);
  const specs = [...new Set(apps.flatMap((a) => a.releases.flatMap((r) => [...BASES[r.base], ...r.deps])))].sort();
  log(`${specs.length} pinned npm tarballs needed`);
  const dl = { fetched: 0, cached: 0 };
  const tgz = new Map();
  for (const spec of specs) tgz.set(spec, await ensureDownloaded(spec, downloadsDir, dl));
  log(`downloads: ${mb(dl.fetched)} MB fetched, ${mb(dl.cached)} MB already cached`);

  ctx.layers = new LayerBuilder(workDir, (spec) => tgz.get(spec));
  const images = [];
  const dockerArchives = [];
  for (const app of apps) {
    for (const release of app.releases) {
      const img = buildImage(ctx, app, release);
      const total = img.layers.reduce((s, l) => s + l.size, 0);
      log(`image ${img.name}: ${img.layers.map((l) => `${l.role} ${mb(l.size)} MB`).join(', ')} (total ${mb(total)} MB)`);
      images.push(img);
      if (app.dockerArchive) {
        const arch = buildDockerArchive(ctx, img);
        log(`docker archive ${path.basename(arch.path)} (${mb(arch.size)} MB)`);
        dockerArchives.push(arch);
      }
    }
  }

  const corpus = {
    recipeVersion: RECIPE_VERSION,
    variant,
    created: CREATED,
    tools: { node: process.version, zlib: process.versions.zlib, tar: TAR.version },
    downloads: downloadsDir,
    packages: specs.map((s) => ({ spec: s, integrity: PACKAGES[s], file: tgz.get(s) })),
    images: images.map(({ config, ...rest }) => rest),
    dockerArchives,
  };

  log('verifying digests');
  verifyCorpus(ctx, corpus);

  const uncompressed = images.reduce((s, i) => s + i.layers.reduce((t, l) => t + l.size, 0), 0);
  const uniq = new Map();
  for (const i of images) for (const l of i.layers) uniq.set(l.diffId, l);
  const uniqSize = [...uniq.values()].reduce((s, l) => s + l.size, 0);
  const uniqGz = [...uniq.values()].reduce((s, l) => s + l.compressedSize, 0);
  corpus.totals = {
    images: images.length,
    layerTarBytes: uncompressed,
    uniqueLayers: uniq.size,
    uniqueLayerTarBytes: uniqSize,
    uniqueCompressedBytes: uniqGz,
    dockerArchiveBytes: dockerArchives.reduce((s, a) => s + a.size, 0),
    downloadBytes: specs.reduce((s, sp) => s + fs.statSync(tgz.get(sp)).size, 0),
  };
  fs.writeFileSync(path.join(outDir, 'corpus.json'), JSON.stringify(corpus, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, 'stamp.json'), JSON.stringify(stamp, null, 2) + '\n');
  rmrf(workDir);

  log(`${images.length} images, ${uniq.size} distinct layers; layer tars ${mb(uncompressed)} MB `
    + `(distinct ${mb(uniqSize)} MB, gzip ${mb(uniqGz)} MB); docker archives ${mb(corpus.totals.dockerArchiveBytes)} MB; `
    + `downloads ${mb(corpus.totals.downloadBytes)} MB`);
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s; corpus.json written to ${outDir}`);
  process.stdout.write(`${outDir}\n`);
}

main().catch((err) => {
  log(`error: ${process.env.CAIRN_DEBUG && err && err.stack ? err.stack : (err && err.message) || err}`);
  process.exit(1);
});
