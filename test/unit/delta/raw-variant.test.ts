// The raw variant of a delta (docs/delta.md "Raw variant"): decodes to the target only when the
// caller allows it, refuses the same hostile cases, and several files' raw deltas making the
// same edit compress together to much less than their normal deltas side by side.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { chooseDelta, decodeDelta } from '../../../src/delta/index.js';
import { zstdCompress } from '../../../src/delta/zstd.js';
import { CorruptDataError } from '../../../src/errors.js';
import { seededBytes } from '../../support/random.js';

/** Text of `lines` pseudo-random lines of code-like words (no NUL byte), from `seed`. */
function text(seed: string, lines: number): Buffer {
  const words = seededBytes(seed, lines * 8);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const w = Array.from(words.subarray(i * 8, i * 8 + 8), (b) => `v${b.toString(36)}`);
    out.push(`  const ${w[0]} = ${w[1]}(${w[2]}, ${w[3]}) + ${w[4]}.${w[5]} * ${w[6]} - ${w[7]};`);
  }
  return Buffer.from(out.join('\n'));
}

/** The same change in a file: a version bump near the start and a new block of code in the middle. */
function edit(file: Buffer, block: Buffer): Buffer {
  const middle = Math.floor(file.length / 2);
  const at = file.indexOf('\n', middle) + 1;
  const out = Buffer.concat([file.subarray(0, at), block, file.subarray(at)]);
  out[10] ^= 1;
  return out;
}

test('raw variant: decodes only when allowed; a target past its declared length is refused', () => {
  const base = text('raw-base', 3000);
  const target = edit(base, text('raw-block', 40));
  const chosen = chooseDelta(base, target, { methods: ['sa'], raw: true });
  assert.ok(chosen.raw, 'sa gives a raw variant');
  assert.equal(chosen.raw![4], 2, 'container version 2');
  assert.deepEqual(Buffer.from(decodeDelta(base, chosen.raw!, { raw: true })), target);
  assert.deepEqual(Buffer.from(decodeDelta(base, chosen.delta)), target, 'the normal delta still decodes');
  assert.throws(() => decodeDelta(base, chosen.raw!), CorruptDataError, 'refused unless the caller checks it');
  assert.throws(() => decodeDelta(base, chosen.raw!, { raw: true, maxTargetLength: target.length - 1 }), /above the limit/);
  assert.throws(() => decodeDelta(base.subarray(1), chosen.raw!, { raw: true }), /another base/);
  const cut = chosen.raw!.subarray(0, chosen.raw!.length - 3);
  assert.throws(() => decodeDelta(base, cut, { raw: true }), CorruptDataError);
  assert.equal(chooseDelta(base, target, { methods: ['zstd'], raw: true }).raw, undefined, 'no raw variant of the zstd method');
});

test('raw variant: four files making the same edit compress together to less than half their separate deltas', () => {
  const block = text('shared-block', 60);
  const common = text('shared-code', 2000);
  let separate = 0;
  const raws: Uint8Array[] = [];
  for (const name of ['a', 'b', 'c', 'd']) {
    // Files that share most of their code, each with its own part.
    const base = Buffer.concat([text(`own-${name}`, 500), common, text(`tail-${name}`, 300)]);
    const chosen = chooseDelta(base, edit(base, block), { methods: ['sa'], raw: true });
    separate += chosen.delta.length;
    raws.push(chosen.raw!);
  }
  const joint = zstdCompress(Buffer.concat(raws), { level: 19, windowLog: 27 }).length;
  assert.ok(joint * 2 < separate, `raw deltas compressed together: ${joint} bytes; normal deltas: ${separate}`);
});
