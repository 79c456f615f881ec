// cairn export rootfs against umoci unpack, the reference (docs/rootfs.md). One OCI layout is
// built with umoci itself (init/new/unpack/repack: whiteouts for deleted files and
// directories, type changes, owners, modes with setuid/setgid/sticky, security.capability,
// devices, fifos, hard links, symlinks) and extended with hand-made layers added by
// `umoci raw add-layer` (opaque directories, whiteouts after entries of the same layer, hard
// links across layers, a symlink replaced by a directory, binary xattrs, a fractional mtime,
// an implicit parent) and GNU tar layers (old GNU, PAX 0.1 and PAX 1.0 sparse files, a root
// entry "./"). cairn ingests the layout; both tools unpack it — as root, with --rootless, and
// as an unprivileged user (setpriv, uid 65534) — and the canonical listings of the two trees
// must be equal. The flattened --tar output must be
// deterministic, re-ingest and re-export to the same tree, and extract with GNU tar to it too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, linkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { exportRootfs, openStore } from 'cairn';
import { CLI } from '../support/paths.js';
import { seededBytes } from '../support/random.js';
import { diffListings, listTree, type ListedPath } from '../support/rootfs-listing.js';
import { FIXED_MTIME, makeTar } from '../support/rootfs-tars.js';
import { scratchDir } from '../support/scratch.js';

const have = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const missing = ['umoci', 'getfattr', 'setfattr', 'tar', 'mknod'].filter((t) => !have(t));
const isRoot = process.getuid?.() === 0;
const skip = missing.length > 0
  ? `skipped: ${missing.join(', ')} not installed (.ci/run installs umoci and attr)`
  : !isRoot ? 'skipped: building the reference image needs root (owners, devices, security.capability)' : false;

function run(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function cairn(store: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, '--store', store, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `cairn ${args.join(' ')}: ${r.stderr}`);
  return r;
}

const CAPABILITY = Buffer.from('AQAAAgAgAAAAAAAAAAAAAAAAAAA=', 'base64'); // cap_net_bind_service=ep

/** The first image's tree, built in a umoci bundle as root. */
function populateBase(root: string): void {
  const dirs = ['etc', 'usr', 'usr/bin', 'usr/lib', 'srv', 'srv/data', 'tmp', 'shared', 'dev', 'run', 'opt', 'opq', 'opq/sub', 'gone-dir', 'gone-dir/deep', 'will-be-file', 'd2f', 'same'];
  for (const d of dirs) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'etc/hostname'), 'cairn\n');
  writeFileSync(join(root, 'etc/empty'), '');
  writeFileSync(join(root, 'usr/bin/tool'), seededBytes('tool', 300_000));
  writeFileSync(join(root, 'usr/bin/sg'), seededBytes('sg', 10_000));
  writeFileSync(join(root, 'usr/lib/libx.so'), seededBytes('libx', 50_000));
  writeFileSync(join(root, 'srv/data/secret'), 'secret\n');
  writeFileSync(join(root, 'opt/big.bin'), seededBytes('big', 3_000_000));
  writeFileSync(join(root, 'spaced name.txt'), 'space\n');
  writeFileSync(join(root, 'h\u00e9llo.txt'), 'utf-8 name\n');
  writeFileSync(join(root, 'opq/lower-a'), 'a\n');
  writeFileSync(join(root, 'opq/sub/lower-b'), 'b\n');
  writeFileSync(join(root, 'gone-file'), 'gone\n');
  writeFileSync(join(root, 'gone-dir/deep/x'), 'x\n');
  writeFileSync(join(root, 'will-be-file/child'), 'c\n');
  writeFileSync(join(root, 'will-be-dir'), 'file for now\n');
  writeFileSync(join(root, 'd2f/child'), 'c\n');
  writeFileSync(join(root, 'f2d'), 'file\n');
  writeFileSync(join(root, 'will-vanish'), 'v\n');
  linkSync(join(root, 'usr/bin/tool'), join(root, 'usr/bin/tool-alias'));
  symlinkSync('usr/lib', join(root, 'sl'));
  symlinkSync('lib', join(root, 'usr/lib64'));
  symlinkSync('/etc/hostname', join(root, 'etc/abs-link'));
  symlinkSync('/nonexistent/target', join(root, 'dangling'));
  run('mkfifo', [join(root, 'run/fifo')]);
  run('mknod', [join(root, 'dev/zero'), 'c', '1', '5']);
  run('mknod', [join(root, 'dev/loop9'), 'b', '7', '9']);
  run('chown', ['1000:1000', join(root, 'srv/data'), join(root, 'srv/data/secret')]);
  run('chown', ['-h', '123:456', join(root, 'dangling')]);
  run('chown', ['0:50', join(root, 'usr/bin/sg')]);
  run('chown', ['0:100', join(root, 'shared')]);
  chmodSync(join(root, 'srv/data'), 0o750);
  chmodSync(join(root, 'srv/data/secret'), 0o600);
  chmodSync(join(root, 'tmp'), 0o1777);
  chmodSync(join(root, 'shared'), 0o2775);
  chmodSync(join(root, 'usr/bin/tool'), 0o4755);
  chmodSync(join(root, 'usr/bin/sg'), 0o2755);
  chmodSync(join(root, 'dev/zero'), 0o666);
  run('setfattr', ['-n', 'security.capability', '-v', '0s' + CAPABILITY.toString('base64'), join(root, 'usr/bin/tool')]);
  run('setfattr', ['-n', 'user.comment', '-v', 'hello', join(root, 'etc/hostname')]);
  run('setfattr', ['-n', 'trusted.note', '-v', '0x00ff10', join(root, 'srv')]);
}

