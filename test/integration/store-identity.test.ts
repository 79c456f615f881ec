/**
 * The chunker identity survives in the packs: a lost cairn-store.json is restored from them on
 * open and by repair, and a store file or chunker options that disagree with the packs are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IncompatibleStoreError } from '../../src/errors.js';
import { ingest } from '../../src/ingest/index.js';
import { PACK_HEADER_LENGTH, RecordKind, parsePack } from '../../src/pack/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { listPackFiles, storeLayout } from '../../src/store/layout.js';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const FASTCDC = { mode: 'fastcdc', min: 2048, avg: 8192, max: 65536 } as const;
const first = seededBytes('identity-first', 1_500_000);
const second = seededBytes('identity-second', 1_500_000);

const scratch = (what: string) => scratchDir(`cairn-identity-${what}-`);

/** The chunk lengths a store cuts `data` into. */
async function cuts(store: Store, data: Buffer): Promise<number[]> {
  const put = await store.putFile([data]);
  return (await store.getFileRecipe(put.digest)).chunks.map((c) => c.length);
}

async function fastcdcStoreWithData(): Promise<string> {
  const dir = scratch('store');
  const store = await openStore(dir, { chunker: FASTCDC, compressionThreads: 0 });
  await store.putFile([first]);
  await store.close();
  return dir;
}

test('a fastcdc store that lost cairn-store.json stays fastcdc: restored from the packs, with a warning', async () => {
  const dir = await fastcdcStoreWithData();
  rmSync(join(dir, 'cairn-store.json'));

  const warnings: string[] = [];
  const store = await openStore(dir, { compressionThreads: 0, onWarning: (m) => warnings.push(m) });
  let got: number[];
  try {
    assert.equal(store.chunkerIdentity.algorithm, 'fastcdc-v2020');
    got = await cuts(store, second);
    const report = await store.verify();
    assert.deepEqual(report.problems, []);
  } finally {
    await store.close();
  }
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /cairn-store\.json was missing.*restored from the packs.*fastcdc-v2020/);
  assert.equal(JSON.parse(readFileSync(join(dir, 'cairn-store.json'), 'utf8')).chunker.algorithm, 'fastcdc-v2020');

  const fresh = await openStore(scratch('fresh'), { chunker: FASTCDC, compressionThreads: 0 });
  const aligned = await openStore(scratch('aligned'), { compressionThreads: 0 });
  try {
    assert.deepEqual(got, await cuts(fresh, second), 'cut points identical to a fresh fastcdc store');
    assert.notDeepEqual(got, await cuts(aligned, second), 'and not those of the default chunker');
  } finally {
    await fresh.close();
    await aligned.close();
  }
});

test('a cairn-store.json that disagrees with the packs is refused (exit 2), and so are other chunker options', async () => {
  const dir = await fastcdcStoreWithData();
  const other = scratch('other');
  await (await openStore(other, { compressionThreads: 0 })).close(); // an aligned store's file
  copyFileSync(join(other, 'cairn-store.json'), join(dir, 'cairn-store.json'));
  await assert.rejects(openStore(dir), (e: Error) =>
    e instanceof IncompatibleStoreError && /cairn-store\.json says .*cairn-aligned.* packs were cut with fastcdc-v2020/.test(e.message));
  const ls = spawnSync(process.execPath, [CLI, '--store', dir, 'ls'], { encoding: 'utf8' });
  assert.equal(ls.status, 2, ls.stderr);
  assert.match(ls.stderr, /packs were cut with fastcdc-v2020/);

  // Lost file, different options asked for: refused too, and nothing is written.
  rmSync(join(dir, 'cairn-store.json'));
  await assert.rejects(openStore(dir, { chunker: { mode: 'aligned' } }), IncompatibleStoreError);
  assert.equal(existsSync(join(dir, 'cairn-store.json')), false);
});

test('repair writes a lost cairn-store.json back from the packs', async () => {
  const dir = await fastcdcStoreWithData();
  const warnings: string[] = [];
  const store = await openStore(dir, { compressionThreads: 0, onWarning: (m) => warnings.push(m) });
  try {
    rmSync(join(dir, 'cairn-store.json'));
    await store.repair();
  } finally {
    await store.close();
  }
  assert.equal(JSON.parse(readFileSync(join(dir, 'cairn-store.json'), 'utf8')).chunker.algorithm, 'fastcdc-v2020');
  assert.match(warnings.join('\n'), /cairn-store\.json was missing.*restored/);
});

test('every pack starts with the store-info record, and gc does not count it as garbage', async () => {
  const dir = scratch('packs');
  const tree = scratch('tree');
  writeFileSync(join(tree, 'a'), first);
  writeFileSync(join(tree, 'b'), second);
  const store = await openStore(dir, { chunker: FASTCDC, compressionThreads: 0, packSize: 256 * 1024 });
  try {
    await ingest(store, [tree], { name: 'tree:1' });
    const packs = await listPackFiles(storeLayout(dir));
    assert.ok(packs.size > 2, `several packs (${packs.size})`);
    const withoutNames: string[] = []; // gc rewrites packs holding name events (dead once replayed), and only those
    for (const [id, path] of packs) {
      const records = parsePack(readFileSync(path), id).records;
      if (!records.some((r) => r.kind === RecordKind.NameEvent)) withoutNames.push(id);
      assert.equal(records[0]!.kind, RecordKind.StoreInfo);
      assert.equal(records[0]!.offset, PACK_HEADER_LENGTH);
      const info = JSON.parse(records[0]!.payload.toString('utf8'));
      assert.equal(info.chunker.algorithm, 'fastcdc-v2020');
      assert.equal(info.chunkerParams.avg, 8192);
      assert.equal(records.filter((r) => r.kind === RecordKind.StoreInfo).length, 1);
    }
    assert.ok(withoutNames.length >= 2);
    const gc = await store.gc();
    assert.equal(gc.recordsRemoved, packs.size - withoutNames.length, 'only the name events are dead');
    const after = await listPackFiles(storeLayout(dir));
    for (const id of withoutNames) assert.ok(after.has(id), `pack ${id} kept as it was`);
  } finally {
    await store.close();
  }
});
