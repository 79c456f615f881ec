// The report's bundle column: analyze and report price each upgrade by the bundle `cairn bundle`
// writes (the same bytes, counted instead of written), in JSON, the table and the HTML page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cairn, tmp } from '../support/cli.js';
import { seededBytes } from '../support/random.js';
import { analyze, renderHtml, renderTable, type Report } from '../support/report-api.js';
import { makeTar, writeOciLayout } from '../support/report-fixtures.js';

const program = Buffer.from(seededBytes('program', 1_000_000));
const patched = Buffer.from(program);
patched[500_000] ^= 0x40;

/** app:1.0 → app:1.1 changes one byte of a 1 MB random file; app:2.0 replaces it outright. */
function fixture(dir: string): string {
  const layout = join(dir, 'app');
  writeOciLayout(layout, [
    { tag: '1.0', layers: [makeTar([{ name: 'bin/program', data: program }, { name: 'README', data: Buffer.from('app 1.0\n') }])] },
    { tag: '1.1', layers: [makeTar([{ name: 'bin/program', data: patched }, { name: 'README', data: Buffer.from('app 1.1\n') }])] },
    { tag: '2.0', layers: [makeTar([{ name: 'bin/program', data: seededBytes('program 2', 1_000_000) }, { name: 'README', data: Buffer.from('app 2.0\n') }])] },
  ]);
  return layout;
}

const upgrade = (report: Report, to: string) => report.upgrades.find((u) => u.to === to)!;

test('analyze and report price each upgrade by the bundle cairn bundle writes, to the byte', { timeout: 300_000 }, async () => {
  const dir = tmp('report-bundle');
  try {
    const layout = fixture(dir);
    const analyzed = await analyze([layout], { modes: ['aligned'], gzipLevel: null });
    assert.deepEqual(analyzed.upgrades.map((u) => `${u.from}>${u.to}`), ['app:1.0>app:1.1', 'app:1.1>app:2.0']);
    const patch = upgrade(analyzed, 'app:1.1');
    const rewrite = upgrade(analyzed, 'app:2.0');
    // One changed byte: a delta of a few dozen bytes plus the bundle's metadata, far below the
    // 64 KiB chunk around it and the whole layer.
    assert.ok(patch.bundleBytes !== null && patch.bundleBytes < patch.newChunkBytes / 4, `bundle ${patch.bundleBytes} vs new chunks ${patch.newChunkBytes}`);
    assert.equal(patch.bundleShare, patch.bundleBytes / patch.layerPullBytes);
    // New random content cannot be delta'd: the bundle carries it, about 1 MB.
    assert.ok(rewrite.bundleBytes! > 1_000_000 && rewrite.bundleBytes! < 1_100_000, `bundle ${rewrite.bundleBytes}`);

    // The same images in a store: report gives the same figures, and they are the sizes of the
    // files cairn bundle writes.
    const store = join(dir, 'store');
    assert.equal(cairn(store, ['--quiet', 'ingest', layout]).status, 0);
    const reported = JSON.parse(cairn(store, ['--json', 'report', '--modes', 'aligned', '--no-gzip']).stdout) as Report;
    assert.deepEqual(reported.upgrades, analyzed.upgrades);
    for (const u of reported.upgrades) {
      const file = join(dir, `${u.to}.bundle`);
      const made = cairn(store, ['--quiet', 'bundle', u.to, '--from', u.from, '-o', file]);
      assert.equal(made.status, 0, made.stderr);
      assert.equal(u.bundleBytes, statSync(file).size, `${u.from} → ${u.to}`);
    }

    // The table keeps to 100 columns with the bundle column; --no-bundle leaves it out.
    const table = renderTable(analyzed);
    assert.ok(table.split('\n').every((line) => line.length <= 100), table);
    const header = table.split('\n').find((line) => line.startsWith('upgrade '))!;
    assert.match(header, /new chunks +share +bundle +share$/);
    const row = table.split('\n').find((line) => line.startsWith('app:1.0 → 1.1'))!;
    assert.equal(row.split(/ {2,}/).length, 8, row);
    assert.match(row, / KiB +\d+\.\d+%$/, 'the bundle: some KiB, a small share of the pull');
    const page = renderHtml(analyzed);
    assert.match(page, /<th>bundle<\/th>/);
    assert.match(page, /upgrade bundle \(chunks and deltas\)/);

    const without = await analyze([layout], { modes: ['aligned'], gzipLevel: null, bundles: false });
    assert.ok(without.upgrades.every((u) => u.bundleBytes === null && u.bundleShare === null));
    assert.doesNotMatch(renderTable(without), /bundle +share/);
    const cli = cairn(store, ['--json', 'report', '--modes', 'aligned', '--no-gzip', '--no-bundle']);
    assert.ok((JSON.parse(cli.stdout) as Report).upgrades.every((u) => u.bundleBytes === null));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