/** The second image's changes: deletions (umoci writes whiteouts), type changes, new owners, new content. */
function changeForV2(root: string): void {
  rmSync(join(root, 'gone-file'));
  rmSync(join(root, 'gone-dir'), { recursive: true });
  rmSync(join(root, 'will-be-file'), { recursive: true });
  writeFileSync(join(root, 'will-be-file'), 'now a file\n');
  rmSync(join(root, 'will-be-dir'));
  mkdirSync(join(root, 'will-be-dir'));
  writeFileSync(join(root, 'will-be-dir/inside'), 'inside\n');
  run('chown', ['2000:2000', join(root, 'srv/data/secret')]);
  chmodSync(join(root, 'etc/hostname'), 0o640);
  const fd = openSync(join(root, 'opt/big.bin'), 'r+');
  writeSync(fd, Buffer.from('changed in v2'), 0, 13, 1_000_000);
  closeSync(fd);
  mkdirSync(join(root, 'new'));
  writeFileSync(join(root, 'new/added.txt'), 'added\n');
}

/** A hand-made layer: what umoci's own repack never writes. */
function craftedLayer(): Buffer {
  return makeTar([
    // Opaque directory: lower-a and sub/ go; upper-early (same layer, before the marker) stays.
    { name: 'opq/' },
    { name: 'opq/upper-early', data: 'early\n' },
    { name: 'opq/.wh..wh..opq' },
    { name: 'opq/upper-late', data: 'late\n' },
    // A whiteout after an entry of the same layer does not remove it; one for a lower file does.
    { name: 'same/' },
    { name: 'same/kept', data: 'kept\n' },
    { name: 'same/.wh.kept' },
    { name: '.wh.will-vanish' },
    { name: 'usr/bin/.wh.sg' },
    // Hard links across layers and within one: one inode each.
    { name: 'xlink', type: '1', linkname: 'etc/hostname' },
    { name: 'hl-a', data: 'hard\n', mode: 0o640, uid: 7, gid: 8 },
    { name: 'hl-b', type: '1', linkname: 'hl-a' },
    { name: 'hl-c', type: '1', linkname: './hl-b' },
    // A symlink (to usr/lib) replaced by a directory: its contents land in it, not in usr/lib.
    { name: 'sl/', mode: 0o711 },
    { name: 'sl/inside.txt', data: 'inside\n' },
    // A directory replaced by a file, a file by a directory.
    { name: 'd2f', data: 'was a directory\n' },
    { name: 'f2d/' },
    { name: 'f2d/child', data: 'child\n' },
    // Binary xattrs, security.capability, a fractional mtime.
    { name: 'xa', data: 'x\n', pax: { 'SCHILY.xattr.user.bin': Buffer.from([0, 1, 0xff, 0x3d, 0x0a]), 'SCHILY.xattr.security.capability': CAPABILITY, mtime: `${FIXED_MTIME + 123}.5` } },
    // Modes that chown would clear if applied before it.
    { name: 'sgdir/', mode: 0o2775, gid: 100 },
    { name: 'stick/', mode: 0o1777 },
    { name: 'suid', data: '#!/bin/sh\n', mode: 0o4755, uid: 1000, gid: 1000 },
    // A long name (PAX path), an implicit parent, a device and a fifo.
    { name: `long/${'n'.repeat(150)}`, data: 'long\n', pax: {} },
    { name: 'implicit/parent/file', data: 'made without its parents\n' },
    { name: 'dev/', mode: 0o755 },
    { name: 'dev/crafted-null', type: '3', devmajor: 1, devminor: 3, mode: 0o666 },
    { name: 'crafted-fifo', type: '6', mode: 0o600 },
    { name: 'long/', mode: 0o755 },
  ]);
}

