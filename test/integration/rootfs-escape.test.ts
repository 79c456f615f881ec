// Hostile layers against cairn export rootfs: every way a layer can try to write, link or
// delete outside the target directory (docs/rootfs.md, "Never outside the target"). Each
// case runs in its own temporary directory holding canary files beside the target; after
// the export the canaries must be exactly as they were, and the outcome must be the one
// documented: an error naming the entry (and the target left as it was found), or a result
// confined to the target. Confined cases are also unpacked by umoci (the reference, when
// installed) and the two trees compared, and each case is exported with --tar too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError, exportRootfs, exportRootfsTar, ingest, openStore, readEntries, type RootfsExportResult } from 'cairn';
import { CLI } from '../support/paths.js';
import { diffListings, listTree } from '../support/rootfs-listing.js';
import { makeTar, writeOciLayout, type RawEntry } from '../support/rootfs-tars.js';
import { scratchDir } from '../support/scratch.js';

const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const umociMissing = !have('umoci') || process.getuid?.() !== 0;

interface Case {
  name: string;
  /** Layers, given the absolute path of the directory that holds the canaries. */
  layers: (outside: string) => RawEntry[][];
  /** An error naming `entry` whose message matches, or a check of the confined result. */
  expect: { error: RegExp; entry: string } | { confined: (dir: string, outside: string, result: RootfsExportResult) => void };
  /** umoci 0.4 agrees (confined cases only). */
  umoci?: boolean;
}

const file = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const kind = (dir: string, path: string) => {
  const s = lstatSync(join(dir, path));
  return s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'dir' : s.isFile() ? 'file' : s.isCharacterDevice() ? 'char' : s.isFIFO() ? 'fifo' : 'other';
};
const sameInode = (dir: string, a: string, b: string) => lstatSync(join(dir, a)).ino === lstatSync(join(dir, b)).ino;

