// Index lookups asked for while one is in flight go out together, and each caller gets its own
// values back, in order (a real LevelDB index).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openIndex } from '../../../src/store/index-db.js';
import { LookupBatcher } from '../../../src/store/lookup-batcher.js';
import { scratchDir } from '../../support/scratch.js';

test('concurrent lookups are coalesced and each gets its own values', async () => {
  const dir = scratchDir('cairn-lookups-');
  const db = await openIndex(join(dir, 'index'), dir);
  try {
    await db.batch(Array.from({ length: 100 }, (_, i) => ({ type: 'put' as const, key: `k${i}`, value: Buffer.from(`v${i}`) })));
    let calls = 0;
    const getMany = db.getMany.bind(db);
    db.getMany = ((keys: string[]) => {
      calls++;
      return getMany(keys);
    }) as typeof db.getMany;
    const lookups = new LookupBatcher(db);
    const asks = Array.from({ length: 50 }, (_, i) => [`k${i}`, `missing${i}`, `k${99 - i}`]);
    const answers = await Promise.all(asks.map((keys) => lookups.getMany(keys)));
    for (const [i, values] of answers.entries()) {
      assert.deepEqual(values.map((v) => (v ? Buffer.from(v).toString() : undefined)), [`v${i}`, undefined, `v${99 - i}`]);
    }
    assert.ok(calls <= 2, `50 lookups asked at once took ${calls} index reads`);
    await db.close();
    await assert.rejects(lookups.getMany(['k1']), 'a failing read fails its callers');
  } finally {
    await db.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
