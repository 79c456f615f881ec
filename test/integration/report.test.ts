// `report` on ingested images gives the same figures as `analyze` on the same inputs, and as
// what ingest really stored (chunk records counted in the packs). Inputs: an OCI layout with
// three versions, a docker-archive with two, a directory, and a lone layer tar whose framing
// runs past 1 MiB (stored as a file by ingest, and so counted as one by both commands).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openStore, ingest } from 'cairn';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { makeTree } from '../support/trees.js';
import { analyze, reportStore, renderTable, type Report } from '../support/report-api.js';
import { makeDockerArchive, makeTar, writeOciLayout, type TarFile } from '../support/report-fixtures.js';
import { scratchDir } from '../support/scratch.js';

const tmp = () => scratchDir('cairn-report-');

const CHUNK_RECORD = 1;
const PACK_HEADER = 24;
const RECORD_HEADER = 44;
const TRAILER = 24;

/** Chunk records in a store's packs, read from the pack format (src/pack/format.ts) directly. */
function chunkRecords(storeDir: string): { count: number; uncompressed: number; stored: number } {
  const out = { count: 0, uncompressed: 0, stored: 0 };
  const packs = join(storeDir, 'packs');
  for (const sub of readdirSync(packs)) {
    for (const name of readdirSync(join(packs, sub))) {
      const bytes = readFileSync(join(packs, sub, name));
      const end = Number(bytes.readBigUInt64LE(bytes.length - TRAILER + 16));
      for (let at = PACK_HEADER; at < end;) {
        const stored = bytes.readUInt32LE(at + 8);
        if (bytes[at] === CHUNK_RECORD) {
          out.count++;
          out.uncompressed += bytes.readUInt32LE(at + 4);
          out.stored += stored;
        }
        at += RECORD_HEADER + stored;
      }
    }
  }
  return out;
}

function fixtures(dir: string): string[] {
  const text = (seed: string, n: number) => Buffer.from(Array.from({ length: n }, (_, i) => `${seed} line ${i} ${i % 7}\n`).join(''));
  const lib = seededBytes('lib', 900_000);
  const libPatched = Buffer.from(lib);
  libPatched.fill(7, 300_000, 300_500);
  const base: TarFile[] = [{ name: 'etc', type: 'dir' }, { name: 'etc/config', data: text('config', 2000) }, { name: 'etc/empty', data: Buffer.alloc(0) }];
  const base2: TarFile[] = [...base, { name: 'etc/extra', data: text('extra', 500) }];
  const deps1: TarFile[] = [{ name: 'lib.so', data: lib }, { name: 'big.bin', data: seededBytes('big', 5_000_000) }, { name: 'notes', data: text('notes', 3000) }];
  const deps2: TarFile[] = [{ name: 'lib.so', data: libPatched }, { name: 'big.bin', data: seededBytes('big', 5_000_000) }, { name: 'notes', data: text('notes', 3001) }];
  const layout = join(dir, 'svc');
  writeOciLayout(layout, [
    { tag: 'v1', layers: [makeTar(base), makeTar(deps1)] },
    { tag: 'v2', layers: [makeTar(base), makeTar(deps2)] },
    { tag: 'v3', layers: [makeTar(base2), makeTar(deps2)] },
  ]);
  const docker = join(dir, 'legacy.tar');
  writeFileSync(docker, makeDockerArchive([
    { repoTag: 'legacy:1', layers: [makeTar(base), makeTar([{ name: 'app.js', data: text('app', 4000) }])] },
    { repoTag: 'legacy:2', layers: [makeTar(base), makeTar([{ name: 'app.js', data: text('app2', 4000) }])] },
  ]));
  const tree = join(dir, 'tree');
  makeTree(tree, { files: 12, maxSize: 600_000, seed: 11 });
  // 2600 directories: 1.3 MiB of framing with no file between.
  const dirs: TarFile[] = Array.from({ length: 2600 }, (_, i) => ({ name: `d/${String(i).padStart(5, '0')}`, type: 'dir' as const }));
  const lone = join(dir, 'dirs.tar.gz');
  writeFileSync(lone, gzipSync(makeTar([...dirs, { name: 'after', data: seededBytes('after', 30_000) }])));
  return [layout, docker, tree, lone];
}

