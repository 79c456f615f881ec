// The files cache (src/ingest/files-cache.ts): a second ingest of an unchanged directory reads
// no file data and gives the same DiffID; a file rewritten in the same second with the same size
// (and its mtime put back) is read again; a tree written just before an ingest is trusted only
// once its files (racy) are hashed again and have the bytes they had;
// a kill while the cache is written never makes a later ingest give a wrong DiffID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { ingest, openStore } from 'cairn';
import { planDirectory } from '../../src/ingest/directory.js';
import { cachedDiffId, filePath } from '../../src/ingest/files-cache.js';
import { runAndKill } from '../support/crash.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

/**
 * Ingests `tree` into the store at `dir`; the file bytes read and the DiffID. Bytes read are
 * those the progress events report before the last one: the last brings `done` up to `total`
 * whatever was read (all of it when the input was skipped).
 */
async function ingestCounting(dir: string, tree: string, name: string): Promise<{ bytesRead: number; diffId: string; stored: string }> {
  const events: number[] = [];
  const store = await openStore(dir, {
    create: true,
    onProgress: (e) => {
      if (e.type === 'ingest:bytes') events.push(e.bytes);
    },
  });
  try {
    const result = await ingest(store, [tree], { name });
    const bytesRead = events.slice(0, -1).reduce((a, b) => a + b, 0);
    return { bytesRead, diffId: result.layers[0]!.diffId, stored: result.layers[0]!.stored };
  } finally {
    await store.close();
  }
}

function makeFiles(root: string): string {
  const tree = join(root, 'tree');
  mkdirSync(join(tree, 'sub'), { recursive: true });
  for (let i = 0; i < 20; i++) writeFileSync(join(tree, i % 2 ? 'sub' : '', `f${i}.txt`), `file ${i} `.repeat(300 + i));
  return tree;
}

/** Past the cache's racy window (2 s): the tree's times can now be trusted. */
const settle = () => sleep(2200);

test('files cache: unchanged tree is not read again; same-second same-size rewrite is', async () => {
  const root = scratchDir('cairn-files-cache-');
  const tree = makeFiles(root);
  const victim = join(tree, 'sub', 'f3.txt');
  const second0 = Math.floor(Date.now() / 1000) - 60;
  utimesSync(victim, second0, second0); // a whole second: put back exactly below
  await settle();
  const store = join(root, 'store');
  const first = await ingestCounting(store, tree, 'fc:1');
  assert.ok(first.bytesRead > 40_000, `first ingest read ${first.bytesRead} bytes`);
  const second = await ingestCounting(store, tree, 'fc:2');
  assert.equal(second.bytesRead, 0, 'second ingest of an unchanged tree read file data');
  assert.equal(second.diffId, first.diffId);
  assert.equal(second.stored, 'already');

  // Rewrite one file: same size, its mtime put back to the very same nanosecond.
  const before = statSync(victim, { bigint: true });
  const text = readFileSync(victim, 'utf8');
  writeFileSync(victim, text.replace('file 3', 'FILE 3'));
  utimesSync(victim, second0, second0);
  assert.equal(statSync(victim, { bigint: true }).size, before.size);
  assert.equal(statSync(victim, { bigint: true }).mtimeNs, before.mtimeNs);
  const third = await ingestCounting(store, tree, 'fc:3');
  assert.ok(third.bytesRead > 0, 'the rewritten tree was not read');
  assert.notEqual(third.diffId, first.diffId);
  const fresh = await ingestCounting(join(root, 'fresh-store'), tree, 'fc:fresh');
  assert.equal(third.diffId, fresh.diffId, 'the DiffID after the rewrite is the one a fresh store gives');
});

