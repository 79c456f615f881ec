// The bundle writer's delta pool: deltas computed on worker threads are the bytes fileDelta
// makes inline, each taken once under its (target, base) key, and a job that fails rejects
// only its own promise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeltaPool } from '../../../src/bundle/delta-pool.js';
import { fileDelta } from '../../../src/bundle/file-delta.js';
import { repetitiveBytes as file } from '../../support/random.js';


test('pooled deltas equal inline deltas, in any order taken', async () => {
  const pool = new DeltaPool(3, true, false, 2);
  try {
    const pairs = [0, 1, 2, 3].map((i) => {
      const base = file(i + 1, 20000 + i * 3000);
      const target = base.slice();
      target[100 + i] ^= 0xff;
      return { key: `t${i}`, base, target };
    });
    for (const p of pairs) pool.schedule(p.key, 'b', p.base.length + p.target.length, async () => [p.base, p.target]);
    assert.equal(pool.take('t0', 'other'), undefined, 'keyed by target and base');
    for (const p of [...pairs].reverse()) {
      const pooled = await pool.take(p.key, 'b')!;
      const inline = fileDelta(p.base, p.target, 3, true);
      assert.deepEqual(pooled.blob, inline.blob);
      assert.equal(pooled.method, inline.method);
    }
    assert.equal(pool.take('t1', 'b'), undefined, 'taken once');
  } finally {
    await pool.close();
  }
});

test('a job whose files cannot be read rejects alone', async () => {
  const pool = new DeltaPool(3, true, false, 2);
  try {
    pool.schedule('bad', 'b', 10, async () => { throw new Error('no such file'); });
    const base = file(9, 5000);
    pool.schedule('good', 'b', 10, async () => [base, base.subarray(0, 4000)]);
    await assert.rejects(pool.take('bad', 'b')!, /no such file/);
    const good = await pool.take('good', 'b')!;
    assert.deepEqual(good.blob, fileDelta(base, base.subarray(0, 4000), 3, true).blob);
  } finally {
    await pool.close();
  }
});
