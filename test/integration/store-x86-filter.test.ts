/**
 * The x86 branch filter of chunk groups (codec 2) in a real store: a tree holding real x86-64
 * code (a slice of this node binary) and text, ingested by the CLI with the default and with
 * --no-x86-filter. The code's groups are written filtered and the text's not; the default
 * store is smaller; every file reads back byte for byte through the library's reads and the
 * rootfs writer thread; verify --deep passes; an index rebuilt from the packs alone finds
 * every chunk; gc keeps the filtered groups a kept image needs; a flipped byte in a filtered
 * group is named.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/index.js';
import { Codec, RecordKind, parsePackStructure } from '../../src/pack/index.js';
import { listPackFiles, storeLayout } from '../../src/store/layout.js';
import { cairn } from '../support/cli.js';
import { seededBytes } from '../support/random.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('cairn-x86-');
after(() => rmSync(dir, { recursive: true, force: true }));
const x64 = process.arch === 'x64';
const sha = (b: Uint8Array): string => 'sha256:' + createHash('sha256').update(b).digest('hex');

/** 3 MiB of this node binary's code, and 2.5 MB of text. */
function files(): Record<string, Buffer> {
  const binary = readFileSync(process.execPath);
  const at = binary.length >> 2;
  const words = seededBytes('x86-store-text', 1_300_000).toString('hex').replace(/(.{7})/g, '$1 ');
  return { 'bin/tool': binary.subarray(at, at + (3 << 20)), 'share/notes.txt': Buffer.from(words.slice(0, 2_500_000)) };
}

async function groupCodecs(storeDir: string): Promise<{ codecs: Map<Codec, number>; bytes: number }> {
  const codecs = new Map<Codec, number>();
  let bytes = 0;
  for (const [id, path] of await listPackFiles(storeLayout(storeDir))) {
    bytes += statSync(path).size;
    for (const r of parsePackStructure(readFileSync(path), id).records) if (r.kind === RecordKind.ChunkGroup) codecs.set(r.codec, (codecs.get(r.codec) ?? 0) + 1);
  }
  return { codecs, bytes };
}

async function readsBack(storeDir: string, tree: Record<string, Buffer>): Promise<void> {
  const store = await openStore(storeDir);
  try {
    for (const [name, content] of Object.entries(tree)) {
      const pieces: Uint8Array[] = [];
      for await (const piece of store.readFile(sha(content))) pieces.push(piece);
      assert.ok(Buffer.concat(pieces).equals(content), `${name} reads back`);
    }
  } finally {
    await store.close();
  }
}

test('x86 code goes into filtered groups, text does not; the store is smaller and reads back byte for byte', { skip: !x64 && `node runs on ${process.arch}, not x64: no x86 code to filter` }, async () => {
  const tree = files();
  const source = join(dir, 'tree');
  for (const [name, content] of Object.entries(tree)) {
    mkdirSync(join(source, name, '..'), { recursive: true });
    writeFileSync(join(source, name), content);
  }
  const filtered = join(dir, 'filtered');
  const plain = join(dir, 'plain');
  assert.equal(cairn(filtered, ['--quiet', 'ingest', source, '--name', 't:1']).status, 0);
  const off = cairn(plain, ['--quiet', 'ingest', source, '--name', 't:1', '--no-x86-filter']);
  assert.equal(off.status, 0, off.stderr);

  const a = await groupCodecs(filtered);
  const b = await groupCodecs(plain);
  assert.ok((a.codecs.get(Codec.ZstdX86) ?? 0) >= 2, `the code's groups are filtered: ${JSON.stringify([...a.codecs])}`);
  assert.ok((a.codecs.get(Codec.Zstd) ?? 0) >= 1, `the text's groups are not: ${JSON.stringify([...a.codecs])}`);
  assert.equal(b.codecs.get(Codec.ZstdX86) ?? 0, 0, '--no-x86-filter writes no filtered group');
  assert.ok(a.bytes < b.bytes * 0.995, `filtered store ${a.bytes} bytes against ${b.bytes}`);

  await readsBack(filtered, tree);
  const verify = cairn(filtered, ['verify', '--deep']);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  // The rootfs writer thread decompresses groups itself.
  const out = join(dir, 'rootfs');
  const exported = cairn(filtered, ['--quiet', 'export', 'rootfs', 't:1', out]);
  assert.equal(exported.status, 0, exported.stderr);
  for (const [name, content] of Object.entries(tree)) assert.ok(readFileSync(join(out, name)).equals(content), `${name} exported`);
  // The layer's DiffID is checked by its export.
  assert.equal(cairn(filtered, ['export', 'layer', JSON.parse(cairn(filtered, ['--json', 'ls', 'layers']).stdout).layers[0].diffId, '-o', join(dir, 'layer.tar')]).status, 0);

  // The packs alone: the index rebuilt from them finds every chunk of a filtered group.
  rmSync(join(filtered, 'index'), { recursive: true, force: true });
  const store = await openStore(filtered);
  try {
    await store.repair();
    assert.ok((await store.verify({ deep: true })).ok);
  } finally {
    await store.close();
  }
  await readsBack(filtered, tree);
});