const cases: Case[] = [
  {
    name: "'..' in a name is confined",
    layers: () => [[{ name: '../../escape.txt', data: 'x\n' }, { name: 'a/../../../x.txt', data: 'y\n' }]],
    expect: { confined: (dir, _o, result) => {
      assert.equal(file(dir, 'escape.txt'), 'x\n');
      assert.equal(file(dir, 'x.txt'), 'y\n');
      assert.ok(result.warnings.some((w) => w.includes('points outside the root')), result.warnings.join('\n'));
    } },
    umoci: true,
  },
  {
    name: 'an absolute name is confined',
    layers: (outside) => [[{ name: `${outside}/abs-escape.txt`, data: 'abs\n' }]],
    expect: { confined: (dir, outside) => assert.equal(file(dir, `${outside}/abs-escape.txt`), 'abs\n') },
    umoci: true,
  },
  {
    name: "a PAX path with '..' is confined",
    layers: () => [[{ name: 'harmless', data: 'pax\n', pax: { path: '../../../pax-escape.txt' } }]],
    expect: { confined: (dir) => assert.equal(file(dir, 'pax-escape.txt'), 'pax\n') },
    umoci: true,
  },
  {
    name: 'a file through an absolute symlink of the same layer lands inside',
    layers: (outside) => [[{ name: 'esc', type: '2', linkname: outside }, { name: 'esc/pwned', data: 'p\n' }]],
    expect: { confined: (dir, outside) => {
      assert.equal(kind(dir, 'esc'), 'symlink');
      assert.equal(file(dir, `${outside}/pwned`), 'p\n');
    } },
    umoci: true,
  },
  {
    name: 'a file through a relative symlink of a lower layer lands inside',
    layers: () => [[{ name: 'esc', type: '2', linkname: '../../../../../../..' }], [{ name: 'esc/pwned', data: 'p\n' }]],
    expect: { confined: (dir) => assert.equal(file(dir, 'pwned'), 'p\n') },
    umoci: true,
  },
  {
    name: 'symlink chains (relative and absolute) resolve inside',
    layers: (outside) => [[
      { name: 'a', type: '2', linkname: 'b' },
      { name: 'b', type: '2', linkname: 'c/../../..' },
      { name: 'x', type: '2', linkname: '/y' },
      { name: 'y', type: '2', linkname: `${outside}/outside` },
    ], [{ name: 'a/pwned', data: 'chain\n' }, { name: 'x/secret', data: 'overwrite\n' }]],
    expect: { confined: (dir, outside) => {
      assert.equal(file(dir, 'pwned'), 'chain\n');
      assert.equal(file(dir, `${outside}/outside/secret`), 'overwrite\n');
    } },
    umoci: true,
  },
  {
    name: 'a file replaces a symlink to an outside file instead of writing through it',
    layers: (outside) => [[{ name: 'f', type: '2', linkname: `${outside}/canary.txt` }], [{ name: 'f', data: 'overwritten\n' }]],
    expect: { confined: (dir) => {
      assert.equal(kind(dir, 'f'), 'file');
      assert.equal(file(dir, 'f'), 'overwritten\n');
    } },
    umoci: true,
  },
  {
    name: 'a directory replaces a symlink to an outside directory and gets its contents',
    layers: (outside) => [[{ name: 'd', type: '2', linkname: `${outside}/outside` }], [{ name: 'd/' }, { name: 'd/secret', data: 'mine\n' }]],
    expect: { confined: (dir) => {
      assert.equal(kind(dir, 'd'), 'dir');
      assert.equal(file(dir, 'd/secret'), 'mine\n');
    } },
    umoci: true,
  },
  {
    name: 'a hard link to a symlink links the symlink, not what it points to',
    layers: (outside) => [[{ name: 's', type: '2', linkname: `${outside}/canary.txt` }, { name: 'h', type: '1', linkname: 's' }]],
    expect: { confined: (dir, outside) => {
      assert.equal(kind(dir, 'h'), 'symlink');
      assert.equal(readlinkSync(join(dir, 'h')), `${outside}/canary.txt`);
      assert.ok(sameInode(dir, 'h', 's'));
    } },
    umoci: true,
  },
  {
    name: 'a hard link resolved through a symlink finds a file inside',
    layers: () => [[
      { name: 'tmpx/' }, { name: 'tmpx/canary.txt', data: 'inside\n' }, { name: 'esc', type: '2', linkname: '/tmpx' },
      { name: 'h', type: '1', linkname: 'esc/canary.txt' },
    ]],
    expect: { confined: (dir) => assert.ok(sameInode(dir, 'h', 'tmpx/canary.txt')) },
    umoci: true,
  },
  {
    name: 'a file over a hard link name gets a new inode; the other name keeps its content',
    layers: () => [[{ name: 'a', data: 'orig\n' }, { name: 'b', type: '1', linkname: 'a' }], [{ name: 'b', data: 'new\n' }]],
    expect: { confined: (dir) => {
      assert.equal(file(dir, 'a'), 'orig\n');
      assert.equal(file(dir, 'b'), 'new\n');
    } },
    umoci: true,
  },
  {
    name: "a whiteout with '..' removes inside only",
    layers: () => [[{ name: 'canary.txt', data: 'inside\n' }], [{ name: '../../.wh.canary.txt' }, { name: '../.wh.outside' }]],
    expect: { confined: (dir) => assert.equal(existsSync(join(dir, 'canary.txt')), false) },
    umoci: true,
  },
  {
    name: 'whiteouts through a symlink to an outside directory remove nothing outside',
    layers: (outside) => [[{ name: 'esc', type: '2', linkname: outside }], [{ name: 'esc/.wh.canary.txt' }, { name: 'esc/.wh.outside' }]],
    expect: { confined: (dir) => assert.equal(kind(dir, 'esc'), 'symlink') },
    umoci: true,
  },
  {
    name: 'an opaque whiteout through a symlink to an outside directory clears nothing outside',
    layers: (outside) => [[{ name: 'esc', type: '2', linkname: `${outside}/outside` }], [{ name: 'esc/.wh..wh..opq' }]],
    expect: { confined: (dir) => assert.equal(kind(dir, 'esc'), 'symlink') },
    umoci: true,
  },
  {
    name: 'devices and fifos with escaping names are confined',
    layers: (outside) => [[{ name: '../../null', type: '3', devmajor: 1, devminor: 3 }, { name: 'esc', type: '2', linkname: outside }, { name: 'esc/fifo', type: '6' }]],
    expect: { confined: (dir, outside) => {
      assert.equal(kind(dir, 'null'), process.getuid?.() === 0 ? 'char' : 'file');
      assert.equal(kind(dir, `${outside}/fifo`), 'fifo');
    } },
    umoci: true,
  },
  {
    name: 'symlink targets are kept verbatim, never followed',
    layers: () => [[{ name: 'etc/' }, { name: 'etc/passwd-link', type: '2', linkname: '/etc/passwd' }, { name: 'up', type: '2', linkname: '../../../../..' }]],
    expect: { confined: (dir) => {
      assert.equal(readlinkSync(join(dir, 'etc/passwd-link')), '/etc/passwd');
      assert.equal(readlinkSync(join(dir, 'up')), '../../../../..');
    } },
    umoci: true,
  },
  {
    name: 'a file under a non-directory replaces it with a directory (as current umoci)',
    layers: () => [[{ name: 'f', data: 'file\n' }], [{ name: 'f/x', data: 'x\n' }]],
    expect: { confined: (dir, _o, result) => {
      assert.equal(kind(dir, 'f'), 'dir');
      assert.equal(file(dir, 'f/x'), 'x\n');
      assert.ok(result.warnings.some((w) => w.includes('replaced the non-directory')));
    } },
  },
  {
    name: "a hard link with '..' to an outside file is refused (its confined target does not exist)",
    layers: () => [[{ name: 'h', type: '1', linkname: '../../canary.txt' }]],
    expect: { error: /hard link target .* does not exist/, entry: 'h' },
  },
  {
    name: 'a hard link through a symlink to an outside file is refused',
    layers: (outside) => [[{ name: 'esc', type: '2', linkname: outside }, { name: 'h', type: '1', linkname: 'esc/canary.txt' }]],
    expect: { error: /hard link target .* does not exist/, entry: 'h' },
  },
  {
    name: 'a hard link to a directory is refused',
    layers: () => [[{ name: 'd/' }, { name: 'h', type: '1', linkname: 'd' }]],
    expect: { error: /is a directory/, entry: 'h' },
  },
  {
    name: 'a hard link to the root is refused',
    layers: () => [[{ name: 'h', type: '1', linkname: './' }]],
    expect: { error: /hard link to the root/, entry: 'h' },
  },
  {
    name: "a whiteout of '..' is refused",
    layers: () => [[{ name: 'sub/' }, { name: 'sub/.wh...' }]],
    expect: { error: /whiteout names no file/, entry: 'sub/.wh...' },
  },
  {
    name: "a whiteout of '.' is refused",
    layers: () => [[{ name: '.wh..' }]],
    expect: { error: /whiteout names no file/, entry: '.wh..' },
  },
  {
    name: 'an empty whiteout is refused',
    layers: () => [[{ name: 'sub/' }, { name: 'sub/.wh.' }]],
    expect: { error: /whiteout names no file/, entry: 'sub/.wh.' },
  },
  {
    name: 'the root turned into a symlink is refused',
    layers: (outside) => [[{ name: 'ok', data: 'x' }, { name: './', type: '2', linkname: outside }]],
    expect: { error: /type of the root directory/, entry: './' },
  },
  {
    name: 'the root turned into a file is refused',
    layers: () => [[{ name: '..', type: '0', data: 'x' }]],
    expect: { error: /type of the root directory/, entry: '..' },
  },
  {
    name: 'a symlink loop is refused',
    layers: () => [[{ name: 'l1', type: '2', linkname: 'l2' }, { name: 'l2', type: '2', linkname: 'l1' }, { name: 'l1/x', data: 'x' }]],
    expect: { error: /too many levels of symbolic links/, entry: 'l1/x' },
  },
];

