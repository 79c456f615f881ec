// Report figures whose answers are known by construction: layers sharing exactly N files, a
// file with one changed 4 KiB block, incompressible and compressible content, the inequalities
// chunk ≤ file ≤ tar, and mode `file` equal to the file level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cutBuffer } from 'cairn';
import { analyze, compareTags, parseUpgrade, renderTable, type Report } from '../../support/report-api.js';
import { framingOf, makeTar, sha256, writeOciLayout, type TarFile } from '../../support/report-fixtures.js';
import { seededBytes } from '../../support/random.js';
import { scratchDir } from '../../support/scratch.js';

const tmp = () => scratchDir('cairn-report-');

const image = (report: Report, label: string) => {
  const found = report.images.find((i) => i.label === label);
  assert.ok(found, `image ${label} in ${report.images.map((i) => i.label).join(', ')}`);
  return found;
};

function checkInequalities(report: Report): void {
  for (const figures of [report.totals, ...report.images]) {
    assert.ok(figures.fileUniqueBytes <= figures.tarBytes, 'file level ≤ tar bytes');
    assert.equal(figures.chunkUniqueBytes.file, figures.fileUniqueBytes, 'mode file = file level');
    assert.equal(figures.chunkStoredBytes.file, figures.fileStoredBytes, 'mode file stored = file level stored');
    for (const mode of report.settings.modes) {
      assert.ok(figures.chunkUniqueBytes[mode]! <= figures.fileUniqueBytes, `${mode} chunk level ≤ file level`);
    }
  }
}