function byManifest(report: Report) {
  return new Map(report.images.map((i) => {
    const { path, ...figures } = i;
    void path;
    return [i.manifest, figures];
  }));
}

function matrixByLabel(m: { images: string[]; bytes: number[][] }) {
  const out: Record<string, number> = {};
  m.images.forEach((a, i) => m.images.forEach((b, j) => {
    out[`${a} | ${b}`] = m.bytes[i]![j]!;
  }));
  return out;
}

function sameFigures(a: Report, b: Report): void {
  assert.deepEqual(a.settings, b.settings);
  const { totals: ta, ...restA } = a;
  assert.deepEqual(ta, b.totals);
  assert.deepEqual(byManifest(a), byManifest(b));
  const layers = (r: Report) => [...r.layers].sort((x, y) => (x.diffId < y.diffId ? -1 : 1));
  assert.deepEqual(layers(a), layers(b));
  const upgrades = (r: Report) => [...r.upgrades].sort((x, y) => (`${x.from}>${x.to}` < `${y.from}>${y.to}` ? -1 : 1));
  assert.deepEqual(upgrades(a), upgrades(b));
  assert.deepEqual(matrixByLabel(a.sharing), matrixByLabel(b.sharing));
  assert.deepEqual(matrixByLabel(a.upgradeMatrix), matrixByLabel(b.upgradeMatrix));
  assert.deepEqual(a.histograms, b.histograms);
  assert.deepEqual(restA.alignment, b.alignment);
}

