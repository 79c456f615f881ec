// Store benchmark: cairn ingest of a directory tree next to casync make, borg create
// (--compression zstd,3, unencrypted) and restic backup (0.14 here: always encrypted, its
// default compression), each into a fresh store, then a second run of the same tree into the
// same store. Trees: the rootfs of the demo corpus's largest image, and a large system
// directory ($CAIRN_BENCH_TREE, default /usr/lib/x86_64-linux-gnu). All tools run as whole
// processes under GNU time: wall seconds and peak RSS. Treat deltas under ~10% as noise.
// cairn runs three times: with its default chunk groups (--group-size 1M), with each chunk
// compressed alone (--group-size 0) and with larger groups (4M), each also timed writing the
// tree out again (export rootfs) and reading single chunks at random (see randomReads);
// CAIRN_BENCH_GROUPS=0 leaves out the other group sizes. A fourth cairn run ingests with
// --no-x86-filter (chunk groups of x86 code compressed as they are: what the filter saves and
// costs); CAIRN_BENCH_X86=0 leaves it out. CAIRN_BENCH_CAIRN_ARGS adds one more cairn run with
// those ingest options (CAIRN_BENCH_CAIRN_ARGS='--zstd-level 4').
import { mkdtempSync, rmSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { have, treeBytes } from './peers.mjs';
import { printTable } from './lib.mjs';
import { runLevels } from './store-levels.mjs';

/** Runs a command under GNU time: wall seconds, CPU seconds (user + system, every thread) and peak RSS in bytes. */
function timed(argv, env = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', 'CAIRNBENCH %e %U %S %M', ...argv], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const line = (result.stderr ?? '').split('\n').reverse().find((l) => l.startsWith('CAIRNBENCH'));
  if (result.status !== 0 || !line) throw new Error(`${argv.join(' ')} failed (${result.status}): ${(result.stderr ?? '').slice(-500)}`);
  const [, seconds, user, system, kb] = line.split(' ');
  return { seconds: Number(seconds), cpu: Number(user) + Number(system), rss: Number(kb) * 1024 };
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'cli', 'main.js');

function corpusRootfs(work) {
  const build = spawnSync(process.execPath, [join(root, 'corpus', 'build.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (build.status !== 0) return undefined;
  const dir = build.stdout.trim().split('\n').pop();
  const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
  const image = corpus.images.reduce((a, b) => (b.layerTars.length && sum(b) > sum(a) ? b : a));
  function sum(i) {
    return i.layerTars.reduce((s, t) => s + Number(spawnSync('stat', ['-c', '%s', t], { encoding: 'utf8' }).stdout), 0);
  }
  const out = join(work, `rootfs-${image.name.replace(/[^a-z0-9.-]/gi, '_')}`);
  mkdirSync(out, { recursive: true });
  for (const tar of image.layerTars) spawnSync('tar', ['-xf', tar, '-C', out]);
  return { label: `corpus rootfs ${image.name}`, path: out };
}

/** cairn with its defaults, and as a variant with other ingest options (`--group-size 0`: each chunk compressed alone). */
const cairnTool = (...options) => ({
  available: () => true,
  init: () => {},
  run: (repo, tree, n) => timed([process.execPath, CLI, '--store', repo, '--quiet', 'ingest', tree, '--name', `bench:${n}`, ...options]),
  // Read speed: the first ingest's tree written out again (export rootfs: the writer thread reads and decompresses).
  read: (repo, out) => timed([process.execPath, CLI, '--store', repo, '--quiet', 'export', 'rootfs', 'bench:one', out]),
  randomReads,
});

/**
 * Random reads: CAIRN_BENCH_RANDOM_READS (default 400) chunks of the store's first layer picked
 * at random (seeded), each read alone (a checked read, in this process, the store opened once):
 * microseconds per read, the cost of one chunk when its group must be decompressed for it.
 */
async function randomReads(repo) {
  const { openStore } = await import(join(root, 'dist', 'index.js'));
  const store = await openStore(repo);
  try {
    const digests = [];
    const [layer] = await store.listLayerDiffIds();
    const seen = new Set();
    for await (const segment of (await store.getLayerRecipe(layer)).segments) {
      if (segment.kind !== 'file' || segment.length === 0) continue;
      for (const c of (await store.getFileRecipe(segment.digest)).chunks) {
        if (seen.has(c.digest)) continue;
        seen.add(c.digest);
        digests.push(c.digest);
      }
    }
    let state = 12345;
    const pick = () => digests[(state = (state * 1103515245 + 12345) % 2 ** 31) % digests.length];
    const reads = Number(process.env.CAIRN_BENCH_RANDOM_READS ?? 400);
    const start = performance.now();
    for (let i = 0; i < reads; i++) await store.readChunk(pick());
    return ((performance.now() - start) * 1000) / reads;
  } finally {
    await store.close();
  }
}

const tools = {
  cairn: cairnTool(),
  ...(process.env.CAIRN_BENCH_GROUPS === '0' ? {} : { 'cairn --group-size 0': cairnTool('--group-size', '0'), 'cairn --group-size 4M': cairnTool('--group-size', '4M') }),
  ...(process.env.CAIRN_BENCH_X86 === '0' ? {} : { 'cairn --no-x86-filter': cairnTool('--no-x86-filter') }),
  ...(process.env.CAIRN_BENCH_CAIRN_ARGS ? { [`cairn ${process.env.CAIRN_BENCH_CAIRN_ARGS}`]: cairnTool(...process.env.CAIRN_BENCH_CAIRN_ARGS.split(/\s+/)) } : {}),
  'casync make': {
    available: () => have('casync'),
    init: (repo) => mkdirSync(repo, { recursive: true }),
    run: (repo, tree, n) => timed(['casync', 'make', '--compression=zstd', `--store=${join(repo, 'default.castr')}`, join(repo, `${n}.caidx`), tree]),
  },
  'borg create zstd,3': {
    available: () => have('borg'),
    env: { BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes', BORG_RELOCATED_REPO_ACCESS_IS_OK: 'yes', BORG_BASE_DIR: '' },
    init: (repo, env) => timed(['borg', 'init', '--encryption=none', repo], env),
    run: (repo, tree, n, env) => timed(['borg', 'create', '--compression', 'zstd,3', `${repo}::${n}`, tree], env),
  },
  'restic backup': {
    available: () => have('restic'),
    env: { RESTIC_PASSWORD: 'bench', RESTIC_CACHE_DIR: '' },
    init: (repo, env) => timed(['restic', 'init', '--repo', repo], env),
    run: (repo, tree, n, env) => timed(['restic', 'backup', '--repo', repo, '--no-cache', tree], env),
  },
};

export async function runStore() {
  const work = mkdtempSync(join(tmpdir(), 'cairn-bench-store-'));
  try {
    const trees = [corpusRootfs(work), { label: 'system directory', path: process.env.CAIRN_BENCH_TREE ?? '/usr/lib/x86_64-linux-gnu' }].filter((t) => t && existsSync(t.path));
    for (const tree of trees) {
      const bytes = treeBytes(tree.path);
      console.log(`\n### ${tree.label}: ${tree.path}, ${(bytes / 1e6).toFixed(0)} MB of files\n`);
      const rows = [];
      const results = {};
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      for (const [name, tool] of Object.entries(tools)) {
        if (!tool.available()) {
          console.log(`(${name}: not installed, skipped)`);
          continue;
        }
        const repo = join(work, name.replace(/\W+/g, '-'));
        const env = { ...(tool.env ?? {}) };
        if ('BORG_BASE_DIR' in env) env.BORG_BASE_DIR = join(work, 'borg-home');
        if ('RESTIC_CACHE_DIR' in env) env.RESTIC_CACHE_DIR = join(work, 'restic-cache');
        tool.init(repo, env);
        const first = tool.run(repo, tree.path, 'one', env);
        const stored = treeBytes(repo);
        const second = tool.run(repo, tree.path, 'two', env);
        results[name] = { first, second, stored };
        let read = '';
        let random = '';
        if (tool.read) {
          const out = join(work, 'read-out');
          read = (bytes / 1e6 / tool.read(repo, out).seconds).toFixed(0);
          rmSync(out, { recursive: true, force: true });
          random = (await tool.randomReads(repo)).toFixed(0);
        }
        rows.push([name, (bytes / 1e6 / first.seconds).toFixed(0), first.cpu.toFixed(1), (stored / 1e6).toFixed(1), (first.rss / 1e6).toFixed(0),
          (bytes / 1e6 / second.seconds).toFixed(0), (first.seconds / second.seconds).toFixed(1) + 'x', read, random]);
        rmSync(repo, { recursive: true, force: true });
      }
      const peers = Object.entries(results).filter(([n]) => !n.startsWith('cairn'));
      const fastest = peers.reduce((best, [n, r]) => (!best || r.first.seconds < best[1].first.seconds ? [n, r] : best), undefined);
      const thriftiest = peers.reduce((best, [n, r]) => (!best || r.first.cpu < best[1].first.cpu ? [n, r] : best), undefined);
      for (const row of rows) {
        row.push(fastest ? (fastest[1].first.seconds / results[row[0]].first.seconds).toFixed(2) + 'x' : '-');
        row.push(thriftiest ? (thriftiest[1].first.cpu / results[row[0]].first.cpu).toFixed(2) + 'x' : '-');
      }
      console.log(`load average before: ${load}`);
      printTable(['tool', 'first MB/s', 'first CPU s', 'stored MB', 'peak RSS MB', 'second MB/s', 'second vs first', 'export rootfs MB/s', 'random chunk read µs',
        `first vs ${fastest?.[0] ?? 'fastest peer'}`, `CPU vs ${thriftiest?.[0] ?? 'thriftiest peer'}`], rows);
      const thriftiestStore = peers.reduce((best, [n, r]) => (!best || r.stored < best[1].stored ? [n, r] : best), undefined);
      if (thriftiestStore) {
        for (const [n, r] of Object.entries(results).filter(([k]) => k.startsWith('cairn'))) {
          console.log(`${n} stores ${(r.stored / thriftiestStore[1].stored).toFixed(3)}x what ${thriftiestStore[0]} stores`);
        }
      }
    }
    if (process.env.CAIRN_BENCH_LEVELS !== '0') runLevels(trees[trees.length - 1].path);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