/**
 * GNU tar layers: sparse files in the PAX 0.1 and PAX 1.0 encodings, and a root entry; plus
 * (returned apart: umoci 0.4 refuses typeflag 'S') an old GNU sparse file.
 */
function gnuTarLayers(work: string): { layers: string[]; oldGnuSparse: string; sparseSource: string } {
  const src = join(work, 'sparse-src');
  mkdirSync(src);
  const sparse = (name: string) => {
    const path = join(src, name);
    const fd = openSync(path, 'w');
    writeSync(fd, seededBytes(`${name}-1`, 10_000), 0, 10_000, 1 << 20);
    writeSync(fd, seededBytes(`${name}-2`, 5_000), 0, 5_000, 5 << 20);
    closeSync(fd);
    spawnSync('truncate', ['-s', String(8 << 20), path]);
  };
  const layers: string[] = [];
  for (const [name, args] of [['sparse-gnu.bin', ['-H', 'gnu', '--sparse']], ['sparse-pax01.bin', ['-H', 'pax', '--sparse-version=0.1']], ['sparse-pax10.bin', ['-H', 'pax', '--sparse-version=1.0']]] as const) {
    sparse(name);
    const out = join(work, `${name}.tar`);
    run('tar', ['-cf', out, ...args, '--mtime=@1700000000', '-C', src, name]);
    layers.push(out);
  }
  const oldGnuSparse = layers.shift()!;
  // A layer whose first entry is the root itself ("./"): its owner, mode and mtime go to the root.
  const rooted = join(work, 'rooted');
  mkdirSync(join(rooted, 'from-gnu-tar'), { recursive: true });
  writeFileSync(join(rooted, 'from-gnu-tar/file'), 'gnu\n');
  chmodSync(rooted, 0o750);
  const out = join(work, 'rooted.tar');
  run('tar', ['-cf', out, '-H', 'gnu', '--mtime=@1700000500', '--owner=0', '--group=0', '-C', rooted, '.']);
  layers.push(out);
  return { layers, oldGnuSparse, sparseSource: join(src, 'sparse-gnu.bin') };
}

/** Directories that no entry describes: umoci stamps them with the time of unpacking. */
const implicitDirs = new Set(['implicit', 'implicit/parent']);
const ignoreImplicit = (path: string, entry: ListedPath) => entry.type === 'dir' && implicitDirs.has(path);

