// The command line as a new user meets it ("What a new user hit", issue 9): default names,
// closed pipes, exit codes and messages, read commands without a store, --quiet, ls, re-ingest
// figures, help, contradictory options, and output that fits 100 columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from 'cairn';
import { cairn, layerTar, tmp, writeLayerTar, type CliResult } from '../support/cli.js';
import { CLI, ROOT } from '../support/paths.js';
import { writeOciLayout } from '../support/report-fixtures.js';

const WIDTH = 100;

function ok(r: CliResult, what: string): void {
  assert.equal(r.status, 0, `${what}: ${r.stderr}`);
}

/** Exit 2, one `cairn: ` line on stderr, and no errno code, syscall or temporary name in it. */
function badTarget(r: CliResult, pattern: RegExp, what: string): void {
  assert.equal(r.status, 2, `${what}: exit ${r.status}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `${what}: one line: ${r.stderr}`);
  assert.match(lines[0]!, /^cairn: /, what);
  assert.match(lines[0]!, pattern, what);
  assert.doesNotMatch(lines[0]!, /\bE[A-Z]{3,}\b|cairn-partial|\.tmp\b|\b(mkdir|rename|open)\b '/, `${what}: ${lines[0]}`);
}

function narrow(text: string, what: string): void {
  for (const line of text.split('\n')) assert.ok(line.length <= WIDTH, `${what}: ${line.length} columns: ${line}`);
}

test('a lone tar without --name is named after its file, and says so; gc keeps it', () => {
  const dir = tmp('usage-default-name');
  const store = join(dir, 's');
  const tar = writeLayerTar(dir, 'My App.tar', 'default-name');
  const r = cairn(store, ['--json', 'ingest', tar]);
  ok(r, 'ingest');
  assert.equal(JSON.parse(r.stdout).images[0].name, 'my-app:latest');
  assert.match(r.stderr, /no --name given: named the image my-app:latest/);
  ok(cairn(store, ['gc']), 'gc');
  const ls = JSON.parse(cairn(store, ['--json', 'ls']).stdout);
  assert.deepEqual(ls.images.map((i: { names: string[] }) => i.names), [['my-app:latest']]);
  ok(cairn(store, ['verify']), 'verify');
});

test('a closed pipe ends the command quietly (ls | head -1, export layer | head -c)', async () => {
  const dir = tmp('usage-epipe');
  const store = join(dir, 's');
  const tar = writeLayerTar(dir, 'big.tar', 'epipe', 8, 1 << 20);
  const ingest = cairn(store, ['--json', 'ingest', tar, '--name', 'pipe:v1']);
  ok(ingest, 'ingest');
  const manifest = JSON.parse(ingest.stdout).images[0].manifest as string;
  // Enough names that ls writes far more than a pipe holds.
  const handle = await openStore(store);
  await handle.setNames(Array.from({ length: 3000 }, (_, i) => `registry.example.com/team/application-${i}:v1`), manifest);
  await handle.commit();
  await handle.close();
  for (const command of [`ls | head -1`, `--json ls | head -c 10`, `export layer pipe:v1 | head -c 10`]) {
    const fixed = command.replace('pipe:v1', JSON.parse(ingest.stdout).layers[0].diffId.slice(7, 19));
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" --store "${store}" ${fixed}`], { encoding: 'utf8' });
    assert.equal(r.stderr, '', `${command}: ${r.stderr}`);
    assert.equal(r.status, 0, command);
    assert.ok(r.stdout.length > 0, command);
  }
});

