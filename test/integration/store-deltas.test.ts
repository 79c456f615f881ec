// Versions as deltas (README "Versions as deltas", src/versions, record kind 11): six versions
// of a small app, each a directory whose large files change a little from the version before
// (every chunk changes, so chunks dedupe nothing), ingested with `deltas: true`. Checked: the
// new versions' large files are stored as deltas (same path, and a versioned file name by the
// bundle base rules), chains stay within MAX_DELTA_DEPTH, every layer exports byte-exact before
// and after gc, gc with the base's image removed keeps the bases, verify finds a damaged delta,
// a damaged chunk of a base is named when a file rebuilt from it is read, and a crash during the delta writes leaves a store that opens and verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { openStore, MAX_DELTA_DEPTH, type Store } from '../../src/store/index.js';
import { ingest } from '../../src/ingest/index.js';
import { rebuildLayer } from '../../src/tar/index.js';
// The built package: its worker scripts (the rootfs writer thread) sit beside the modules that start them.
import { exportRootfs, openStore as openBuiltStore } from 'cairn';
import { diffCodingsOf, encodeDelta } from '../../src/delta/index.js';
import { seededBytes } from '../support/random.js';
import { relinked } from '../support/relinked.js';
import { KillClock, checkStore, runAndKill } from '../support/crash.js';
import { CLI } from '../support/paths.js';
import { packHolding } from '../support/damage.js';
import { scratchDir } from '../support/scratch.js';

const TOOL_BYTES = 700_000;
const DATA_BYTES = 300_000;

/** Version k (1-based) of a file: version k-1 with 8 bytes rewritten every 5000 (every chunk differs). */
function versioned(seed: string, length: number, k: number): Buffer {
  const bytes = Buffer.from(seededBytes(seed, length));
  for (let v = 2; v <= k; v++) {
    for (let at = (v * 997) % 5000; at + 8 <= length; at += 5000) seededBytes(`${seed}-${v}-${at}`, 8).copy(bytes, at);
  }
  return bytes;
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The tree of version k: bin/tool (same path each version), lib/data-K.0.bin (a versioned name), a small file. */
function writeVersion(root: string, k: number): { tool: Buffer; data: Buffer; small: Buffer } {
  const tool = versioned('tool', TOOL_BYTES, k);
  const data = versioned('data', DATA_BYTES, k);
  const small = Buffer.from(`version ${k}\n`.repeat(100));
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'lib'), { recursive: true });
  writeFileSync(join(root, 'bin', 'tool'), tool);
  writeFileSync(join(root, 'lib', `data-${k}.0.bin`), data);
  writeFileSync(join(root, 'README'), small);
  return { tool, data, small };
}

async function exportsByteExact(store: Store, names: readonly string[]): Promise<void> {
  for (const n of await store.listNames()) {
    if (!names.includes(n.name)) continue;
    for (const layer of (await store.getImage(n.image)).layers) {
      const hash = createHash('sha256');
      for await (const piece of rebuildLayer(await store.getLayerRecipe(layer.diffId), layer.diffId, store)) hash.update(piece);
      assert.equal('sha256:' + hash.digest('hex'), layer.diffId, `layer of ${n.name} exports byte-exact`);
    }
  }
}

async function content(store: Store, hex: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of store.readFile(hex)) parts.push(p);
  return Buffer.concat(parts);
}