function assertSameTree(actual: ListedPath[], expected: ListedPath[], labels: [string, string]): void {
  const diff = diffListings(expected, actual, labels);
  assert.equal(diff.length, 0, `trees differ:\n${diff.slice(0, 40).join('\n')}`);
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

test('export rootfs equals umoci unpack, as root and rootless; --tar round-trips', { skip, timeout: 600_000 }, async () => {
  const work = scratchDir('cairn-rootfs-umoci-');
  try {
    const layout = join(work, 'layout');
    run('umoci', ['init', '--layout', layout]);
    run('umoci', ['new', '--image', `${layout}:base`]);
    const bundle = join(work, 'bundle');
    run('umoci', ['unpack', '--image', `${layout}:base`, bundle]);
    populateBase(join(bundle, 'rootfs'));
    run('umoci', ['repack', '--refresh-bundle', '--image', `${layout}:v1`, bundle]);
    changeForV2(join(bundle, 'rootfs'));
    run('umoci', ['repack', '--image', `${layout}:v2`, bundle]);
    const crafted = join(work, 'crafted.tar');
    writeFileSync(crafted, craftedLayer());
    run('umoci', ['raw', 'add-layer', '--image', `${layout}:v2`, '--tag', 'v3', crafted]);
    let tag = 'v3';
    const gnu = gnuTarLayers(work);
    for (const [i, layer] of gnu.layers.entries()) {
      const next = `v${4 + i}`;
      run('umoci', ['raw', 'add-layer', '--image', `${layout}:${tag}`, '--tag', next, layer]);
      tag = next;
    }
    run('umoci', ['raw', 'add-layer', '--image', `${layout}:${tag}`, '--tag', 'old-gnu-sparse', gnu.oldGnuSparse]);

    const store = join(work, 'store');
    cairn(store, ['ingest', layout, '--name', 'app']);

    // As root.
    run('umoci', ['unpack', '--image', `${layout}:${tag}`, join(work, 'umoci-root')]);
    const out = join(work, 'cairn-root');
    const summary = JSON.parse(cairn(store, ['--json', 'export', 'rootfs', `app:${tag}`, out]).stdout);
    assert.equal(summary.layers, 6);
    const reference = listTree(join(work, 'umoci-root', 'rootfs'), { ignoreMtime: ignoreImplicit });
    const ours = listTree(out, { ignoreMtime: ignoreImplicit });
    assertSameTree(ours, reference, ['umoci', 'cairn']);
    assert.ok(reference.length > 60, `the reference tree has ${reference.length} paths`);

    // Spot checks of the rules, beyond agreement with umoci.
    const at = (path: string) => ours.find((e) => e.path === path);
    assert.equal(at('opq/lower-a'), undefined);
    assert.ok(at('opq/upper-early') && at('opq/upper-late'));
    assert.ok(at('same/kept'));
    assert.equal(at('will-vanish'), undefined);
    assert.equal(at('gone-dir'), undefined);
    assert.equal(at('sl')?.type, 'dir');
    assert.equal(at('usr/lib/inside.txt'), undefined);
    assert.equal(at('xlink')?.group, at('etc/hostname')?.group);
    assert.equal(at('hl-c')?.group, 'hl-a');
    assert.equal(at('usr/bin/tool')?.mode, '4755');
    assert.equal(at('usr/bin/tool')?.xattrs?.['security.capability'], '0x' + CAPABILITY.toString('hex'));
    assert.equal(at('suid')?.mode, '4755');
    assert.equal(at('suid')?.owner, '1000:1000');
    assert.equal(at('dev/zero')?.type, 'char');
    assert.equal(at('.')?.mode, '0750');
    const sparseFiles = (dir: string, names: string[]) => {
      for (const name of names) {
        const entry = listTree(dir, { omitBlocks: false }).find((e) => e.path === name)!;
        assert.equal(entry.size, 8 << 20);
        assert.ok(entry.blocks! * 512 < 1 << 20, `${name} is sparse on disk (${entry.blocks} blocks)`);
      }
    };
    sparseFiles(out, ['sparse-pax01.bin', 'sparse-pax10.bin']);

    // Old GNU sparse ('S'), which umoci 0.4 refuses: a regular file, sparse, with the source's bytes.
    const gnuSparseOut = join(work, 'cairn-gnu-sparse');
    cairn(store, ['export', 'rootfs', 'app:old-gnu-sparse', gnuSparseOut]);
    sparseFiles(gnuSparseOut, ['sparse-gnu.bin']);
    assert.equal(sha(join(gnuSparseOut, 'sparse-gnu.bin')), sha(gnu.sparseSource));

    // The same through the library, writing on the calling thread instead of a worker.
    const inline = join(work, 'cairn-inline');
    const library = await openStore(store);
    try {
      await exportRootfs(library, `app:${tag}`, inline, { writerThread: false });
    } finally {
      await library.close();
    }
    assertSameTree(listTree(inline, { ignoreMtime: ignoreImplicit }), reference, ['umoci', 'cairn without a writer thread']);

    // Rootless: owners recorded in user.rootlesscontainers, devices as empty files.
    run('umoci', ['unpack', '--rootless', '--image', `${layout}:${tag}`, join(work, 'umoci-rootless')]);
    const rootless = join(work, 'cairn-rootless');
    const rootlessRun = cairn(store, ['--json', 'export', 'rootfs', '--rootless', `app:${tag}`, rootless]);
    const rootlessSummary = JSON.parse(rootlessRun.stdout);
    assert.ok(rootlessSummary.warnings.some((w: string) => w.includes('rootlesscontainers')), rootlessRun.stdout);
    assert.ok(rootlessSummary.warnings.some((w: string) => w.includes('empty file')), rootlessRun.stdout);
    assertSameTree(listTree(rootless, { ignoreMtime: ignoreImplicit }), listTree(join(work, 'umoci-rootless', 'rootfs'), { ignoreMtime: ignoreImplicit }), ['umoci --rootless', 'cairn --rootless']);

    // Really unprivileged (uid 65534): both tools keep going without owners, devices or
    // privileged xattrs; cairn says what it could not apply.
    if (have('setpriv')) {
      const asNobody = (cmd: string[]) => spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 26 });
      chmodSync(work, 0o755);
      const home = join(work, 'nobody');
      mkdirSync(home);
      const nobodyStore = join(work, 'store-nobody');
      run('cp', ['-r', store, nobodyStore]);
      run('chown', ['-R', '65534:65534', home, nobodyStore]);
      run('chmod', ['-R', 'a+rX', layout]);
      const umociRun = asNobody(['umoci', 'unpack', '--rootless', '--image', `${layout}:${tag}`, join(home, 'umoci')]);
      assert.equal(umociRun.status, 0, umociRun.stderr);
      const cairnRun = asNobody([process.execPath, CLI, '--store', nobodyStore, '--json', 'export', 'rootfs', `app:${tag}`, join(home, 'cairn')]);
      assert.equal(cairnRun.status, 0, cairnRun.stderr);
      const warnings: string[] = JSON.parse(cairnRun.stdout).warnings;
      for (const expected of ['rootlesscontainers', 'empty file', 'not permitted']) {
        assert.ok(warnings.some((w) => w.includes(expected)), `a warning about ${expected}: ${warnings.join('\n')}`);
      }
      assertSameTree(listTree(join(home, 'cairn'), { ignoreMtime: ignoreImplicit }), listTree(join(home, 'umoci', 'rootfs'), { ignoreMtime: ignoreImplicit }), ['umoci as nobody', 'cairn as nobody']);
    }

    // --tar: deterministic, and it re-ingests and re-exports to the same tree (but for the
    // root's own metadata and fractions of seconds, which the format does not hold).
    const flat = join(work, 'flat.tar');
    cairn(store, ['export', 'rootfs', `app:${tag}`, '--tar', flat]);
    const again = join(work, 'flat-again.tar');
    cairn(store, ['export', 'rootfs', `app:${tag}`, '--tar', again]);
    assert.equal(sha(flat), sha(again));
    cairn(store, ['ingest', flat, '--name', 'flat:1']);
    const reexported = join(work, 'cairn-flat');
    cairn(store, ['export', 'rootfs', 'flat:1', reexported]);
    const wholeSeconds = (list: ListedPath[]) => list
      .filter((e) => e.path !== '.')
      .map((e) => (e.mtimeUs === undefined ? e : { ...e, mtimeUs: String(Math.floor(Number(e.mtimeUs) / 1e6)) }));
    assertSameTree(wholeSeconds(listTree(reexported, { ignoreMtime: ignoreImplicit })), wholeSeconds(ours), ['export', 'export of --tar']);

    // The flattened tar is an ordinary tar: GNU tar extracts it to the same tree.
    const gnuOut = join(work, 'gnu-tar-x');
    mkdirSync(gnuOut);
    run('tar', ['-xpf', flat, '--xattrs', '--xattrs-include=*', '--same-owner', '-C', gnuOut]);
    assertSameTree(wholeSeconds(listTree(gnuOut, { ignoreMtime: ignoreImplicit })), wholeSeconds(ours), ['export', 'tar -x of --tar']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