test('one exit code per kind of mistake, one sentence, no internal path', () => {
  const dir = tmp('usage-exit');
  const store = join(dir, 's');
  const tar = writeLayerTar(dir, 'e.tar', 'exit-codes');
  ok(cairn(store, ['ingest', tar, '--name', 'app:v1']), 'ingest');
  const file = join(dir, 'some-file');
  writeFileSync(file, 'x');
  const target = join(dir, 'a-directory');
  mkdirSync(target);
  badTarget(cairn(store, ['ingest', tar, '--zstd-level', '99']), /--zstd-level: 99 is out of range/, 'zstd 99');
  badTarget(cairn(store, ['ingest', tar, '--zstd-level', 'abc']), /--zstd-level: not a whole number/, 'zstd abc');
  badTarget(cairn(store, ['export', 'oci', 'app:v1', file]), /some-file: not a directory/, 'export oci onto a file');
  badTarget(cairn(store, ['export', 'rootfs', 'app:v1', '--tar', target]), /a-directory: is a directory/, 'rootfs --tar onto a directory');
  badTarget(cairn(store, ['export', 'rootfs', 'app:v1', '--tar', join(dir, 'missing-dir', 'x')]), /no directory .*missing-dir/, 'rootfs --tar missing-dir/x');
  badTarget(cairn(store, ['export', 'layer', 'app:v1', '-o', 'x']), /no layer app:v1/, 'export layer of a name');
  badTarget(cairn(store, ['export', 'rootfs', 'nosuch:v1', join(dir, 'r')]), /no image named nosuch:v1/, 'unknown image');
  badTarget(cairn(store, ['report', 'nosuch:v1']), /no image named nosuch:v1/, 'report unknown image');
  badTarget(cairn(store, ['rm', 'nosuch:v1']), /no image named nosuch:v1/, 'rm unknown image');
  badTarget(cairn(store, ['analyze', tar, '--upgrade', 'a:1..b:2', '--no-gzip']), /--upgrade: no image a:1/, 'analyze --upgrade unknown');
  const layer = JSON.parse(cairn(store, ['--json', 'ls', 'layers']).stdout).layers[0].diffId as string;
  badTarget(cairn(store, ['export', 'layer', layer, '-o', join(dir, 'missing-dir', 'x')]), /no directory .*missing-dir/, 'layer -o missing-dir/x');
  badTarget(cairn(store, ['export', 'layer', layer, '-o', target]), /is a directory/, 'layer -o onto a directory');
  badTarget(cairn(store, ['report', '--html', join(dir, 'missing-dir', 'r.html'), '--no-gzip']), /no directory .*missing-dir/, 'report --html missing-dir/x');
  assert.deepEqual(readdirSync(dir).filter((n) => n.includes('cairn-partial') || n.endsWith('.tmp')), [], 'no temporary left');
});

test('read commands on a directory without a store say so, exit 2, and create nothing', () => {
  const dir = tmp('usage-nostore');
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  const missing = join(dir, 'missing');
  const commands = [['ls'], ['ls', 'layers'], ['verify'], ['report'], ['export', 'layer', 'abcd', '-o', join(dir, 'x')],
    ['export', 'rootfs', 'a:1', join(dir, 'r')], ['export', 'oci', 'a:1', join(dir, 'o')], ['rm', 'a:1'], ['gc'], ['repair']];
  for (const where of [empty, missing]) {
    for (const args of commands) badTarget(cairn(where, args), /no cairn store at .*only ingest creates one/, `${args.join(' ')} in ${where}`);
  }
  assert.deepEqual(readdirSync(empty), []);
  assert.ok(!existsSync(missing));
  assert.deepEqual(readdirSync(dir).sort(), ['empty'], 'no export target made either');
});

test('--quiet silences progress and chatter, never the output asked for', () => {
  const dir = tmp('usage-quiet');
  const store = join(dir, 's');
  const tar = writeLayerTar(dir, 'q.tar', 'quiet');
  const ingest = cairn(store, ['--quiet', 'ingest', tar]);
  ok(ingest, 'ingest');
  assert.equal(ingest.stdout, '');
  assert.equal(ingest.stderr, '', 'no note about the default name either');
  const ls = cairn(store, ['--quiet', 'ls']);
  ok(ls, 'ls');
  assert.match(ls.stdout, /^sha256:[0-9a-f]{12}\s+1 layer\s+q:latest\n$/);
  assert.match(cairn(store, ['--quiet', 'ls', 'layers']).stdout, /^sha256:[0-9a-f]{12}\s+297 KiB\n$/);
  const chunk = cairn(undefined, ['--quiet', 'chunk', tar]);
  assert.match(chunk.stdout, /^chunks +\d+/m);
  assert.doesNotMatch(chunk.stdout, /speed/);
  const out = join(dir, 'l.tar');
  const exported = cairn(store, ['--quiet', 'export', 'layer', 'q:latest'.length ? JSON.parse(cairn(store, ['--json', 'ls', 'layers']).stdout).layers[0].diffId : '', '-o', out]);
  ok(exported, 'export');
  assert.equal(exported.stdout, '');
});

