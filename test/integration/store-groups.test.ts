/**
 * Chunk groups (record kind 12): new chunks of up to 256 KiB compressed together. On files that
 * share much with each other but no aligned chunks (versions of one text, edited here and
 * there), a store with groups keeps far less than one compressing each chunk alone; every file
 * still reads back byte for byte, through every read path (checked reads, unchecked reads, the
 * rootfs writer thread), and the store's maintenance keeps working on groups: verify --deep, the
 * index rebuilt from the packs alone, gc with a group that holds live and dead chunks, and a
 * damaged group named as corrupt.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/index.js';
import { RecordKind, parsePackStructure } from '../../src/pack/index.js';
import { listPackFiles, storeLayout } from '../../src/store/layout.js';
import { cairn } from '../support/cli.js';
import { ROOT } from '../support/paths.js';
import { pathToFileURL } from 'node:url';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('cairn-groups-');
after(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Uint8Array): string => 'sha256:' + createHash('sha256').update(b).digest('hex');

/** A text of words from a seeded stream. */
function words(seed: string, length: number): Buffer {
  const hex = seededBytes(seed, length).toString('hex');
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i += 6) {
    const word = hex.slice(i % (hex.length - 6), (i % (hex.length - 6)) + 2 + (hex.charCodeAt(i % hex.length) % 5));
    out.push(word);
    size += word.length + 1;
  }
  return Buffer.from(out.join(' ')).subarray(0, length);
}

/** Versions of one base text, each with a few bytes changed at seeded places: no aligned chunk repeats, most bytes do. */
function versions(count: number, length: number): Buffer[] {
  const base = words('groups-base', length);
  return Array.from({ length: count }, (_, v) => {
    const b = Buffer.from(base);
    const at = seededBytes(`groups-edit-${v}`, 64);
    for (let k = 0; k < 16; k++) b[at.readUInt32LE(k * 4) % b.length] = 0x41 + (v % 26);
    return b;
  });
}

/** Every file: 60 small versions (below the chunker's minimum: one chunk each) and 6 of ~200 KiB (a few chunks each). */
const small = versions(60, 9_000);
const medium = versions(6, 200_000);

async function build(storeDir: string, groupSize?: number): Promise<number> {
  const store = await openStore(storeDir, groupSize === undefined ? {} : { groupSize });
  try {
    await store.putSmallFilesUncommitted(small);
    for (const m of medium) await store.putFileUncommitted([m]);
    await store.commit();
  } finally {
    await store.close();
  }
  let bytes = 0;
  for (const path of (await listPackFiles(storeLayout(storeDir))).values()) bytes += statSync(path).size;
  return bytes;
}

async function groupDigests(storeDir: string): Promise<Set<string>> {
  const digests = new Set<string>();
  for (const [id, path] of await listPackFiles(storeLayout(storeDir))) {
    for (const r of parsePackStructure(readFileSync(path), id).records) if (r.kind === RecordKind.ChunkGroup) digests.add(r.digest);
  }
  return digests;
}

function kinds(storeDir: string): Promise<Map<RecordKind, number>> {
  return listPackFiles(storeLayout(storeDir)).then((packs) => {
    const count = new Map<RecordKind, number>();
    for (const [id, path] of packs) for (const r of parsePackStructure(readFileSync(path), id).records) count.set(r.kind, (count.get(r.kind) ?? 0) + 1);
    return count;
  });
}

async function readAll(storeDir: string, check: boolean): Promise<void> {
  const store = await openStore(storeDir);
  try {
    for (const file of [...small, ...medium]) {
      const recipe = await store.getFileRecipe(sha(file));
      const digests = recipe.chunks.map((c) => 'sha256:' + c.digest);
      const chunks = check ? await store.readChunks(digests) : await store.readChunksUnchecked(digests);
      assert.ok(Buffer.concat(chunks).equals(file), `file ${sha(file)} reads back (${check ? 'checked' : 'unchecked'})`);
    }
  } finally {
    await store.close();
  }
}

test('groups store versions of a text in far less than chunks compressed alone, and read back byte for byte', async () => {
  const grouped = join(dir, 'grouped');
  const alone = join(dir, 'alone');
  const groupedBytes = await build(grouped);
  const aloneBytes = await build(alone, 0);
  const groupedKinds = await kinds(grouped);
  const aloneKinds = await kinds(alone);
  assert.ok((groupedKinds.get(RecordKind.ChunkGroup) ?? 0) >= 1, 'the default store writes chunk groups');
  assert.equal(groupedKinds.get(RecordKind.Chunk) ?? 0, 0, 'no chunk is stored alone: every one is at most 256 KiB');
  assert.equal(aloneKinds.get(RecordKind.ChunkGroup) ?? 0, 0, 'groupSize 0 writes no group');
  // 2.5 MB of near-identical text: alone, each chunk compresses to about half; together, to a few percent.
  assert.ok(groupedBytes < aloneBytes * 0.25, `grouped ${groupedBytes} bytes against ${aloneBytes} alone`);
  await readAll(grouped, true);
  await readAll(grouped, false);
  const store = await openStore(grouped);
  try {
    const report = await store.verify({ deep: true });
    assert.ok(report.ok, JSON.stringify(report.problems));
  } finally {
    await store.close();
  }
});

