// Rootfs benchmark: `cairn export rootfs` of the demo corpus's largest image (ingested into a
// fresh store first, untimed) next to, in the same run and on the same image:
//   - umoci unpack            the reference unpacker (gzip layers from the OCI layout; it also
//                             writes config.json and an mtree manifest of the tree)
//   - umoci raw unpack        umoci's layer application alone (no runtime bundle, no mtree)
//   - cairn export --tar      the same layers flattened into one tar (nothing extracted)
//   - tar -x of that tar      GNU tar extracting the flattened tree (one layer, no whiteouts)
// Every tool runs as a whole process under GNU time (wall seconds, peak RSS), best of 3 runs,
// each into a fresh directory. MB/s are bytes of the image's uncompressed layer tars per
// second; "vs umoci unpack" is umoci unpack's time divided by the tool's (above 1 = faster).
// Compare before and after a change by running `node bench/run.mjs rootfs` twice on an idle
// machine; treat deltas under ~10% as noise (the page cache and the second core's load move
// small runs by that much).
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { have, timed, treeBytes } from './peers.mjs';
import { printTable } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'cli', 'main.js');
const RUNS = 3;

/** The corpus image with the most layer bytes, with the path of its OCI layout. */
function largestImage() {
  const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) return undefined;
  const dir = build.stdout.trim().split('\n').pop();
  const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
  const bytes = (image) => image.layers.reduce((sum, layer) => sum + layer.size, 0);
  const image = corpus.images.filter((i) => i.ociLayout && existsSync(i.ociLayout)).reduce((a, b) => (bytes(b) > bytes(a) ? b : a));
  return { ...image, tarBytes: bytes(image) };
}

/** Best of RUNS: `run(target)` into a fresh path under work each time. */
function best(work, label, run) {
  let fastest;
  for (let i = 0; i < RUNS; i++) {
    const target = join(work, `${label.replace(/\W+/g, '-')}-${i}`);
    const result = run(target);
    if (!fastest || result.seconds < fastest.seconds) fastest = result;
    rmSync(target, { recursive: true, force: true });
  }
  return fastest;
}

export async function runRootfs() {
  const image = largestImage();
  if (!image) {
    console.log('(corpus could not be built: rootfs benchmark skipped)');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-rootfs-'));
  try {
    const store = join(work, 'store');
    const cairn = (...args) => [process.execPath, CLI, '--store', store, '--quiet', ...args];
    const ingest = spawnSync(cairn('ingest', image.ociLayout, '--name', 'bench')[0], cairn('ingest', image.ociLayout, '--name', 'bench').slice(1), { encoding: 'utf8' });
    if (ingest.status !== 0) throw new Error(`cairn ingest failed: ${ingest.stderr}`);
    const ref = `bench:${image.tag}`;
    const flat = join(work, 'flat.tar');
    timed(cairn('export', 'rootfs', ref, '--tar', flat));

    const results = [];
    results.push(['cairn export rootfs', best(work, 'cairn', (dir) => timed(cairn('export', 'rootfs', ref, dir)))]);
    if (have('umoci')) {
      results.push(['umoci unpack', best(work, 'umoci', (dir) => timed(['umoci', 'unpack', '--image', `${image.ociLayout}:${image.tag}`, dir]))]);
      results.push(['umoci raw unpack', best(work, 'umoci-raw', (dir) => timed(['umoci', 'raw', 'unpack', '--image', `${image.ociLayout}:${image.tag}`, dir]))]);
    } else {
      console.log('(umoci: not installed, skipped; apt-get install umoci)');
    }
    results.push(['cairn export rootfs --tar', best(work, 'cairn-tar', (file) => timed(cairn('export', 'rootfs', ref, '--tar', file)))]);
    results.push(['tar -x of the --tar output', best(work, 'tar-x', (dir) => timed(['sh', '-c', `mkdir -p '${dir}' && tar -xpf '${flat}' -C '${dir}'`]))]);

    const tree = join(work, 'tree');
    timed(cairn('export', 'rootfs', ref, tree));
    const fileBytes = treeBytes(tree);
    console.log(`\n### ${image.name}: ${image.layers.length} layers, ${(image.tarBytes / 1e6).toFixed(1)} MB of layer tars, ${(fileBytes / 1e6).toFixed(1)} MB of files\n`);
    const umoci = results.find(([name]) => name === 'umoci unpack')?.[1];
    printTable(['tool', 'seconds', 'MB/s', 'peak RSS MB', 'vs umoci unpack'], results.map(([name, r]) => [
      name,
      r.seconds.toFixed(2),
      (image.tarBytes / 1e6 / r.seconds).toFixed(0),
      (r.rss / 1e6).toFixed(0),
      umoci ? (umoci.seconds / r.seconds).toFixed(2) + 'x' : '-',
    ]));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runRootfs();