test('two layers sharing exactly three files: file level, sharing, upgrade and baselines by construction', async () => {
  const dir = tmp();
  try {
    const shared = [seededBytes('s1', 10_000), seededBytes('s2', 70_000), seededBytes('s3', 300_000)];
    const onlyA = seededBytes('a1', 50_000);
    const onlyB = seededBytes('b1', 120_000);
    const entriesA: TarFile[] = [
      { name: 'etc', type: 'dir' },
      ...shared.map((data, i) => ({ name: `etc/shared-${i}`, data })),
      { name: 'etc/only-a', data: onlyA },
    ];
    // The same contents under other names: file identity is content, not path.
    const entriesB: TarFile[] = [...shared.map((data, i) => ({ name: `usr/copy-${i}`, data })), { name: 'usr/only-b', data: onlyB }];
    const layerA = makeTar(entriesA);
    const layerB = makeTar(entriesB);
    const layout = join(dir, 'app');
    const blobs = writeOciLayout(layout, [{ tag: 'v1', layers: [layerA] }, { tag: 'v2', layers: [layerB] }]);
    const report = await analyze([layout]);

    const framing = framingOf(entriesA) + framingOf(entriesB);
    const distinctFiles = [...shared, onlyA, onlyB].reduce((s, f) => s + f.length, 0);
    const t = report.totals;
    assert.equal(t.images, 2);
    assert.equal(t.layers, 2);
    assert.equal(t.tarBytes, layerA.length + layerB.length);
    assert.equal(t.framingBytes, framing);
    assert.equal(t.files, 5);
    assert.equal(t.fileUniqueBytes, distinctFiles + framing);
    // Random content does not compress: every file and chunk is stored raw.
    assert.equal(t.fileStoredBytes, distinctFiles + t.framingStoredBytes);
    for (const mode of report.settings.modes) assert.equal(t.chunkStoredBytes[mode], t.chunkUniqueBytes[mode]! - framing + t.framingStoredBytes, mode);
    // Baselines: gzip -6 of each tar, as zlib gives it in one go; the original blobs from the layout.
    assert.equal(t.gzipBytes, gzipSync(layerA, { level: 6 }).length + gzipSync(layerB, { level: 6 }).length);
    assert.equal(t.originalBytes, blobs.get(sha256(layerA))! + blobs.get(sha256(layerB))!);
    assert.equal(t.registryBytes, t.originalBytes);
    assert.ok(t.zstdBytes > 0 && t.zstdBytes < t.tarBytes);

    // Sharing: exactly the three shared files (no layer in common, so no framing).
    const labels = report.sharing.images;
    const a = labels.indexOf('app:v1');
    const b = labels.indexOf('app:v2');
    assert.equal(report.sharing.bytes[a]![b], shared.reduce((s, f) => s + f.length, 0));
    assert.equal(report.sharing.bytes[a]![a], image(report, 'app:v1').chunkUniqueBytes.aligned);

    // Upgrade v1 → v2 (found as consecutive tags): only-b is the one new file.
    assert.equal(report.upgrades.length, 1);
    const u = report.upgrades[0]!;
    assert.deepEqual([u.from, u.to, u.automatic, u.newLayers], ['app:v1', 'app:v2', true, 1]);
    const layerBFigures = report.layers.find((l) => l.diffId === sha256(layerB))!;
    assert.equal(u.layerPullBytes, blobs.get(sha256(layerB)));
    assert.equal(u.newFramingBytes, layerBFigures.framingStoredBytes);
    assert.equal(u.newFileBytes, onlyB.length + layerBFigures.framingStoredBytes);
    assert.equal(u.newChunkRawBytes, onlyB.length);
    assert.equal(u.newChunks, cutBuffer(onlyB, { mode: 'aligned' }).length);
    assert.equal(u.newChunkBytes, onlyB.length + layerBFigures.framingStoredBytes);
    assert.equal(u.newFileShare, u.newFileBytes / u.layerPullBytes);
    // The matrix agrees with the upgrade, and going back costs only-a.
    assert.equal(report.upgradeMatrix.bytes[a]![b], u.newChunkBytes);
    const layerAFigures = report.layers.find((l) => l.diffId === sha256(layerA))!;
    assert.equal(report.upgradeMatrix.bytes[b]![a], onlyA.length + layerAFigures.framingStoredBytes);
    checkInequalities(report);
    // Compressing on the calling thread gives the very same figures as on worker threads.
    assert.deepEqual(await analyze([layout], { threads: 0 }), report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file with one changed 4 KiB block costs exactly one new chunk (aligned and fixed)', async () => {
  const dir = tmp();
  try {
    const original = seededBytes('block', 1 << 20);
    const cuts = cutBuffer(original, { mode: 'aligned' }).map((c) => c.end);
    // A chunk of at least four blocks; change the start of its third block, far from any cut.
    let start = 0;
    let index = 0;
    while (cuts[index]! - start < 4 * 4096) start = cuts[index++]!;
    const offset = start + 2 * 4096;
    const changed = Buffer.from(original);
    for (let i = 0; i < 1000; i++) changed[offset + i] = changed[offset + i]! ^ 0xff;
    assert.deepEqual(cutBuffer(changed, { mode: 'aligned' }).map((c) => c.end), cuts, 'the change moves no cut point');
    const layerV1 = makeTar([{ name: 'data.bin', data: original }]);
    const layerV2 = makeTar([{ name: 'data.bin', data: changed }]);
    writeFileSync(join(dir, 'v1.tar'), layerV1);
    const layout = join(dir, 'app');
    writeOciLayout(layout, [{ tag: '1.0', layers: [layerV1] }, { tag: '1.1', layers: [layerV2] }]);
    const report = await analyze([layout]);
    const u = report.upgrades[0]!;
    assert.deepEqual([u.from, u.to], ['app:1.0', 'app:1.1']);
    assert.equal(u.newChunks, 1);
    assert.equal(u.newChunkRawBytes, cuts[index]! - start);
    assert.equal(u.newChunkBytes, cuts[index]! - start + u.newFramingBytes, 'random bytes are stored raw');
    assert.equal(u.newChunkBytesByMode.fixed, 65536 + u.newFramingBytes, 'fixed mode: one 64 KiB block');
    assert.equal(u.newFileBytes, original.length + u.newFramingBytes, 'file level: the whole file again');
    // Two images of one 1 MiB file each: the chunk level keeps the file once, plus one chunk.
    const t = report.totals;
    assert.equal(t.chunkUniqueBytes.aligned, original.length + (cuts[index]! - start) + t.framingBytes);
    checkInequalities(report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compressible content: stored figures are zstd sizes, identical files count once, lone tars and directories are images', async () => {
  const dir = tmp();
  try {
    const text = Buffer.from('the quick brown fox jumps over the lazy dog\n'.repeat(20_000));
    const entries: TarFile[] = [
      { name: 'a.txt', data: text },
      { name: 'b.txt', data: text },
      { name: 'zeros', data: Buffer.alloc(200_000) },
      { name: 'empty', data: Buffer.alloc(0) },
    ];
    const tar = makeTar(entries);
    writeFileSync(join(dir, 'layer.tar.gz'), gzipSync(tar));
    const report = await analyze([join(dir, 'layer.tar.gz')], { name: 'lone:1', modes: ['aligned', 'fixed'] });
    const t = report.totals;
    assert.deepEqual(report.settings.modes, ['aligned', 'fixed', 'file']);
    assert.equal(report.images[0]!.label, 'lone:1');
    assert.equal(report.images[0]!.source, 'layer-tar');
    assert.equal(t.originalBytes, null, 'a lone layer tar has no manifest blob');
    assert.equal(t.registryBytes, t.gzipBytes);
    assert.equal(t.files, 3, 'a.txt and b.txt are one content, zeros another, the empty file a third');
    assert.equal(t.fileUniqueBytes, text.length + 200_000 + framingOf(entries));
    assert.ok(t.fileStoredBytes < t.fileUniqueBytes / 20, 'text and zeros compress');
    assert.ok(t.chunkStoredBytes.aligned! < t.chunkUniqueBytes.aligned! / 20);
    assert.equal(report.upgrades.length, 0);
    checkInequalities(report);
    assert.ok(renderTable(report).split('\n').every((line) => line.length <= 100), 'the table fits 100 columns');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tags order as versions; --upgrade parses FROM..TO', () => {
  const tags = ['1.10.0', '1.2.0', '1.2.0-rc1', '1.9.3', 'latest', '0.9'];
  assert.deepEqual([...tags].sort(compareTags), ['0.9', '1.2.0-rc1', '1.2.0', '1.9.3', '1.10.0', 'latest']);
  assert.deepEqual(parseUpgrade('app:1..app:2'), { from: 'app:1', to: 'app:2' });
  assert.throws(() => parseUpgrade('app:1'), /FROM\.\.TO/);
});
