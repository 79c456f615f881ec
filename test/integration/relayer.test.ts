// cairn relayer (docs/relayer.md): re-layered images have the same trees as the originals
// (cairn's export and umoci's unpack of the exported layout), keep unchanged layers with
// --prior, put a file that changes every release alone in the hot layer (known answer), and
// stay within --max-layers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { exportOciLayout, readLayer, relayer, RELAYER_LABEL, renderHtml, renderTable, reportStore } from 'cairn';
import { seededBytes } from '../support/random.js';
import { diffListings, listTree, type ListedPath } from '../support/rootfs-listing.js';
import type { RawEntry } from '../support/rootfs-tars.js';
import { cairn as cli } from '../support/cli.js';
import { exportedTree, storeWithVersions, workDir } from '../support/relayer-fixtures.js';

const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const isRoot = process.getuid?.() === 0;
const umociSkip = !have('umoci') ? 'skipped: umoci not installed (.ci/run installs it)' : !isRoot ? 'skipped: devices and owners in the fixture need root' : false;

function assertSameTree(actual: ListedPath[], expected: ListedPath[], labels: [string, string]): void {
  const diff = diffListings(expected, actual, labels);
  assert.equal(diff.length, 0, `trees differ:\n${diff.slice(0, 30).join('\n')}`);
}

const LONG_DIR = `deep/${'d'.repeat(120)}`;

/** The base layer: every kind of entry rootfs keeps. */
function baseLayer(): RawEntry[] {
  const entries: RawEntry[] = [
    { name: 'etc/' },
    { name: 'etc/hostname', data: 'cairn\n' },
    { name: 'etc/noted', data: 'x', pax: { 'SCHILY.xattr.user.note': 'hello', mtime: '1700000000.25' } },
    { name: 'usr/' },
    { name: 'usr/bin/' },
    { name: 'usr/bin/tool', data: seededBytes('tool', 300_000), mode: 0o4755 },
    { name: 'usr/bin/tool-alias', type: '1', linkname: 'usr/bin/tool' },
    { name: 'sl', type: '2', linkname: 'usr/bin' },
    { name: 'srv/', uid: 1000, gid: 1000, mode: 0o750 },
    { name: 'srv/data', uid: 1000, gid: 1000, data: 'secret\n' },
    { name: 'deep/' },
    { name: `${LONG_DIR}/` },
    { name: `${LONG_DIR}/file-with-a-long-path`, data: 'long\n' },
    { name: Buffer.from([0x6c, 0xe9, 0x2e, 0x74]), data: 'latin-1 name\n' },
    { name: 'opq/' },
    { name: 'opq/lower', data: 'lower\n' },
    { name: 'gone-file', data: 'gone\n' },
    { name: 'lib/' },
    { name: 'lib/big.so', data: seededBytes('big', 600_000) },
  ];
  if (isRoot) entries.push({ name: 'run/' }, { name: 'run/fifo', type: '6' }, { name: 'dev/' }, { name: 'dev/null', type: '3', devmajor: 1, devminor: 3, mode: 0o666 });
  return entries;
}

/** The top layer of version `n`: whiteouts, an opaque directory, a hard link across layers, a file that changes every release. */
function topLayer(n: number): RawEntry[] {
  const entries: RawEntry[] = [
    { name: '.wh.gone-file' },
    { name: 'opq/.wh..wh..opq' },
    { name: 'opq/new', data: `new ${n}\n` },
    { name: 'usr/bin/tool-2', type: '1', linkname: 'usr/bin/tool' },
    { name: 'app/' },
    { name: 'app/version', data: Buffer.concat([Buffer.from(`version ${n}\n`), seededBytes(`v${n}`, 2000)]) },
  ];
  if (n >= 2) entries.push({ name: 'app/new-in-2', data: 'added in 2\n' });
  if (n >= 3) entries.push({ name: 'etc/hostname', data: 'cairn 3\n' });
  return entries;
}

const richVersions = (count: number) => Array.from({ length: count }, (_, i) => ({ tag: String(i + 1), layers: [baseLayer(), topLayer(i + 1)] }));