test('files cache: a tree written just before an ingest is hashed, not ingested, the second time (racy files)', async () => {
  const root = scratchDir('cairn-files-cache-racy-');
  const tree = makeFiles(root);
  const store = join(root, 'store');
  const first = await ingestCounting(store, tree, 'racy:1');
  const [name] = readdirSync(join(store, 'files-cache')).filter((n) => n.endsWith('.json'));
  const record = JSON.parse(readFileSync(join(store, 'files-cache', name!), 'utf8'));
  assert.deepEqual(record.racy, [[0, 19]], 'every file of a tree just written is racy');
  // One sha256 over the files' own, in tar order (byte-wise path order: the walk's).
  const { fingerprint } = await planDirectory(tree);
  const own = fingerprint.files.map((_, i) => createHash('sha256').update(readFileSync(filePath(fingerprint, i))).digest('hex'));
  assert.equal(record.racyDigest, createHash('sha256').update(own.join('\n')).digest('hex'));
  const second = await ingestCounting(store, tree, 'racy:2');
  assert.equal(second.bytesRead, 0, 'the racy files were ingested again although their bytes had not changed');
  assert.equal(second.diffId, first.diffId);
  assert.equal(second.stored, 'already');
});

test('files cache: a racy file whose bytes changed under the stat it had is not trusted', async () => {
  const root = scratchDir('cairn-files-cache-racy-change-');
  const tree = makeFiles(root);
  const store = join(root, 'store');
  const first = await ingestCounting(store, tree, 'racy:1');
  // The fingerprint a walk gives now: the stats the record has, every file racy.
  const { fingerprint } = await planDirectory(tree);
  assert.ok(fingerprint.racy.length > 0);
  assert.equal(await cachedDiffId(store, fingerprint), first.diffId, 'unchanged racy files: the record is used');
  // A write within the same timestamp tick leaves the stat as it was: that walk's fingerprint
  // is the one above. Only the bytes tell.
  const victim = filePath(fingerprint, fingerprint.racy[3]!);
  const bytes = readFileSync(victim);
  bytes[0]! ^= 1;
  writeFileSync(victim, bytes);
  assert.equal(await cachedDiffId(store, { ...fingerprint, racyDigests: new Map() }), undefined, 'a racy file with other bytes was trusted');
  const again = await ingestCounting(store, tree, 'racy:2');
  assert.ok(again.bytesRead > 0);
  assert.notEqual(again.diffId, first.diffId);
});

test('files cache: a missing layer recipe means the input is read', async () => {
  const root = scratchDir('cairn-files-cache-gc-');
  const tree = makeFiles(root);
  await settle();
  const store = join(root, 'store');
  const first = await ingestCounting(store, tree, 'gone:1');
  const s = await openStore(store);
  try {
    await s.removeNames(['gone:1']);
    await s.gc();
  } finally {
    await s.close();
  }
  const second = await ingestCounting(store, tree, 'gone:2');
  assert.ok(second.bytesRead > 0, 'a cache record whose layer is gone was trusted');
  assert.equal(second.diffId, first.diffId);
});

test('files cache: kills while ingest writes the cache never lead to a wrong DiffID', async () => {
  const root = scratchDir('cairn-files-cache-crash-');
  const tree = makeFiles(root);
  await settle();
  const expected = (await ingestCounting(join(root, 'reference'), tree, 'ref:1')).diffId;
  const store = join(root, 'store');
  // How long ingest holds the store; kills then land across it, most near its end (the cache write).
  const full = await runAndKill(store, ['ingest', tree, '--name', 'crash:0']);
  let landed = 0;
  for (let round = 1; round <= 4; round++) {
    const file = join(tree, `f${round * 2}.txt`);
    writeFileSync(file, `changed ${round} `.repeat(200));
    await settle(); // the kills then land on a record of settled stats, not of racy files
    const delay = Math.max(0, full.heldMs * (round / 5));
    const outcome = await runAndKill(store, ['ingest', tree, '--name', `crash:${round}`], delay);
    if (outcome.landed) landed++;
    for (const name of readdirSync(join(store, 'files-cache'))) {
      if (name.endsWith('.json')) JSON.parse(readFileSync(join(store, 'files-cache', name), 'utf8'));
    }
    const after = await ingestCounting(store, tree, `after:${round}`);
    const reference = await ingestCounting(join(root, `reference-${round}`), tree, 'ref');
    assert.equal(after.diffId, reference.diffId, `round ${round}: DiffID after a kill`);
  }
  console.log(`# files-cache crash: ${landed} of 4 kills landed (reference ${expected.slice(0, 19)})`);
  assert.ok(landed >= 1, 'no kill landed while the store was held');
});

