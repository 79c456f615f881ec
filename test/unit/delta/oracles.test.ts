// Real files against Debian's bsdiff, xdelta3 and zstd as oracles of size: on executables the
// codec must be at least as small as bsdiff (and xdelta3), on text as small as
// `zstd -19 --long=27 --patch-from` apart from the container's fixed header (within 0.5%: the
// zstd method is that same algorithm, but zstd-napi's libzstd 1.5.7 and Debian's CLI 1.5.4
// differ by a few bytes either way). The tools are
// test dependencies (.ci/run installs them); a missing tool fails the test, it is not skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseDelta, decodeDelta, DELTA_OVERHEAD_BYTES } from '../../../src/delta/index.js';
import { scratchDir } from '../../support/scratch.js';

function run(tool: string, args: string[]): void {
  const r = spawnSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.error) assert.fail(`${tool} is needed (apt-get install bsdiff xdelta3 zstd): ${r.error.message}`);
  assert.equal(r.status, 0, `${tool} ${args.join(' ')}: ${r.stderr}`);
}

interface Sizes { cairn: number; bsdiff: number; xdelta3: number; zstd: number }

/** Sizes of cairn's delta and the peers' for base -> target; checks every round trip. */
function measure(base: Uint8Array, target: Uint8Array): Sizes {
  const dir = scratchDir('cairn-delta-');
  try {
    const [a, b] = [join(dir, 'old'), join(dir, 'new')];
    writeFileSync(a, base);
    writeFileSync(b, target);
    run('bsdiff', [a, b, join(dir, 'p.bsdiff')]);
    run('bspatch', [a, join(dir, 'check'), join(dir, 'p.bsdiff')]);
    assert.ok(readFileSync(join(dir, 'check')).equals(target), 'bspatch reproduces the target');
    run('xdelta3', ['-e', '-9', '-f', '-s', a, b, join(dir, 'p.xd3')]);
    run('zstd', ['-q', '-f', '-19', '--long=27', `--patch-from=${a}`, b, '-o', join(dir, 'p.zst')]);
    const delta = chooseDelta(base, target).delta;
    assert.deepEqual(decodeDelta(base, delta), new Uint8Array(target), 'cairn round trip');
    const size = (name: string) => statSync(join(dir, name)).size;
    return { cairn: delta.length, bsdiff: size('p.bsdiff'), xdelta3: size('p.xd3'), zstd: size('p.zst') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A "rebuild" of a real executable: 4 KiB of new code inserted at 40% and every aligned
 * 32-bit word that points past the insertion moved by 4 KiB, as a relink does.
 */
function relink(old: Buffer): Buffer {
  const at = Math.floor(old.length * 0.4) & ~15;
  const shift = 4096;
  const inserted = Buffer.alloc(shift);
  for (let i = 0; i < shift; i++) inserted[i] = old[(i * 7919) % old.length]!;
  const out = Buffer.concat([old.subarray(0, at), inserted, old.subarray(at)]);
  for (let i = 0; i + 4 <= out.length; i += 4) {
    const v = out.readUInt32LE(i);
    if (v > at && v < old.length) out.writeUInt32LE(v + shift, i);
  }
  return out;
}

test('executables: at least as small as bsdiff and xdelta3', () => {
  const pairs: [string, Buffer, Buffer][] = [
    ['bsdiff -> bspatch (two programs of one build)', readFileSync('/usr/bin/bsdiff'), readFileSync('/usr/bin/bspatch')],
    ['busybox relinked', readFileSync('/usr/bin/busybox'), relink(readFileSync('/usr/bin/busybox'))],
  ];
  for (const [name, base, target] of pairs) {
    const s = measure(base, target);
    console.log(`# ${name}: ${JSON.stringify(s)}`);
    assert.ok(s.cairn <= s.bsdiff, `${name}: cairn ${s.cairn} > bsdiff ${s.bsdiff}`);
    assert.ok(s.cairn <= s.xdelta3, `${name}: cairn ${s.cairn} > xdelta3 ${s.xdelta3}`);
  }
});

test('text: as small as zstd --patch-from (beyond the fixed header) and smaller than xdelta3', () => {
  const licenses = '/usr/share/common-licenses';
  for (const [from, to] of [['GPL-2', 'GPL-3'], ['LGPL-2', 'LGPL-2.1']]) {
    const s = measure(readFileSync(join(licenses, from)), readFileSync(join(licenses, to)));
    console.log(`# ${from} -> ${to}: ${JSON.stringify(s)}`);
    assert.ok(s.cairn - DELTA_OVERHEAD_BYTES <= s.zstd * 1.005, `${to}: cairn ${s.cairn} vs zstd ${s.zstd}`);
    assert.ok(s.cairn <= s.xdelta3, `${to}: cairn ${s.cairn} > xdelta3 ${s.xdelta3}`);
  }
});