test('a flipped byte in a filtered group is named by verify and refused by a checked read', { skip: !x64 && `node runs on ${process.arch}, not x64` }, async () => {
  const tree = files();
  const source = join(dir, 'tree2');
  mkdirSync(source, { recursive: true });
  writeFileSync(join(source, 'tool'), tree['bin/tool']!);
  const storeDir = join(dir, 'damaged');
  assert.equal(cairn(storeDir, ['--quiet', 'ingest', source, '--name', 'd:1']).status, 0);
  let damaged = false;
  for (const [id, path] of await listPackFiles(storeLayout(storeDir))) {
    const bytes = readFileSync(path);
    const group = parsePackStructure(bytes, id).records.find((r) => r.kind === RecordKind.ChunkGroup && r.codec === Codec.ZstdX86);
    if (!group) continue;
    bytes[group.offset + 44 + Math.floor(group.storedLength / 2)]! ^= 0x10;
    writeFileSync(path, bytes);
    damaged = true;
    break;
  }
  assert.ok(damaged, 'a filtered group was written');
  const verify = cairn(storeDir, ['verify']);
  assert.notEqual(verify.status, 0);
  assert.match(verify.stdout + verify.stderr, /pack/);
  const store = await openStore(storeDir);
  try {
    await assert.rejects(async () => {
      for await (const piece of store.readFile(sha(tree['bin/tool']!))) void piece;
    }, (error: { code?: string }) => error.code === 'CAIRN_CORRUPT');
  } finally {
    await store.close();
  }
});

test('gc keeps the filtered groups a kept image needs, and they still read back', { skip: !x64 && `node runs on ${process.arch}, not x64` }, async () => {
  const binary = readFileSync(process.execPath);
  const at = binary.length >> 2;
  // Two trees of different code, ingested in one session so that their chunks share groups.
  const trees = ['keep', 'drop'].map((name, t) => {
    const tree = join(dir, `gc-${name}`);
    mkdirSync(tree, { recursive: true });
    for (let i = 0; i < 4; i++) writeFileSync(join(tree, `lib${i}.so`), binary.subarray(at + (2 * i + t) * 300_000, at + (2 * i + t + 1) * 300_000));
    return tree;
  });
  const storeDir = join(dir, 'gc-store');
  assert.equal(cairn(storeDir, ['--quiet', 'ingest', trees[0]!, trees[1]!]).status, 0);
  assert.ok(((await groupCodecs(storeDir)).codecs.get(Codec.ZstdX86) ?? 0) >= 1, 'filtered groups were written');
  assert.equal(cairn(storeDir, ['rm', 'gc-drop:latest']).status, 0);
  const gc = cairn(storeDir, ['--json', 'gc']);
  assert.equal(gc.status, 0, gc.stderr);
  const report = JSON.parse(gc.stdout) as { recordsRemoved: number; bytesBefore: number; bytesAfter: number };
  assert.ok(report.recordsRemoved > 0 && report.bytesAfter < report.bytesBefore, `gc reclaimed the dropped image: ${gc.stdout}`);
  assert.ok(((await groupCodecs(storeDir)).codecs.get(Codec.ZstdX86) ?? 0) >= 1, 'the kept image\'s filtered groups are kept');
  const verify = cairn(storeDir, ['verify', '--deep']);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  const out = join(dir, 'gc-out');
  assert.equal(cairn(storeDir, ['--quiet', 'export', 'rootfs', 'gc-keep:latest', out]).status, 0);
  for (let i = 0; i < 4; i++) assert.ok(readFileSync(join(out, `lib${i}.so`)).equals(readFileSync(join(trees[0]!, `lib${i}.so`))), `lib${i}.so`);
});