test('files cache: a lone layer tar ingested again is not read; a rewritten one is', async () => {
  const root = scratchDir('cairn-files-cache-tar-');
  const tree = makeFiles(root);
  writeFileSync(join(tree, 'big.bin'), Buffer.alloc(1 << 20, 7)); // read in several pieces
  const tar = join(root, 'layer.tar');
  const made = spawnSync('tar', ['-cf', tar, '-C', tree, '.']);
  assert.equal(made.status, 0, String(made.stderr));
  await settle();
  const store = join(root, 'store');
  const first = await ingestCounting(store, tar, 'tar:1');
  assert.ok(first.bytesRead > 40_000, `first ingest read ${first.bytesRead} bytes`);
  const second = await ingestCounting(store, tar, 'tar:2');
  assert.equal(second.bytesRead, 0, 'second ingest of an unchanged tar read it');
  assert.equal(second.diffId, first.diffId);
  writeFileSync(join(tree, 'f0.txt'), 'other bytes');
  assert.equal(spawnSync('tar', ['-cf', tar, '-C', tree, '.']).status, 0);
  const third = await ingestCounting(store, tar, 'tar:3');
  assert.ok(third.bytesRead > 0);
  assert.equal(third.diffId, (await ingestCounting(join(root, 'fresh'), tar, 'tar:fresh')).diffId);
  assert.notEqual(third.diffId, first.diffId);
});

test('files cache: after a repair that lost content, the input is read again and heals the store', async () => {
  const root = scratchDir('cairn-files-cache-repair-');
  const tree = makeFiles(root);
  const big = seededBytes('files-cache-repair', 3 << 20); // incompressible: stored raw, found in its pack
  writeFileSync(join(tree, 'big.bin'), big);
  const tar = join(root, 'layer.tar');
  assert.equal(spawnSync('tar', ['-cf', tar, '-C', tree, '.']).status, 0);
  await settle(); // outside the racy window: the cache records this tar
  const store = join(root, 'store');
  // Small packs: big.bin's chunks fill packs of their own, apart from the layer's recipe.
  const made = await openStore(store, { create: true, packSize: 1 << 20 });
  const first = await ingest(made, [tar], { name: 'tar:1' });
  await made.close();
  const diffId = first.layers[0]!.diffId;
  // Lose the pack that holds the start of big.bin: the layer's recipe survives, its content does not.
  const probe = big.subarray(0, 64);
  let lost = false;
  for (const sub of readdirSync(join(store, 'packs'))) {
    for (const f of readdirSync(join(store, 'packs', sub))) {
      const path = join(store, 'packs', sub, f);
      if (readFileSync(path).includes(probe)) {
        rmSync(path);
        lost = true;
      }
    }
  }
  assert.ok(lost, 'no pack held big.bin');
  const opened = await openStore(store);
  const report = await opened.repair();
  const rootKept = await opened.hasLayer(diffId);
  await opened.close();
  assert.ok(report.lost.layers.includes(diffId), JSON.stringify(report.lost));
  assert.ok(rootKept, 'the layer recipe was lost too: this case needs it kept');
  const healed = await ingestCounting(store, tar, 'tar:1');
  assert.ok(healed.bytesRead > 0, 'the ingest after the loss trusted the files cache');
  assert.equal(healed.diffId, diffId);
  const check = await openStore(store);
  try {
    assert.deepEqual((await check.verify({ deep: true })).problems, []);
  } finally {
    await check.close();
  }
});