/** Canary files beside the target; returns a snapshot function. */
function plantCanaries(outside: string): () => string {
  writeFileSync(join(outside, 'canary.txt'), 'canary\n');
  mkdirSync(join(outside, 'outside'));
  writeFileSync(join(outside, 'outside', 'secret'), 'secret\n');
  return () => JSON.stringify(listTree(outside).filter((e) => e.path !== '.' && !/^(root|umoci|layout|store|flat)/.test(e.path)));
}

for (const c of cases) {
  test(`hostile layer: ${c.name}`, { timeout: 60_000 }, async () => {
    const outside = scratchDir('cairn-rootfs-escape-');
    const snapshot = plantCanaries(outside);
    const before = snapshot();
    const store = await openStore(join(outside, 'store'));
    try {
      const layout = join(outside, 'layout');
      writeOciLayout(layout, [{ tag: 'v1', layers: c.layers(outside).map(makeTar) }]);
      await ingest(store, [layout], { name: 'hostile' });
      const dir = join(outside, 'root');
      const flat = join(outside, 'flat.tar');
      if ('error' in c.expect) {
        const { error, entry } = c.expect;
        const named = (e: unknown) => e instanceof BadInputError && error.test(e.message) && e.message.includes(JSON.stringify(entry));
        await assert.rejects(exportRootfs(store, 'hostile:v1', dir), named);
        assert.equal(existsSync(dir), false, 'the target made by a failed export is removed');
        await assert.rejects(exportRootfsTar(store, 'hostile:v1', flat), named);
        assert.equal(existsSync(flat), false);
      } else {
        const result = await exportRootfs(store, 'hostile:v1', dir);
        c.expect.confined(dir, outside, result);
        // The flattened tar holds only names inside the root.
        await exportRootfsTar(store, 'hostile:v1', flat);
        for await (const { header } of readEntries([readFileSync(flat)])) {
          assert.ok(!header.name.startsWith('/') && !header.name.split('/').includes('..'), `tar name ${header.name}`);
        }
        if (c.umoci && !umociMissing) {
          const bundle = join(outside, 'umoci');
          const r = spawnSync('umoci', ['unpack', '--image', `${layout}:v1`, bundle], { encoding: 'utf8' });
          assert.equal(r.status, 0, r.stderr);
          // No entry describes the directories made as parents here: their mtimes are not compared.
          const options = { ignoreMtime: (_p: string, e: { type: string }) => e.type === 'dir' };
          const diff = diffListings(listTree(join(bundle, 'rootfs'), options), listTree(dir, options), ['umoci', 'cairn']);
          assert.equal(diff.length, 0, diff.join('\n'));
        }
      }
      assert.equal(snapshot(), before, 'the canaries outside the target are untouched');
    } finally {
      await store.close();
      rmSync(outside, { recursive: true, force: true });
    }
  });
}