test('versions as deltas: files stored as deltas read back byte-exact, chains bounded, gc reclaims their chunks', async () => {
  const dir = scratchDir('cairn-deltas-');
  try {
    const store = await openStore(join(dir, 'store'));
    const tools: string[] = [];
    const datas: string[] = [];
    for (let k = 1; k <= 6; k++) {
      const tree = join(dir, `v${k}`);
      const { tool, data } = writeVersion(tree, k);
      tools.push(sha(tool));
      datas.push(sha(data));
      const result = await ingest(store, [tree], { name: `app:${k}`, deltas: true });
      if (k > 1) assert.equal(result.deltas?.files, 2, `version ${k}: both large files stored as deltas`);
      assert.ok(result.deltas!.deltaBytes * 4 <= result.deltas!.chunkBytes, 'each delta saves at least a quarter');
    }
    const depths = [];
    for (const hex of tools) depths.push(await store.fileDeltas.depth(hex));
    // v5's predecessor is at the limit: its delta is made against the chain's root.
    assert.deepEqual(depths, [0, 1, 2, 3, 1, 2]);
    for (const hex of [...tools, ...datas]) assert.ok((await store.fileDeltas.depth(hex)) <= MAX_DELTA_DEPTH);
    assert.equal((await store.fileDeltas.chain(datas[2]!)).at(-1), datas[0], 'the versioned name found its predecessor');
    const before = (await store.stats()).packBytes;
    const names = [1, 2, 3, 4, 5, 6].map((k) => `app:${k}`);
    await exportsByteExact(store, names);
    const gc = await store.gc();
    // Five versions' worth of random chunks (about 5 MB) are reclaimed.
    assert.ok(before - gc.bytesAfter > 4_000_000, `gc reclaimed ${before - gc.bytesAfter} bytes`);
    const report = await store.verify({ deep: true });
    assert.deepEqual(report.problems, []);
    await exportsByteExact(store, names);
    await store.close();
    // export rootfs reads chunks as stored (src/rootfs/recipe-feed.ts): a delta-stored file, whose
    // chunks gc reclaimed, is rebuilt from its delta there too (fresh open: nothing cached).
    const fresh = await openBuiltStore(join(dir, 'store'));
    for (const k of [6, 4]) {
      const tree = join(dir, `rootfs-${k}`);
      await exportRootfs(fresh, `app:${k}`, tree);
      assert.equal(sha(readFileSync(join(tree, 'bin', 'tool'))), tools[k - 1], `rootfs of app:${k}: bin/tool`);
      assert.equal(sha(readFileSync(join(tree, 'lib', `data-${k}.0.bin`))), datas[k - 1], `rootfs of app:${k}: the data file`);
    }
    await fresh.close();
    // A fresh open (no cache of rebuilt files) reads every version byte for byte.
    const again = await openStore(join(dir, 'store'));
    for (let k = 6; k >= 1; k--) {
      assert.ok(versioned('tool', TOOL_BYTES, k).equals(await content(again, tools[k - 1]!)), `tool version ${k}`);
      assert.ok(versioned('data', DATA_BYTES, k).equals(await content(again, datas[k - 1]!)), `data version ${k}`);
    }
    await again.close();
    // Files rebuilt at once (readChunks: one lookup, their rebuilds started together), each on a
    // base stored as chunks: a base written into the delta kernel's memory must not be taken by
    // another rebuild before its own decode (two of these share a root, two have their own).
    const parallel = await openStore(join(dir, 'store'));
    const wanted = [[tools, 'tool', TOOL_BYTES, 2], [datas, 'data', DATA_BYTES, 2], [tools, 'tool', TOOL_BYTES, 5], [datas, 'data', DATA_BYTES, 5]] as const;
    const read = await parallel.readChunks(wanted.map(([hexes, , , k]) => hexes[k - 1]!));
    for (const [i, [, seed, length, k]] of wanted.entries()) assert.ok(versioned(seed, length, k).equals(read[i]!), `${seed} version ${k}, read with the others`);
    await parallel.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('versions as deltas: the store codes a delta\'s diff stream split (no range coder to run on reads)', async () => {
  const dir = scratchDir('cairn-deltas-coding-');
  try {
    const base = seededBytes('relinked', 256 * 1024);
    const target = relinked(base);
    const smallest = encodeDelta(base, target, { methods: ['sa'], level: 9 });
    const split = encodeDelta(base, target, { methods: ['sa'], level: 9, diffCoding: 'split' });
    assert.deepEqual(diffCodingsOf(smallest), { split: 0, modelled: 1 }, 'the fixture favours the modelled coding');
    assert.notEqual(split.length, smallest.length);
    const store = await openStore(join(dir, 'store'));
    for (const [k, bytes] of [[1, base], [2, target]] as const) {
      mkdirSync(join(dir, `v${k}`, 'bin'), { recursive: true });
      writeFileSync(join(dir, `v${k}`, 'bin', 'tool'), bytes);
      const result = await ingest(store, [join(dir, `v${k}`)], { name: `relinked:${k}`, deltas: true });
      if (k === 2) {
        assert.equal(result.deltas?.files, 1);
        assert.equal(result.deltas?.deltaBytes, split.length, 'the stored delta is the split-coded one');
      }
    }
    await store.close();
    const fresh = await openStore(join(dir, 'store'));
    assert.ok(target.equals(await content(fresh, sha(target))));
    await fresh.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('versions as deltas: gc with the base image removed keeps the bases the kept files need', async () => {
  const dir = scratchDir('cairn-deltas-gc-');
  try {
    const store = await openStore(join(dir, 'store'));
    const v1 = writeVersion(join(dir, 'v1'), 1);
    await ingest(store, [join(dir, 'v1')], { name: 'app:1', deltas: true });
    const v2 = writeVersion(join(dir, 'v2'), 2);
    await ingest(store, [join(dir, 'v2')], { name: 'app:2', deltas: true });
    const ownChunks = (await store.fileDeltas.chunkDigests(sha(v2.tool))).filter((c) => c !== sha(v2.tool));
    assert.equal(await store.fileDeltas.depth(sha(v2.tool)), 1);
    await store.removeNames(['app:1']);
    await store.gc();
    assert.equal(await store.hasFile(sha(v1.tool)), true, 'the base of a kept delta is kept');
    assert.equal(await store.hasFile(sha(v1.small)), false, 'what only the removed image held is gone');
    for (const c of ownChunks) assert.equal(await store.hasChunk(c), false, 'the delta-stored file\'s own chunks are reclaimed');
    assert.deepEqual((await store.verify({ deep: true })).problems, []);
    await exportsByteExact(store, ['app:2']);
    assert.ok(v2.tool.equals(await content(store, sha(v2.tool))));
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('versions as deltas: verify finds a delta record that does not rebuild its file, and reads refuse it', async () => {
  const dir = scratchDir('cairn-deltas-damage-');
  try {
    const store = await openStore(join(dir, 'store'));
    const v1 = writeVersion(join(dir, 'v1'), 1);
    const v2 = writeVersion(join(dir, 'v2'), 2);
    await ingest(store, [join(dir, 'v1')], { name: 'app:1' });
    await ingest(store, [join(dir, 'v2')], { name: 'app:2' });
    // A delta whose container checks out (CRC-32 recomputed) but whose payload is damaged.
    const delta = Buffer.from(encodeDelta(v1.tool, v2.tool, { methods: ['sa'], level: 3 }));
    delta[100] = delta[100]! ^ 0x5a;
    delta.writeUInt32LE(crc32(delta.subarray(0, delta.length - 4)), delta.length - 4);
    await store.fileDeltas.put(sha(v2.tool), delta);
    await store.commit();
    const report = await store.verify();
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => p.code === 'record-corrupt' && p.digest === 'sha256:' + sha(v2.tool)), JSON.stringify(report.problems));
    await assert.rejects(content(store, sha(v2.tool)), (error: Error & { code?: string }) => error.code === 'CAIRN_CORRUPT');
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('versions as deltas: a damaged chunk of a base is named when a file rebuilt from it is read', async () => {
  const dir = scratchDir('cairn-deltas-base-');
  try {
    const storeDir = join(dir, 'store');
    let store = await openStore(storeDir);
    const v1 = writeVersion(join(dir, 'v1'), 1);
    const v2 = writeVersion(join(dir, 'v2'), 2);
    await ingest(store, [join(dir, 'v1')], { name: 'app:1' });
    await ingest(store, [join(dir, 'v2')], { name: 'app:2' });
    await store.fileDeltas.put(sha(v2.tool), encodeDelta(v1.tool, v2.tool, { methods: ['sa'], level: 3 }));
    await store.commit();
    assert.ok((await content(store, sha(v2.tool))).equals(v2.tool));
    await store.close();
    // The tool's bytes are random, so its chunks are stored raw: one byte of the base flipped in its
    // pack, in 64 bytes around bytes that version 2 rewrote (so that they are in no chunk of it).
    const changed = 1994 + 40 * 5000;
    const { path, at } = packHolding(storeDir, v1.tool.subarray(changed - 28, changed + 36));
    const pack = readFileSync(path);
    pack[at + 10] = pack[at + 10]! ^ 0xff;
    writeFileSync(path, pack);
    store = await openStore(storeDir);
    await assert.rejects(content(store, sha(v2.tool)), (error: Error & { code?: string }) =>
      error.code === 'CAIRN_CORRUPT' && /chunk sha256:[0-9a-f]{64} in pack [0-9a-f]{64} is corrupt/.test(error.message));
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function cli(storeDir: string, args: string[]): void {
  const result = spawnSync(process.execPath, [CLI, '--store', storeDir, ...args], { encoding: 'utf8' });
  assert.equal(result.status, 0, `cairn ${args.join(' ')}: ${result.stderr}`);
}

test('versions as deltas: a kill during `cairn ingest --deltas` leaves a store that opens, verifies and exports', async () => {
  const dir = scratchDir('cairn-deltas-crash-');
  try {
    writeVersion(join(dir, 'v1'), 1);
    writeVersion(join(dir, 'v2'), 2);
    const template = join(dir, 'template');
    cli(template, ['--quiet', 'ingest', join(dir, 'v1'), '--name', 'app:1']);
    // How long a whole run holds the store (its ingest, then the delta writes).
    const timed = join(dir, 'timed');
    cpSync(template, timed, { recursive: true });
    const full = await runAndKill(timed, ['--quiet', 'ingest', join(dir, 'v2'), '--name', 'app:2', '--deltas']);
    assert.equal(full.code, 0, full.stderr);
    assert.deepEqual(checkStore(timed).problems, []);
    const clock = new KillClock(Number(process.env['CAIRN_TEST_SEED'] ?? 77), full.heldMs, 1);
    let landed = 0;
    for (let round = 0; round < 4; round++) {
      const storeDir = join(dir, `round-${round}`);
      cpSync(template, storeDir, { recursive: true });
      const outcome = await runAndKill(storeDir, ['--quiet', 'ingest', join(dir, 'v2'), '--name', 'app:2', '--deltas'], clock.next());
      if (outcome.landed) landed++;
      else clock.endedFirst(outcome.heldMs);
      const after = checkStore(storeDir);
      assert.deepEqual(after.problems, [], `round ${round}`);
      assert.ok(['app:1', 'app:1,app:2'].includes(after.names.join(',')), after.names.join(','));
      // Run to the end, then gc: the store checks out again.
      cli(storeDir, ['--quiet', 'ingest', join(dir, 'v2'), '--name', 'app:2', '--deltas']);
      cli(storeDir, ['--quiet', 'gc']);
      assert.deepEqual(checkStore(storeDir).problems, [], `round ${round}, after a full run and gc`);
      rmSync(storeDir, { recursive: true, force: true });
    }
    assert.ok(landed >= 2, `${landed} kills landed while the store was held`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
