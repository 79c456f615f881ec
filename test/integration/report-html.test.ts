// The HTML report in a real browser: Debian's chromium, headless. The page must be one
// self-contained file (no script, nothing fetched), load without console messages, carry its
// charts as SVG in the DOM, and render to a screenshot that is not blank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seededBytes } from '../support/random.js';
import { analyze, renderHtml } from '../support/report-api.js';
import { makeDockerArchive, makeTar, writeOciLayout } from '../support/report-fixtures.js';
import { readPng } from '../support/report-png.js';
import { scratchDir } from '../support/scratch.js';

const CHROMIUM = process.env['CAIRN_CHROMIUM'] ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => spawnSync(p, ['--version']).status === 0);
const skip = CHROMIUM ? false : 'skipped: chromium not installed (apt-get install chromium; .ci/run installs it)';

async function reportPage(dir: string): Promise<string> {
  const layout = join(dir, 'shop');
  const shared = seededBytes('shared', 400_000);
  const text = Buffer.from('price list\n'.repeat(30_000));
  writeOciLayout(layout, [
    { tag: '1.0', layers: [makeTar([{ name: 'lib', data: shared }, { name: 'prices', data: text }])] },
    { tag: '1.1', layers: [makeTar([{ name: 'lib', data: shared }, { name: 'prices', data: Buffer.concat([text, Buffer.from('new\n')]) }])] },
    { tag: '2.0', layers: [makeTar([{ name: 'lib', data: seededBytes('lib2', 400_000) }, { name: 'prices', data: text }])] },
  ]);
  const archive = join(dir, 'old.tar');
  writeFileSync(archive, makeDockerArchive([{ repoTag: 'legacy/shop:0.9', layers: [makeTar([{ name: 'lib', data: shared }])] }]));
  const page = renderHtml(await analyze([layout, archive], { upgrades: [{ from: 'legacy/shop:0.9', to: 'shop:2.0' }] }));
  const file = join(dir, 'report.html');
  writeFileSync(file, page);
  return file;
}

function chromium(args: string[], profile: string) {
  return spawnSync(CHROMIUM!, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0', ...args,
  ], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
}

test('the HTML report is one self-contained page: no script, nothing from the network', async () => {
  const dir = scratchDir('cairn-html-');
  try {
    const page = readFileSync(await reportPage(dir), 'utf8');
    assert.doesNotMatch(page, /<script|<link|<img|<iframe|@import|url\(/i);
    const addresses = page.match(/https?:\/\/[^"'\s)]+/g) ?? [];
    assert.deepEqual([...new Set(addresses)], ['http://www.w3.org/2000/svg'], 'only the SVG namespace, which is never fetched');
    for (const id of ['chart-sizes', 'chart-upgrades', 'chart-sharing', 'chart-upgrade-matrix', 'chart-histogram']) assert.match(page, new RegExp(`<svg id="${id}"`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('chromium loads the HTML report without console messages, with every chart, and draws it', { skip, timeout: 300_000 }, async () => {
  const dir = scratchDir('cairn-html-');
  try {
    const file = await reportPage(dir);
    const url = pathToFileURL(file).href;
    const dom = chromium(['--dump-dom', url], join(dir, 'profile-dom'));
    assert.equal(dom.status, 0, dom.stderr.slice(-2000));
    const consoleLines = dom.stderr.split('\n').filter((l) => /:CONSOLE/.test(l));
    assert.deepEqual(consoleLines, [], 'no console messages');
    for (const id of ['chart-sizes', 'chart-upgrades', 'chart-sharing', 'chart-upgrade-matrix', 'chart-histogram']) {
      const chart = new RegExp(`<svg id="${id}"[^>]*>([\\s\\S]*?)</svg>`).exec(dom.stdout);
      assert.ok(chart, `${id} is in the DOM`);
      assert.ok((chart[1]!.match(/<rect/g) ?? []).length >= 3, `${id} draws bars or cells`);
      assert.ok((chart[1]!.match(/<text/g) ?? []).length >= 3, `${id} labels them`);
    }
    // The upgrades priced by bundle too: a bar per upgrade in the chart, a column in the table.
    const upgradeChart = /<svg id="chart-upgrades"[^>]*>([\s\S]*?)<\/svg>/.exec(dom.stdout)![1]!;
    assert.equal((upgradeChart.match(/<title>upgrade bundle \(chunks and deltas\): /g) ?? []).length, 3, 'one bundle bar per upgrade');
    assert.match(dom.stdout, /<th>new chunks \(count\)<\/th><th>bundle<\/th><th>share<\/th>/);
    const png = join(dir, 'report.png');
    const shot = chromium([`--screenshot=${png}`, '--window-size=1280,2000', '--hide-scrollbars', url], join(dir, 'profile-shot'));
    assert.equal(shot.status, 0, shot.stderr.slice(-2000));
    const { width, height, rgba } = readPng(readFileSync(png));
    assert.deepEqual([width, height], [1280, 2000]);
    let inked = 0;
    let barBlue = 0;
    let barGreen = 0;
    const colours = new Set<number>();
    for (let i = 0; i < rgba.length; i += 4) {
      const [r, g, b] = [rgba[i]!, rgba[i + 1]!, rgba[i + 2]!];
      if (r < 235 || g < 235 || b < 235) inked++;
      if (Math.abs(r - 0x21) < 12 && Math.abs(g - 0x71) < 12 && Math.abs(b - 0xb5) < 12) barBlue++;
      if (Math.abs(r - 0x31) < 12 && Math.abs(g - 0xa3) < 12 && Math.abs(b - 0x54) < 12) barGreen++;
      colours.add((r >> 3) * 1024 + (g >> 3) * 32 + (b >> 3));
    }
    assert.ok(inked > width * height * 0.04, `the page is drawn (${inked} inked pixels)`);
    assert.ok(barBlue > 2000, `compressed-size bars are drawn (${barBlue} bar pixels)`);
    assert.ok(barGreen > 200, `bundle bars are drawn (${barGreen} bar pixels)`);
    assert.ok(colours.size > 50, `text, bars and heat-map shades (${colours.size} colours)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