function cli(store: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, '--store', store, ...args], { encoding: 'utf8' });
}

test('cairn export rootfs: one clear line and exit 2 for a hostile layer; the target is left as found', { timeout: 60_000 }, () => {
  const work = scratchDir('cairn-rootfs-cli-');
  try {
    const layer = join(work, 'hostile.tar');
    writeFileSync(layer, makeTar([{ name: 'ok', data: 'fine\n' }, { name: 'l1', type: '2', linkname: 'l1' }, { name: 'l1/x', data: 'x' }]));
    const store = join(work, 'store');
    assert.equal(cli(store, ['ingest', layer, '--name', 'bad:1']).status, 0);
    const made = cli(store, ['export', 'rootfs', 'bad:1', join(work, 'new-dir')]);
    assert.equal(made.status, 2);
    assert.match(made.stderr, /^cairn: entry "l1\/x": too many levels of symbolic links/);
    assert.equal(made.stderr.trim().split('\n').length, 1, made.stderr);
    assert.equal(existsSync(join(work, 'new-dir')), false);
    const empty = join(work, 'empty-dir');
    mkdirSync(empty);
    assert.equal(cli(store, ['export', 'rootfs', 'bad:1', empty]).status, 2);
    assert.equal(existsSync(empty), true);
    assert.equal(spawnSync('ls', ['-A', empty], { encoding: 'utf8' }).stdout, '');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('cairn export rootfs: refuses a non-empty or non-directory target, makes a missing one', { timeout: 60_000 }, () => {
  const work = scratchDir('cairn-rootfs-cli-');
  try {
    const layer = join(work, 'layer.tar');
    writeFileSync(layer, makeTar([{ name: 'etc/' }, { name: 'etc/os-release', data: 'ID=test\n' }]));
    const store = join(work, 'store');
    assert.equal(cli(store, ['ingest', layer, '--name', 'ok:1']).status, 0);
    const full = join(work, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep'), 'mine');
    const refused = cli(store, ['export', 'rootfs', 'ok:1', full]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /not empty/);
    assert.equal(readFileSync(join(full, 'keep'), 'utf8'), 'mine');
    const notDir = cli(store, ['export', 'rootfs', 'ok:1', layer]);
    assert.equal(notDir.status, 2);
    assert.match(notDir.stderr, /not a directory/);
    const both = cli(store, ['export', 'rootfs', 'ok:1', join(work, 'x'), '--tar', join(work, 'x.tar')]);
    assert.equal(both.status, 2);
    const nested = join(work, 'a', 'b', 'rootfs');
    const made = cli(store, ['--json', 'export', 'rootfs', 'ok:1', nested]);
    assert.equal(made.status, 0, made.stderr);
    const summary = JSON.parse(made.stdout);
    assert.deepEqual([summary.entries, summary.files, summary.bytes], [2, 1, 8]);
    assert.equal(readFileSync(join(nested, 'etc/os-release'), 'utf8'), 'ID=test\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