test('the index rebuilt from the packs alone finds every grouped chunk', async () => {
  const storeDir = join(dir, 'rebuilt');
  await build(storeDir);
  rmSync(join(storeDir, 'index'), { recursive: true, force: true });
  const store = await openStore(storeDir);
  try {
    await store.repair();
    assert.ok((await store.verify({ deep: true })).ok);
  } finally {
    await store.close();
  }
  await readAll(storeDir, true);
});

test('a flipped byte in a group is named: checked reads refuse it, verify reports the pack', async () => {
  const storeDir = join(dir, 'damaged');
  await build(storeDir);
  const packs = await listPackFiles(storeLayout(storeDir));
  let damaged = false;
  for (const [id, path] of packs) {
    const bytes = readFileSync(path);
    const group = parsePackStructure(bytes, id).records.find((r) => r.kind === RecordKind.ChunkGroup);
    if (!group) continue;
    // A byte in the middle of the compressed frame.
    bytes[group.offset + 44 + Math.floor(group.storedLength / 2)]! ^= 0x20;
    writeFileSync(path, bytes);
    damaged = true;
    break;
  }
  assert.ok(damaged);
  const store = await openStore(storeDir);
  try {
    const report = await store.verify();
    assert.ok(!report.ok && report.problems.some((p) => p.code === 'pack-checksum'), JSON.stringify(report.problems));
    let refused = 0;
    for (const file of [...small, ...medium]) {
      const recipe = await store.getFileRecipe(sha(file));
      try {
        const chunks = await store.readChunks(recipe.chunks.map((c) => 'sha256:' + c.digest));
        assert.ok(Buffer.concat(chunks).equals(file), 'a read that succeeds gives the right bytes');
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'CAIRN_CORRUPT', (error as Error).message);
        refused++;
      }
    }
    assert.ok(refused > 0, 'the damaged group is refused');
  } finally {
    await store.close();
  }
});

test('gc keeps a group whose chunks are partly live; export rootfs reads grouped chunks on its writer thread', async () => {
  const storeDir = join(dir, 'gc');
  const trees = ['keep', 'drop'].map((name, t) => {
    const tree = join(dir, 'trees', `tree-${name}`);
    mkdirSync(tree, { recursive: true });
    // Alternating files of the two trees end up side by side in the same groups.
    small.forEach((file, i) => { if (i % 2 === t) writeFileSync(join(tree, `s${i}.txt`), file); });
    medium.forEach((file, i) => { if (i % 2 === t) writeFileSync(join(tree, `m${i}.txt`), file); });
    return tree;
  });
  // One ingest (one write session): the two trees' new chunks share groups.
  const ingest = cairn(storeDir, ['--quiet', 'ingest', trees[0]!, trees[1]!]);
  assert.equal(ingest.status, 0, ingest.stderr);
  const before = await groupDigests(storeDir);
  assert.equal(cairn(storeDir, ['rm', 'tree-drop:latest']).status, 0);
  const gc = cairn(storeDir, ['--json', 'gc']);
  assert.equal(gc.status, 0, gc.stderr);
  const kept = await groupDigests(storeDir);
  assert.ok(kept.size > 0 && [...kept].every((d) => before.has(d)), 'groups are kept whole (not rewritten)');
  const verify = cairn(storeDir, ['verify', '--deep']);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  const out = join(dir, 'rootfs');
  const exported = cairn(storeDir, ['--quiet', 'export', 'rootfs', 'tree-keep:latest', out]);
  assert.equal(exported.status, 0, exported.stderr);
  const names = readdirSync(trees[0]!).sort();
  assert.deepEqual(readdirSync(out).sort(), names);
  for (const name of names) assert.ok(readFileSync(join(out, name)).equals(readFileSync(join(trees[0]!, name))), name);
});

test('the writer thread counts a grouped chunk by its own length: a file\'s chunks go in a few batches, not one each', async () => {
  // The built writer (its worker script is compiled into dist/ only).
  const { DiskBatches } = await import(pathToFileURL(join(ROOT, 'dist', 'disk', 'batches.js')).href) as typeof import('../../src/disk/batches.js');
  const storeDir = join(dir, 'batches');
  await build(storeDir);
  const store = await openStore(storeDir);
  try {
    const digests: string[] = [];
    for (const file of [...small, ...medium]) for (const c of (await store.getFileRecipe(sha(file))).chunks) digests.push('sha256:' + c.digest);
    const located = await store.locateChunks(digests);
    assert.ok(located.every((c) => 'location' in c && c.location.member !== undefined), 'every chunk is in a group');
    const batches = new DiskBatches({ what: 'test', inline: false });
    try {
      for (const chunk of located) await batches.chunk(-1, 0, chunk);
      await batches.settle();
    } finally {
      await batches.close();
    }
    // 2.4 MB of chunks: batches of 64 KiB doubling up to 1 MiB take a handful (one each: ~110).
    assert.ok(batches.sent <= 10, `${batches.sent} batches for ${located.length} chunks`);
  } finally {
    await store.close();
  }
});
