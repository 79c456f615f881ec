// Keeps the benchmarks working: every group module imports cleanly (cairn by package name, its
// helpers) and exports its runner, and one group, chunking, runs end to end on small inputs
// (`bench/run.mjs --small chunking`) and prints its tables and ratios as numbers. Speed is not
// checked; the mean chunk sizes are (each chunker must respect min 16 KiB and max 256 KiB).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/paths.js';

test('every benchmark group loads and exports its runner', async () => {
  const groups: [string, string][] = [['chunking', 'runChunking'], ['store', 'runStore'], ['images', 'runImages'], ['rootfs', 'runRootfs'], ['report', 'runReport'], ['delta', 'runDelta'], ['many-files', 'runManyFiles'], ['registry', 'runRegistry']];
  for (const [file, runner] of groups) {
    const mod = (await import(pathToFileURL(join(ROOT, 'bench', `${file}.mjs`)).href)) as Record<string, unknown>;
    assert.equal(typeof mod[runner], 'function', `bench/${file}.mjs exports ${runner}`);
  }
  const lib = (await import(pathToFileURL(join(ROOT, 'bench', 'peers.mjs')).href)) as { bestOf: (n: number, f: (i: number) => { seconds: number }) => { seconds: number } };
  const times = [3, 1, 2];
  assert.equal(lib.bestOf(3, (i) => ({ seconds: times[i]! })).seconds, 1);
});

const CHUNKERS = ['cairn aligned (wasm)', 'cairn fastcdc (wasm)', 'fastcdc-wasm 0.1.0 (ronomon)', 'plain-JS gear loop'];
const positive = (text: string | undefined, what: string): number => {
  const value = Number(text);
  assert.ok(text !== undefined && text !== '' && Number.isFinite(value) && value > 0, `${what} is a positive number: ${text}`);
  return value;
};

test('the chunking benchmark runs end to end on small inputs and prints every figure', { timeout: 180_000 }, () => {
  const run = spawnSync(process.execPath, [join(ROOT, 'bench', 'run.mjs'), '--small', 'chunking'], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
  assert.equal(run.status, 0, run.stderr);
  const out = run.stdout;
  assert.match(out, /^# cairn benchmarks — node v\d+/);
  // One section per input: a table row per chunker, then the two ratios against their targets.
  const sections = out.split(/^### /m).slice(1);
  assert.equal(sections.length, 2, out);
  for (const section of sections) {
    const title = section.split('\n')[0]!;
    assert.match(title, /--small.*, 4\.2 MB$/, 'a 4 MiB input');
    const rows = new Map(
      section
        .split('\n')
        .filter((line) => line.startsWith('| ') && !line.startsWith('| chunker') && !line.startsWith('| ---'))
        .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
        .map((cells) => [cells[0]!, cells.slice(1)]),
    );
    for (const name of CHUNKERS) {
      const cells = rows.get(name);
      assert.ok(cells, `${title}: a row for ${name}`);
      positive(cells[0], `${title}: ${name} chunk MB/s`);
      positive(cells[1], `${title}: ${name} chunk+sha256 MB/s`);
      positive(cells[2]?.replace(/%$/, ''), `${title}: ${name} share of the sha256 ceiling`);
      const mean = positive(cells[3], `${title}: ${name} mean chunk`);
      assert.ok(mean >= 16384 && mean <= 262144, `${title}: ${name} mean chunk ${mean} within min and max`);
    }
    positive(rows.get('node:crypto sha256 only (ceiling)')?.[1], `${title}: sha256 ceiling MB/s`);
    positive(/cairn fastcdc \/ fastcdc-wasm, chunk-only: ([\d.]+)x \(target >= 1\.5x\)/.exec(section)?.[1], `${title}: fastcdc ratio`);
    positive(/cairn aligned chunk\+sha256 \/ sha256-only ceiling: (\d+)% \(target >= 90%\)/.exec(section)?.[1], `${title}: aligned share`);
  }
});
