// `cairn chunk` as a user runs it: JSON in DESIGN.md's form equal to the library's cuts, stdin,
// and one-line errors with a non-zero exit for bad parameters and paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { cutBuffer } from 'cairn';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('cairn-cli-chunk-');
const file = join(dir, 'input.bin');
const data = seededBytes('cli-chunk', 3 << 20);
writeFileSync(file, data);

function run(args: string[], input?: Buffer) {
  return spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'buffer', maxBuffer: 1 << 28 });
}

test('chunk --json prints offset, length and digest of every chunk', () => {
  for (const mode of ['aligned', 'fastcdc', 'fixed', 'file']) {
    const result = run(['chunk', file, '--json', '--mode', mode, '--min', '8K', '--avg', '32K', '--max', '128K']);
    assert.equal(result.status, 0, result.stderr.toString());
    const out = JSON.parse(result.stdout.toString());
    assert.deepEqual(Object.keys(out), ['chunks']);
    const cuts = cutBuffer(data, { mode: mode as 'aligned', min: 8192, avg: 32768, max: 131072 });
    let start = 0;
    const want = cuts.map((c) => {
      const chunk = { offset: start, length: c.end - start, digest: 'sha256:' + createHash('sha256').update(data.subarray(start, c.end)).digest('hex') };
      start = c.end;
      return chunk;
    });
    assert.deepEqual(out.chunks, want, mode);
  }
});

test('chunk - reads standard input', () => {
  const fromFile = run(['--json', 'chunk', file]);
  const fromStdin = run(['--json', 'chunk', '-'], data);
  assert.equal(fromStdin.status, 0);
  assert.deepEqual(JSON.parse(fromStdin.stdout.toString()), JSON.parse(fromFile.stdout.toString()));
});

test('the human summary names the chunker and the counts', () => {
  const result = run(['chunk', file]);
  assert.equal(result.status, 0);
  const text = result.stdout.toString();
  assert.match(text, /cairn-aligned\/v1 min=16384 avg=65536 max=262144 align=4096 nc=1 seed=0/);
  assert.match(text, new RegExp(`${data.length} bytes`));
});

test('bad parameters and paths: one line on stderr, non-zero exit', () => {
  const cases: [string[], RegExp][] = [
    [['chunk', file, '--min', '3'], /min must be between 64 and/],
    [['chunk', file, '--align', '3000'], /align must be a power of two/],
    [['chunk', file, '--avg', 'lots'], /--avg: not a size/],
    [['chunk', file, '--normalization', '9'], /normalization must be between 0 and 3/],
    [['chunk', join(dir, 'missing')], /cannot read .*missing/],
    [['chunk', dir], /not a regular file/],
  ];
  for (const [args, pattern] of cases) {
    const result = run(args);
    assert.notEqual(result.status, 0, args.join(' '));
    const stderr = result.stderr.toString();
    assert.match(stderr, pattern);
    assert.equal(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
  }
});

test('--help works on the program and on chunk', () => {
  for (const args of [['--help'], ['chunk', '--help']]) {
    const result = run(args);
    assert.equal(result.status, 0);
    assert.match(result.stdout.toString(), /Usage: cairn/);
  }
});