test('re-layered images export the same trees as the originals, with cairn and with umoci', { timeout: 300_000 }, async (t) => {
  const dir = workDir('trees');
  const store = await storeWithVersions(dir, 'app', richVersions(3));
  try {
    const result = await relayer(store, ['app:3', 'app:1', 'app:2'], { name: 'app-rl' });
    assert.deepEqual(result.images.map((i) => i.name), ['app-rl:1', 'app-rl:2', 'app-rl:3'], 'versions sorted by tag');
    for (const image of result.images) {
      const tag = image.name.split(':')[1]!;
      const original = await exportedTree(store, `app:${tag}`, join(dir, `orig-${tag}`));
      assert.ok(original.some((e) => e.path === 'usr/bin/tool-2' && e.group === 'usr/bin/tool'), 'the fixture has a hard link across layers');
      assert.ok(!original.some((e) => e.path === 'gone-file' || e.path === 'opq/lower'), 'the fixture has whiteouts');
      assertSameTree(await exportedTree(store, image.name, join(dir, `rl-${tag}`)), original, [`app:${tag}`, image.name]);
      const record = await store.getImage(image.manifest);
      const config = JSON.parse((await store.getBlob(record.config)).toString()) as { rootfs: { diff_ids: string[] }; history: unknown[]; config: { Labels: Record<string, string> } };
      assert.deepEqual(config.rootfs.diff_ids, record.layers.map((l) => l.diffId));
      assert.equal(config.history.length, record.layers.length);
      assert.deepEqual(JSON.parse(config.config.Labels[RELAYER_LABEL]!).layers, image.layers.map((l) => l.role));
    }
    await t.test('umoci unpack of the exported layout gives the same tree', { skip: umociSkip }, async () => {
      for (const tag of ['1', '3']) {
        const layout = join(dir, `oci-${tag}`);
        await exportOciLayout(store, `app-rl:${tag}`, layout);
        const bundle = join(dir, `umoci-${tag}`);
        const run = spawnSync('umoci', ['unpack', '--image', `${layout}:${tag}`, bundle], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        const ignoreRoot = (path: string) => path === '.';
        const reference = listTree(join(dir, `orig-${tag}`), { ignoreMtime: ignoreRoot });
        assertSameTree(listTree(join(bundle, 'rootfs'), { ignoreMtime: ignoreRoot }), reference, [`app:${tag} (cairn)`, `app-rl:${tag} (umoci)`]);
      }
    });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--prior keeps the layers of unchanged files: same digests as the full history gave', { timeout: 300_000 }, async () => {
  const dir = workDir('prior');
  const store = await storeWithVersions(dir, 'app', richVersions(4));
  try {
    const full = await relayer(store, ['app:1', 'app:2', 'app:3'], { name: 'app-rl' });
    const next = await relayer(store, ['app:4'], { name: 'app-rl', prior: 'app-rl:3' });
    const before = full.images[2]!.layers;
    const after = next.images[0]!.layers;
    // Between 3 and 4 only these change (topLayer): the rest of the tree is the same.
    const changed = new Set(['opq/new', 'app/version']);
    const unchanged = before.filter((l) => l.files.every((f) => !changed.has(f.path)));
    assert.ok(unchanged.length >= 1 && unchanged.length < before.length, `some layers hold only unchanged files (${unchanged.length} of ${before.length})`);
    const afterIds = new Set(after.map((l) => l.diffId));
    for (const layer of unchanged) assert.ok(afterIds.has(layer.diffId), `layer ${layer.description} (${layer.files.length} files, none changed) keeps its digest`);
    const base = (layers: typeof before) => layers.find((l) => l.files.some((f) => f.path === 'lib/big.so'))!.diffId;
    assert.equal(base(after), base(before));
    const hot = after.find((l) => l.role === 'hot')!;
    for (const path of changed) assert.ok(hot.files.some((f) => f.path === path), `${path} changed: it is in the hot layer`);
    assert.equal(next.upgrades.length, 1);
    assert.ok(next.upgrades[0]!.relayered.newLayers < after.length);
    assertSameTree(await exportedTree(store, 'app-rl:4', join(dir, 'rl-4')), await exportedTree(store, 'app:4', join(dir, 'orig-4')), ['app:4', 'app-rl:4']);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('known answer: the one file that changes every release is alone in the hot layer, and each upgrade pulls it', { timeout: 300_000 }, async () => {
  const dir = workDir('known');
  const stable: RawEntry[] = [{ name: 'lib/' }, ...Array.from({ length: 20 }, (_, i) => ({ name: `lib/part-${i}.so`, data: seededBytes(`part-${i}`, 40_000) }))];
  const state = (n: number) => seededBytes(`state-${n}`, 50_000);
  const versions = Array.from({ length: 5 }, (_, i) => ({ tag: `1.${i}`, layers: [stable, [{ name: 'app/' }, { name: 'app/state.bin', data: state(i) }]] }));
  const store = await storeWithVersions(dir, 'app', versions);
  try {
    const result = await relayer(store, versions.map((v) => `app:${v.tag}`), { name: 'app-rl' });
    for (const image of result.images) {
      const hot = image.layers.filter((l) => l.role === 'hot');
      assert.equal(hot.length, 1);
      assert.deepEqual(hot[0]!.files.map((f) => f.path), ['app/state.bin']);
    }
    assert.equal(result.upgrades.length, 4);
    for (const [i, upgrade] of result.upgrades.entries()) {
      const alone = gzipSync(state(i + 1), { level: 6 }).length;
      assert.equal(upgrade.ideal.files, 1);
      assert.equal(upgrade.ideal.bytes, alone);
      assert.equal(upgrade.relayered.newLayers, 1, 'only the hot layer is new');
      const hotLayer = result.images[i + 1]!.layers.find((l) => l.role === 'hot')!;
      assert.equal(upgrade.relayered.bytes, hotLayer.gzipBytes);
      // The layer is the file plus one tar header and the end-of-archive blocks.
      assert.ok(upgrade.relayered.bytes >= alone && upgrade.relayered.bytes <= alone + 200, `pull ${upgrade.relayered.bytes} vs the file alone ${alone}`);
    }
    // The report prices the same upgrades "re-layered": gzip -6 of the new hot layer's tar.
    const report = await reportStore(store, { images: versions.map((v) => `app:${v.tag}`) });
    assert.equal(report.upgrades.length, 4);
    for (const [i, upgrade] of report.upgrades.entries()) {
      const hot = result.images[i + 1]!.layers.find((l) => l.role === 'hot')!;
      const pieces: Uint8Array[] = [];
      for await (const piece of readLayer(store, hot.diffId)) pieces.push(piece);
      assert.equal(upgrade.relayeredPullBytes, gzipSync(Buffer.concat(pieces), { level: 6 }).length, `${upgrade.from} → ${upgrade.to}`);
    }
    assert.match(renderTable(report), /Re-layered \(cairn relayer\)/);
    // The HTML report shows the same price: a bar per upgrade and a table column, each figure the JSON's.
    const html = renderHtml(report);
    const bars = [...html.matchAll(/<title>whole layers, re-layered images: [^<(]*\((\d+) bytes\)<\/title>/g)].map((m) => Number(m[1]));
    assert.equal(bars.length, 4, 'one re-layered bar per upgrade');
    assert.match(html, /<th>re-layered pull<\/th><th>share<\/th>/);
    assert.deepEqual(bars, report.upgrades.map((u) => u.relayeredPullBytes));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the command line: --json, and bad parameters refused with exit 2', { timeout: 300_000 }, async () => {
  const dir = workDir('cli');
  const versions = ['1', '2'].map((tag) => ({ tag, layers: [[{ name: 'a/' }, { name: 'a/x', data: `x ${tag}\n` }, { name: 'a/y', data: 'y\n' }]] }));
  const store = await storeWithVersions(dir, 'app', versions);
  await store.close();
  const storeDir = join(dir, 'store');
  try {
    const ok = cli(storeDir, ['--json', 'relayer', 'app:2', 'app:1', '--name', 'app-rl', '--max-layers', '4']);
    assert.equal(ok.status, 0, ok.stderr);
    const result = JSON.parse(ok.stdout) as { images: { name: string; layers: { role: string; files: { path: string }[] }[] }[]; upgrades: unknown[] };
    assert.deepEqual(result.images.map((i) => i.name), ['app-rl:1', 'app-rl:2']);
    assert.deepEqual(result.images[1]!.layers.find((l) => l.role === 'hot')!.files.map((f) => f.path), ['a/x']);
    assert.equal(result.upgrades.length, 1);
    for (const [args, message] of [
      [['relayer', 'app:1', '--name', 'rl', '--max-layers', '0'], /--max-layers/],
      [['relayer', 'app:1', '--name', 'rl', '--max-layers', '128'], /--max-layers/],
      [['relayer', 'app:1', '--name', 'rl:tag'], /without a tag/],
      [['relayer', 'app:1'], /--name/],
      [['relayer', 'app:2', '--name', 'rl', '--prior', 'app:1'], /io\.cairn\.relayer/],
      [['relayer', 'app:1', 'app:1', '--name', 'rl'], /same image/],
    ] as const) {
      const bad = cli(storeDir, [...args]);
      assert.equal(bad.status, 2, `${args.join(' ')}: ${bad.stderr}`);
      assert.match(bad.stderr, message);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