test('ls honours its argument, in text and JSON', () => {
  const dir = tmp('usage-ls');
  const store = join(dir, 's');
  const tar = writeLayerTar(dir, 'l.tar', 'ls');
  ok(cairn(store, ['ingest', tar, '--name', 'app:v1']), 'ingest');
  assert.deepEqual(Object.keys(JSON.parse(cairn(store, ['--json', 'ls']).stdout)), ['images']);
  const layers = JSON.parse(cairn(store, ['--json', 'ls', 'layers']).stdout);
  assert.deepEqual(Object.keys(layers), ['layers']);
  assert.equal(layers.layers[0].tarBytes, readFileSync(tar).length);
  assert.match(cairn(store, ['ls', 'layers']).stdout, /^sha256:[0-9a-f]{12}  297 KiB\n$/);
  assert.match(cairn(store, ['ls']).stdout, /app:v1/);
  assert.equal(cairn(store, ['ls', 'chunks']).status, 2);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.match(readme, /`cairn --json ls` prints `\{"images":/, 'README documents ls --json');
  assert.match(readme, /`cairn --json ls layers` prints `\{"layers":/, 'README documents ls layers --json');
});

test('re-ingesting stored layers lists them as already stored, with their sizes', () => {
  const dir = tmp('usage-reingest');
  const store = join(dir, 's');
  const layout = join(dir, 'app');
  mkdirSync(layout);
  const tars = [layerTar('reingest-1'), layerTar('reingest-2')];
  writeOciLayout(layout, [{ tag: 'v1', layers: tars }]);
  const first = JSON.parse(cairn(store, ['--json', 'ingest', layout]).stdout);
  assert.deepEqual(first.layers.map((l: { stored: string }) => l.stored), ['new', 'new']);
  const again = cairn(store, ['--json', 'ingest', layout]);
  ok(again, 'again');
  const second = JSON.parse(again.stdout);
  assert.equal(second.layers.length, 2);
  for (const [i, l] of second.layers.entries()) {
    assert.equal(l.stored, 'already');
    assert.equal(l.tarBytes, tars[i]!.length);
    assert.equal(l.newChunks, 0);
  }
  const text = cairn(store, ['ingest', layout]).stdout;
  assert.equal((text.match(/already stored/g) ?? []).length, 2, text);
  assert.match(text, /every layer was already in the store/);
  assert.doesNotMatch(text, /0 new chunks of 0/);
});

const COMMANDS = [[], ['chunk'], ['ingest'], ['ls'], ['rm'], ['verify'], ['gc'], ['repair'], ['export'], ['export', 'layer'],
  ['export', 'oci'], ['export', 'rootfs'], ['analyze'], ['report']];

test('help: an example on every command, each default once, --version, one-line usage errors', () => {
  for (const command of COMMANDS) {
    const r = cairn(undefined, [...command, '--help']);
    ok(r, command.join(' '));
    assert.match(r.stdout, /Examples:\n {2}\$ cairn /, `${command.join(' ') || 'cairn'}: an example`);
    for (const line of r.stdout.split('\n')) assert.ok((line.match(/default/g) ?? []).length <= 1, `one default per line: ${line}`);
    assert.doesNotMatch(r.stdout, /\(default: ["[]/, 'defaults written once, in the description');
    narrow(r.stdout, `${command.join(' ')} --help`);
  }
  assert.match(cairn(undefined, ['analyze', '--help']).stdout, /--mode and --modes: /);
  assert.match(cairn(undefined, ['ingest', '--help']).stdout, /chunking options apply when the store is created/);
  const version = cairn(undefined, ['--version']);
  ok(version, '--version');
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  for (const args of [['--bogus'], ['ls', '--bogus'], ['frobnicate'], ['ingest']]) {
    const r = cairn(undefined, args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^cairn: /);
  }
});

test('contradictory options and out-of-range sizes are refused', () => {
  const dir = tmp('usage-options');
  const store = join(dir, 's');
  const tar = writeLayerTar(dir, 'o.tar', 'options');
  badTarget(cairn(store, ['ingest', tar, '--pack-size', '1K']), /--pack-size: 1K is out of range \(1M to 1G\)/, 'pack-size 1K');
  badTarget(cairn(store, ['ingest', tar, '--pack-size', '2G']), /out of range/, 'pack-size 2G');
  assert.ok(!existsSync(store), 'nothing made');
  ok(cairn(store, ['ingest', tar, '--name', 'app:v1', '--pack-size', '1M']), 'pack-size 1M');
  badTarget(cairn(store, ['export', 'oci', 'app:v1', join(dir, 'l'), '--uncompressed', '--compress', 'zstd']), /contradict/, 'uncompressed + zstd');
  assert.ok(!existsSync(join(dir, 'l')));
});

test('export layer -o confirms; output fits 100 columns', () => {
  const dir = tmp('usage-confirm');
  const store = join(dir, 's');
  const tar = writeLayerTar(dir, 'c.tar', 'confirm');
  const ingest = cairn(store, ['ingest', tar, '--name', 'registry.example.com:5000/some-team/a-rather-long-application-name:2024.11.23-rc1']);
  ok(ingest, 'ingest');
  narrow(ingest.stdout + ingest.stderr, 'ingest');
  for (let i = 0; i < 6; i++) ok(cairn(store, ['ingest', tar, '--name', `registry.example.com:5000/some-team/another-name-${i}:v${i}`]), 'more names');
  const ls = cairn(store, ['ls']);
  narrow(ls.stdout, 'ls');
  assert.equal((ls.stdout.match(/another-name-/g) ?? []).length, 6, 'every name listed');
  const diffId = JSON.parse(cairn(store, ['--json', 'ls', 'layers']).stdout).layers[0].diffId as string;
  const r = cairn(store, ['export', 'layer', diffId, '-o', 'layer.tar.gz', '--compress', 'gzip'], { cwd: dir });
  ok(r, 'export layer');
  assert.ok(existsSync(join(dir, 'layer.tar.gz')));
  assert.match(r.stdout, new RegExp(`^wrote layer\\.tar\\.gz: layer sha256:[0-9a-f]{12}, 297 KiB tar, gzip [\\d.]+ KiB\\n$`));
  narrow(r.stdout, 'export layer');
});

test('docs refer only to files the project ships', () => {
  for (const doc of readdirSync(join(ROOT, 'docs')).filter((n) => n.endsWith('.md'))) {
    const text = readFileSync(join(ROOT, 'docs', doc), 'utf8');
    for (const [, file] of text.matchAll(/\b([A-Z][A-Z_-]+\.md)\b/g)) {
      assert.ok(existsSync(join(ROOT, file!)) || existsSync(join(ROOT, 'docs', file!)), `docs/${doc} refers to ${file}, which the project does not ship`);
    }
  }
});

test('a second openStore in one process says the store is open in this process', async () => {
  const dir = tmp('usage-second-open');
  const first = await openStore(join(dir, 's'));
  try {
    await assert.rejects(openStore(join(dir, 's')), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'CAIRN_LOCKED');
      assert.match(e.message, /already open in this process/);
      assert.doesNotMatch(e.message, /another process/);
      return true;
    });
  } finally {
    await first.close();
  }
  const again = await openStore(join(dir, 's'));
  await again.close();
});