test('report on ingested images = analyze on the same inputs = what ingest stored', { timeout: 300_000 }, async () => {
  const dir = tmp();
  try {
    const inputs = fixtures(dir);
    const analyzed = await analyze(inputs, { upgrades: [{ from: 'svc:v1', to: 'svc:v3' }] });
    assert.equal(analyzed.images.length, 7);
    assert.deepEqual(analyzed.upgrades.map((u) => `${u.from}>${u.to}${u.automatic ? '' : '*'}`).sort(), ['legacy:1>legacy:2', 'svc:v1>svc:v2', 'svc:v1>svc:v3*', 'svc:v2>svc:v3']);

    const storeDir = join(dir, 'store');
    // The report prices chunks compressed one by one (analyze has no store to ask); a store
    // without chunk groups keeps exactly that, which is what this test checks against.
    const store = await openStore(storeDir, { compressionThreads: 1, groupSize: 0 });
    let reported: Report;
    let ingested;
    try {
      ingested = await ingest(store, inputs);
      reported = await reportStore(store, { upgrades: [{ from: 'svc:v1', to: 'svc:v3' }] });
    } finally {
      await store.close();
    }
    assert.equal(reported.command, 'report');
    sameFigures(analyzed, reported);

    // What ingest stored: every chunk record in the packs, and nothing else counted as a chunk.
    const t = reported.totals;
    const records = chunkRecords(storeDir);
    assert.equal(records.count, t.chunks.aligned);
    assert.equal(ingested.totals.newChunks, t.chunks.aligned);
    assert.equal(records.uncompressed, t.chunkUniqueBytes.aligned! - t.framingBytes);
    assert.equal(records.stored, t.chunkStoredBytes.aligned! - t.framingStoredBytes);
    assert.equal(reported.store!.chunks, t.chunks.aligned);
    assert.equal(reported.store!.files, t.files, 'file recipes: distinct contents, the spilled framing run included');
    assert.equal(reported.store!.layers, t.layers);

    // Inequalities hold everywhere.
    for (const figures of [t, ...reported.images]) {
      assert.ok(figures.fileUniqueBytes <= figures.tarBytes);
      assert.equal(figures.chunkUniqueBytes.file, figures.fileUniqueBytes);
      for (const mode of ['aligned', 'fastcdc', 'fixed'] as const) assert.ok(figures.chunkUniqueBytes[mode]! <= figures.fileUniqueBytes, mode);
    }
    // The patched library costs one chunk or two, not a layer.
    const u = reported.upgrades.find((x) => x.from === 'svc:v1' && x.to === 'svc:v2')!;
    assert.ok(u.newChunkBytes < u.layerPullBytes / 4, `v1→v2 chunks ${u.newChunkBytes} vs pull ${u.layerPullBytes}`);
    assert.ok(u.newChunkBytes < u.newFileBytes);
    assert.ok(renderTable(reported).split('\n').every((line) => line.length <= 100));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('report picks images by name and digest prefix; unknown images and bad --upgrade fail cleanly', { timeout: 120_000 }, async () => {
  const dir = tmp();
  try {
    const layout = join(dir, 'app');
    const a = makeTar([{ name: 'a', data: seededBytes('a', 100_000) }]);
    const b = makeTar([{ name: 'a', data: seededBytes('a', 100_000) }, { name: 'b', data: seededBytes('b', 50_000) }]);
    writeOciLayout(layout, [{ tag: '1.0', layers: [a] }, { tag: '2.0', layers: [b] }]);
    const store = await openStore(join(dir, 'store'), { compressionThreads: 1 });
    try {
      const result = await ingest(store, [layout]);
      const v2 = result.images.find((i) => i.name === 'app:2.0')!.manifest;
      const one = await reportStore(store, { images: [v2.slice(7, 19)] });
      assert.deepEqual(one.images.map((i) => i.label), ['app:2.0']);
      assert.equal(one.upgrades.length, 0);
      const both = await reportStore(store, { images: ['app:2.0', 'app:1.0'] });
      assert.deepEqual(both.images.map((i) => i.label), ['app:2.0', 'app:1.0']);
      assert.deepEqual(both.upgrades.map((u) => [u.from, u.to]), [['app:1.0', 'app:2.0']]);
      await assert.rejects(reportStore(store, { images: ['nope:1'] }), (e: unknown) => (e as { code?: string }).code === 'CAIRN_NOT_FOUND');
      await assert.rejects(reportStore(store, { upgrades: [{ from: 'app:1.0', to: 'app:9' }] }), /no image app:9/);
      await assert.rejects(reportStore(store, { modes: ['aligned', 'bogus' as 'aligned'] }), /unknown mode/);
    } finally {
      await store.close();
    }
    await assert.rejects(analyze([join(dir, 'missing')]), (e: unknown) => (e as { code?: string }).code === 'CAIRN_BAD_INPUT');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cairn analyze and cairn report on the command line: --json, the table, --html', { timeout: 300_000 }, () => {
  const dir = tmp();
  try {
    const layout = join(dir, 'app');
    const a = makeTar([{ name: 'a', data: seededBytes('a', 300_000) }]);
    const b = makeTar([{ name: 'a', data: seededBytes('a', 300_000) }, { name: 'b', data: seededBytes('b', 80_000) }]);
    writeOciLayout(layout, [{ tag: '1', layers: [a] }, { tag: '2', layers: [b] }]);
    const store = join(dir, 'store');
    const run = (args: string[]) => spawnSync(process.execPath, [CLI, '--store', store, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const analyzed = run(['analyze', layout, '--json']);
    assert.equal(analyzed.status, 0, analyzed.stderr);
    const fromAnalyze = JSON.parse(analyzed.stdout) as Report;
    assert.equal(fromAnalyze.upgrades.length, 1);
    assert.equal(run(['--quiet', 'ingest', layout]).status, 0);
    const html = join(dir, 'out', 'report.html');
    mkdirSync(join(dir, 'out'));
    const table = run(['report', '--html', html]);
    assert.equal(table.status, 0, table.stderr);
    // The table fits 100 columns; the closing line names the HTML file, whose path is as long as it is.
    const lines = table.stdout.split('\n');
    const closing = lines.findIndex((line) => line.startsWith('measured '));
    assert.ok(closing > 0 && lines[closing]!.endsWith(`HTML: ${html}`), `a closing line names the HTML file: ${table.stdout}`);
    assert.ok(lines.slice(0, closing).every((line) => line.length <= 100), 'table fits 100 columns');
    assert.match(table.stdout, /app:1 → 2/);
    assert.match(readFileSync(html, 'utf8'), /<svg id="chart-sizes"/);
    const reported = JSON.parse(run(['--json', 'report']).stdout) as Report;
    assert.deepEqual(reported.totals, fromAnalyze.totals);
    assert.deepEqual(reported.upgrades, fromAnalyze.upgrades);
    const bad = run(['analyze', join(dir, 'missing')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^cairn: cannot read .*missing/);
    const badUpgrade = run(['report', '--upgrade', 'app:1']);
    assert.equal(badUpgrade.status, 2);
    assert.match(badUpgrade.stderr, /FROM\.\.TO/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
