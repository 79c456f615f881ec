/**
 * Tar archives made at test time by real producers, so that the tar module is checked against
 * what GNU tar, bsdtar, busybox, Python's tarfile, git and tar-stream really write (STYLE.md,
 * "Fixture provenance"). Nothing is stored in the repository: `makeTarFixtures` builds a small
 * source tree in a temporary directory, runs each producer there and returns the archives with
 * the exact shell command that made each one (run with `sh -c` in that directory, so the
 * command shown is the command run). A producer that is not installed, or a file kind the
 * machine cannot create (device nodes without privilege, user xattrs on a file system without
 * them), is skipped and named in `skipped`.
 *
 * `pythonListing` lists an archive with Python's tarfile, the independent oracle the tests
 * compare parsed headers with; `gnuTarNames` lists names with GNU tar.
 *
 * What CI installs is not optional: `REQUIRED_FIXTURES` names every fixture each such producer
 * must make, and `REQUIRED_FILE_KINDS` the file kinds the source tree must hold, and the tests
 * fail when one is missing. Only git archive is made when git is there (Go is not installed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tarStream from 'tar-stream';
import { seededBytes } from './random.js';

/** One archive and how it was made. */
export interface TarFixture {
  /** Short id, used in test names: producer-variant. */
  name: string;
  /** The shell command that made it (run in the fixture directory), or a description for in-process producers. */
  command: string;
  /** Absolute path of the archive. */
  path: string;
  /** `roundtrip`: must split and rebuild byte for byte; `reject`: must fail with BadInputError. */
  expect: 'roundtrip' | 'reject';
  /** What the fixture exercises, for the reader of a failure message. */
  covers: string;
}

export interface TarFixtureSet {
  dir: string;
  fixtures: TarFixture[];
  /** Producers or file kinds left out, each with the reason. */
  skipped: string[];
  remove(): void;
}

/**
 * The fixtures each producer that CI installs must make (.ci/run installs libarchive-tools and
 * busybox; GNU tar and python3 come with the image; tar-stream is a dev dependency). The
 * ending fixtures are cut from a GNU tar archive at an offset Python's tarfile finds.
 */
export const REQUIRED_FIXTURES: Readonly<Record<string, readonly string[]>> = {
  'GNU tar': [
    'gnutar-gnu', 'gnutar-oldgnu', 'gnutar-pax', 'gnutar-ustar', 'gnutar-v7', 'gnutar-pax-sparse-0.0', 'gnutar-pax-sparse-0.1',
    'gnutar-pax-sparse-1.0', 'gnutar-incremental', 'gnutar-label', 'gnutar-volume-last', 'gnutar-volume-first',
    'ending-base', 'ending-none', 'ending-one-zero-block', 'ending-many-zero-blocks', 'ending-junk', 'ending-torn-block',
    'ending-zero-then-header', 'ending-in-padding', 'ending-in-data', 'ending-in-header',
  ],
  bsdtar: ['bsdtar-pax', 'bsdtar-ustar', 'bsdtar-gnutar'],
  busybox: ['busybox'],
  'python3 tarfile': ['python-gnu', 'python-pax'],
  'tar-stream': ['tar-stream'],
};

/**
 * File kinds the source tree must hold (each the start of a `skipped` reason when it could not
 * be made): device nodes need root, which CI has; user xattrs need setfattr (package attr).
 */
export function requiredFileKinds(isRoot: boolean): string[] {
  return ['symlinks', 'hard link', 'sparse file', 'many-region sparse file', 'fifo', 'user xattr', ...(isRoot ? ['device node'] : [])];
}

/** An entry as Python's tarfile reports it (names as hex of their bytes). */
export interface PythonEntry {
  name: string;
  type: string;
  size: number;
  linkname: string;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  devmajor: number;
  devminor: number;
  sparse: boolean;
  /** SCHILY.xattr records: name to hex of the value bytes. */
  xattrs: Record<string, string>;
  /** Where the entry's data starts in the archive (tarfile's offset_data). */
  offsetData: number;
}

function run(command: string, cwd: string, input?: Uint8Array): { status: number; stdout: Buffer; stderr: string } {
  const result = spawnSync('sh', ['-c', command], { cwd, input, maxBuffer: 1 << 28, env: { ...process.env, LC_ALL: 'C.UTF-8', TZ: 'UTC' } });
  return { status: result.status ?? -1, stdout: result.stdout ?? Buffer.alloc(0), stderr: result.stderr?.toString() ?? String(result.error) };
}

/** True when `command -v tool` finds the tool. */
export function hasTool(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

const LONG_DIR = 'L1';
const LONG_FILE = `${'a'.repeat(120)}.txt`; // LONG_DIR/LONG_FILE: 127 bytes, fits ustar's prefix + name
const DEEP_PATH = `${'d'.repeat(100)}/${'e'.repeat(100)}/${'f'.repeat(80)}.txt`; // 284 bytes: beyond ustar
const LONG_TARGET = `${'t/'.repeat(70)}target`; // 146 bytes
const LONGER_TARGET = `${'u/'.repeat(140)}target`; // 286 bytes
const UNICODE_NAME = 'ünïcødé-☺.txt';
const FIXED_MTIME = 1700000000;

/** Files every format can hold (names under 100 bytes, no special files). */
const SHORT_TREE = ['small.txt', 'data.bin', 'empty', 'dir', 'link', 'hard'];

/**
 * Builds the source tree in `dir/src`. Returns the file kinds that could not be made.
 *
 *   small.txt, data.bin (70001 seeded bytes), empty, ünïcødé-☺.txt, dir/nested.txt, dir/sub/,
 *   L1/<120 a's>.txt (127-byte path), <100 d's>/<100 e's>/<80 f's>.txt (284-byte path),
 *   link -> small.txt, longlink -> 146-byte target, longerlink -> 286-byte target,
 *   hard (hard link to small.txt), fifo, null (char device 1,3), xattr.txt (user.cairn),
 *   sparse (10 MiB, 'x' at 5000000 and at the last byte), sparse-many (3 MiB, 30 regions:
 *   more than old GNU's 4 in-header entries, so extension blocks follow).
 */
function makeSourceTree(dir: string): string[] {
  const skipped: string[] = [];
  const src = join(dir, 'src');
  mkdirSync(join(src, 'dir', 'sub'), { recursive: true });
  mkdirSync(join(src, LONG_DIR), { recursive: true });
  mkdirSync(join(src, DEEP_PATH, '..'), { recursive: true });
  writeFileSync(join(src, 'small.txt'), 'hello cairn\n');
  writeFileSync(join(src, 'data.bin'), seededBytes('tar-fixture-data', 70001));
  writeFileSync(join(src, 'empty'), '');
  writeFileSync(join(src, UNICODE_NAME), 'unicode name\n');
  writeFileSync(join(src, 'dir', 'nested.txt'), 'nested\n');
  writeFileSync(join(src, LONG_DIR, LONG_FILE), 'long name\n');
  writeFileSync(join(src, DEEP_PATH), 'deep path\n');
  writeFileSync(join(src, 'xattr.txt'), 'has an xattr\n');
  const steps: [string, string][] = [
    ['symlinks', `ln -s small.txt link && ln -s ${LONG_TARGET} longlink && ln -s ${LONGER_TARGET} longerlink`],
    ['hard link', 'ln small.txt hard'],
    ['sparse file', 'truncate -s 10M sparse && printf x | dd of=sparse conv=notrunc bs=1 seek=5000000 2>/dev/null && printf x | dd of=sparse conv=notrunc bs=1 seek=10485759 2>/dev/null'],
    ['many-region sparse file', 'truncate -s 3M sparse-many && i=0; while [ $i -lt 30 ]; do printf x | dd of=sparse-many conv=notrunc bs=1 seek=$((i * 100000)) 2>/dev/null; i=$((i + 1)); done'],
    ['fifo', 'mkfifo fifo'],
    ['device node (mknod c 1 3)', 'mknod null c 1 3'],
    ['user xattr (setfattr)', 'setfattr -n user.cairn -v fixture-value xattr.txt'],
  ];
  for (const [what, command] of steps) {
    const result = run(command, src);
    if (result.status !== 0) skipped.push(`${what}: \`${command}\` failed (${result.stderr.trim().split('\n')[0]})`);
  }
  // Fixed times make the archives easier to read in a failure; the tests do not depend on them.
  run(`find . -exec touch -h -d @${FIXED_MTIME} {} +`, src);
  return skipped;
}

/** The archive's end: offset just past the last entry's data block, as Python's tarfile sees it. */
function endOfLastEntry(path: string): number {
  const script = 'import sys,tarfile\nm=tarfile.open(sys.argv[1]).getmembers()[-1]\nprint(m.offset_data + ((m.size + 511)//512)*512)';
  const result = spawnSync(python(), ['-c', script, path]);
  if (result.status !== 0) throw new Error(`python3 could not read ${path}: ${result.stderr}`);
  return Number(result.stdout.toString().trim());
}

/** Makes every fixture whose producer is installed. */
export async function makeTarFixtures(): Promise<TarFixtureSet> {
  const dir = scratchDir('cairn-tar-fixtures-');
  const fixtures: TarFixture[] = [];
  const skipped = makeSourceTree(dir);
  const add = (name: string, command: string, covers: string, expect: TarFixture['expect'] = 'roundtrip'): void => {
    const file = `${name}.tar`;
    const result = run(command, dir);
    // GNU tar exits 1 when a file changed while read and 2 on errors, still writing the rest;
    // a fixture counts when its archive exists.
    if (!existsSync(join(dir, file)) || statSync(join(dir, file)).size === 0) {
      skipped.push(`${name}: \`${command}\` made no archive (exit ${result.status}: ${result.stderr.trim().split('\n')[0]})`);
      return;
    }
    fixtures.push({ name, command, path: join(dir, file), expect, covers });
  };

  if (hasTool('tar') && run('tar --version', dir).stdout.toString().includes('GNU tar')) {
    add('gnutar-gnu', 'tar --format=gnu --sparse -cf gnutar-gnu.tar -C src .', "GNU format: 'L'/'K' long names, old GNU sparse 'S' with extension blocks, devices, fifo");
    add('gnutar-oldgnu', 'tar --format=oldgnu --sparse -cf gnutar-oldgnu.tar -C src .', 'oldgnu format, sparse');
    add('gnutar-pax', 'tar --format=pax --sparse --xattrs -cf gnutar-pax.tar -C src .', 'PAX: long names and links, xattrs (SCHILY.xattr), sparse (default version)');
    add('gnutar-ustar', `tar --format=ustar -cf gnutar-ustar.tar -C src ${SHORT_TREE.join(' ')} fifo ${LONG_DIR} '${UNICODE_NAME}'`, 'ustar with the prefix field (127-byte path), fifo');
    add('gnutar-v7', `tar --format=v7 -cf gnutar-v7.tar -C src ${SHORT_TREE.join(' ')}`, 'v7 headers');
    for (const version of ['0.0', '0.1', '1.0']) {
      add(`gnutar-pax-sparse-${version}`, `tar --format=pax --sparse --sparse-version=${version} -cf gnutar-pax-sparse-${version}.tar -C src sparse sparse-many small.txt`, `PAX sparse ${version}`);
    }
    add('gnutar-incremental', 'tar --format=gnu --listed-incremental=snar -cf gnutar-incremental.tar -C src .', "incremental dump: 'D' directory entries with dumpdir data");
    add('gnutar-label', "tar --format=gnu -V 'cairn volume' -cf gnutar-label.tar -C src small.txt", "volume label 'V'");
    // A multivolume set of 10 KiB volumes: the last volume starts with an 'M' continuation
    // header and is a whole tar; the first ends inside the file's data, so alone it is truncated.
    const volumes = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `-f gnutar-volume-${i}.tar`).join(' ');
    const multi = run(`tar --format=gnu -c -M -L 10 ${volumes} -C src data.bin`, dir);
    const made = [1, 2, 3, 4, 5, 6, 7, 8].filter((i) => existsSync(join(dir, `gnutar-volume-${i}.tar`)));
    if (multi.status === 0 && made.length >= 2) {
      const last = made[made.length - 1]!;
      const command = `tar --format=gnu -c -M -L 10 ${volumes} -C src data.bin`;
      fixtures.push({ name: 'gnutar-volume-last', command: `${command} (volume ${last})`, path: join(dir, `gnutar-volume-${last}.tar`), expect: 'roundtrip', covers: "multivolume continuation 'M'" });
      fixtures.push({ name: 'gnutar-volume-first', command: `${command} (volume 1)`, path: join(dir, 'gnutar-volume-1.tar'), expect: 'reject', covers: 'a volume that ends inside file data (truncated)' });
    } else {
      skipped.push(`gnutar multivolume: exit ${multi.status} ${multi.stderr.trim().split('\n')[0]}`);
    }
    // Endings, cut from one GNU tar archive whose last entry's data does not fill its block.
    add('ending-base', 'tar --format=gnu -cf ending-base.tar -C src small.txt data.bin', 'the archive the ending fixtures are cut from');
    if (existsSync(join(dir, 'ending-base.tar')) && hasTool('python3')) {
      const end = endOfLastEntry(join(dir, 'ending-base.tar'));
      add('ending-none', `head -c ${end} ending-base.tar > ending-none.tar`, 'no end-of-archive blocks at all');
      add('ending-one-zero-block', `{ head -c ${end} ending-base.tar; head -c 512 /dev/zero; } > ending-one-zero-block.tar`, 'a single zero block');
      add('ending-many-zero-blocks', `{ head -c ${end} ending-base.tar; head -c 51200 /dev/zero; } > ending-many-zero-blocks.tar`, '100 zero blocks');
      add('ending-junk', `{ head -c ${end} ending-base.tar; head -c 1024 /dev/zero; printf 'junk after the end\\n'; head -c 3000 src/data.bin; } > ending-junk.tar`, 'junk after the end-of-archive blocks');
      add('ending-torn-block', `{ head -c ${end} ending-base.tar; head -c 1124 /dev/zero; } > ending-torn-block.tar`, 'a torn last block after the marker');
      add('ending-zero-then-header', `{ head -c ${end} ending-base.tar; head -c 512 /dev/zero; head -c 1024 ending-base.tar; } > ending-zero-then-header.tar`, 'a header after one zero block (kept as framing)');
      add('ending-in-padding', `head -c ${end - 100} ending-base.tar > ending-in-padding.tar`, "a stream cut inside the last entry's padding (Go reads it)");
      add('ending-in-data', `head -c ${end - 600} ending-base.tar > ending-in-data.tar`, "a stream cut inside the last entry's data", 'reject');
      add('ending-in-header', `head -c 300 ending-base.tar > ending-in-header.tar`, 'a stream cut inside a header', 'reject');
    }
  } else {
    skipped.push('GNU tar: not installed');
  }

  if (hasTool('bsdtar')) {
    add('bsdtar-pax', 'bsdtar --format=pax -cf bsdtar-pax.tar -C src .', 'bsdtar PAX: LIBARCHIVE.xattr and SCHILY.xattr, sparse 1.0, fractional times');
    add('bsdtar-ustar', `bsdtar --format=ustar -cf bsdtar-ustar.tar -C src ${SHORT_TREE.join(' ')} fifo ${LONG_DIR}`, 'bsdtar ustar');
    add('bsdtar-gnutar', 'bsdtar --format=gnutar -cf bsdtar-gnutar.tar -C src .', 'bsdtar GNU format');
  } else {
    skipped.push('bsdtar: not installed');
  }

  if (hasTool('busybox')) {
    add('busybox', `busybox tar -cf busybox.tar -C src ${SHORT_TREE.join(' ')} ${LONG_DIR} '${DEEP_PATH.split('/')[0]}' fifo`, 'busybox tar (GNU long names)');
  } else {
    skipped.push('busybox: not installed');
  }

  if (hasTool('python3')) {
    const script = [
      'import tarfile, io',
      'def add(t, name, data=b"", **kw):',
      '    i = tarfile.TarInfo(name); i.size = len(data); i.mtime = kw.pop("mtime", 1700000000)',
      '    for k, v in kw.items(): setattr(i, k, v)',
      '    t.addfile(i, io.BytesIO(data) if data else None)',
      'with tarfile.open("python-gnu.tar", "w", format=tarfile.GNU_FORMAT) as t:',
      '    add(t, "big-uid.txt", b"uid beyond octal\\n", uid=3000000, gid=4000000)',
      '    add(t, "negative-mtime.txt", b"before 1970\\n", mtime=-1000000000)',
      '    add(t, "dup.txt", b"first\\n")',
      '    add(t, "dup.txt", b"second, longer\\n")',
      '    add(t, "x" * 150, b"long name\\n")',
      '    d = tarfile.TarInfo("dir"); d.type = tarfile.DIRTYPE; d.mode = 0o755; t.addfile(d)',
      'with tarfile.open("python-pax.tar", "w", format=tarfile.PAX_FORMAT) as t:',
      '    add(t, "ünïcødé.txt", b"pax unicode\\n")',
      '    add(t, "y" * 300, b"pax long name\\n", uid=5000000)',
      '    add(t, "frac-mtime.txt", b"fraction\\n", mtime=1700000000.5)',
      '    l = tarfile.TarInfo("sym"); l.type = tarfile.SYMTYPE; l.linkname = "z" * 200; t.addfile(l)',
    ].join('\n');
    writeFileSync(join(dir, 'make-python-fixtures.py'), script);
    const command = 'python3 make-python-fixtures.py';
    const result = run(command, dir);
    if (result.status === 0) {
      fixtures.push({ name: 'python-gnu', command: `${command} (python-gnu.tar: tarfile.GNU_FORMAT)`, path: join(dir, 'python-gnu.tar'), expect: 'roundtrip', covers: 'base-256 uid/gid, negative base-256 mtime, duplicate paths, long name' });
      fixtures.push({ name: 'python-pax', command: `${command} (python-pax.tar: tarfile.PAX_FORMAT)`, path: join(dir, 'python-pax.tar'), expect: 'roundtrip', covers: 'PAX from Python: unicode, long names and links, big uid, fractional mtime' });
    } else {
      skipped.push(`python3 tarfile: ${result.stderr.trim().split('\n').pop()}`);
    }
  } else {
    skipped.push('python3: not installed');
  }

  if (hasTool('git')) {
    const gitDir = join(dir, 'git');
    mkdirSync(join(gitDir, 'dir'), { recursive: true });
    writeFileSync(join(gitDir, 'README'), 'git archive fixture\n');
    writeFileSync(join(gitDir, 'data.bin'), seededBytes('tar-fixture-git', 5000));
    writeFileSync(join(gitDir, 'dir', `${'g'.repeat(110)}.txt`), 'long path in git\n');
    const env = 'GIT_AUTHOR_DATE=@1700000000 GIT_COMMITTER_DATE=@1700000000 GIT_CONFIG_GLOBAL=/dev/null';
    const command = `cd git && git init -q && ln -s README link && git add . && ${env} git -c user.name=cairn -c user.email=cairn@example.invalid commit -q -m fixture && git archive --format=tar HEAD > ../git-archive.tar`;
    add('git-archive', command, 'git archive: global PAX header with the commit id, long path via PAX');
  } else {
    skipped.push('git: not installed');
  }

  // tar-stream's pack(), in process.
  const pack = tarStream.pack();
  const mtime = new Date(FIXED_MTIME * 1000);
  pack.entry({ name: 'hello.txt', mode: 0o644, mtime, uid: 1000, gid: 1000 }, 'hello from tar-stream\n');
  pack.entry({ name: 'dir', type: 'directory', mode: 0o755, mtime });
  pack.entry({ name: 'dir/link', type: 'symlink', linkname: '../hello.txt', mtime });
  pack.entry({ name: `${'s'.repeat(90)}/${'t'.repeat(90)}/file.bin`, mode: 0o600, mtime }, Buffer.from(seededBytes('tar-fixture-tar-stream', 3000)));
  pack.entry({ name: 'pax-attrs.txt', mtime, pax: { comment: 'made by tar-stream' } }, 'with a pax record\n');
  pack.entry({ name: 'ünïcødé.txt', mtime }, 'unicode\n');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  writeFileSync(join(dir, 'tar-stream.tar'), Buffer.concat(chunks));
  fixtures.push({ name: 'tar-stream', command: "tar-stream pack(): hello.txt, dir/, dir/link -> ../hello.txt, a 194-byte path, pax: {comment}, ünïcødé.txt", path: join(dir, 'tar-stream.tar'), expect: 'roundtrip', covers: 'tar-stream ustar + PAX for long and unicode names' });

  return { dir, fixtures, skipped, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const PYTHON_LISTER = `
import json, os, sys, tarfile
def listing(path):
    out = []
    with tarfile.open(path) as t:
        for m in t:
            out.append({"name": os.fsencode(m.name).hex(), "type": m.type.decode("latin-1"), "size": m.size,
                        "linkname": os.fsencode(m.linkname).hex(), "mode": m.mode, "uid": m.uid, "gid": m.gid,
                        "mtime": m.mtime, "devmajor": m.devmajor, "devminor": m.devminor, "sparse": m.sparse is not None, "offsetData": m.offset_data,
                        "xattrs": {k[len("SCHILY.xattr."):]: os.fsencode(v).hex() for k, v in m.pax_headers.items() if k.startswith("SCHILY.xattr.")}})
    return out
results = []
for path in sys.argv[1:]:
    try:
        results.append(listing(path))
    except Exception:
        results.append(None)
print(json.dumps(results))
`;
import { scratchDir } from './scratch.js';

let pythonBinary: string | undefined;

/**
 * The interpreter behind `python3`, resolved once: version-manager shims (pyenv) cost some
 * 400 ms per start, which adds up over dozens of listings.
 */
function python(): string {
  if (pythonBinary === undefined) {
    const result = spawnSync('python3', ['-c', 'import sys; print(sys.executable)']);
    pythonBinary = result.status === 0 ? result.stdout.toString().trim() : 'python3';
  }
  return pythonBinary;
}

/**
 * The entries of each archive as Python's tarfile reads them (undefined for an archive it
 * cannot read), from one interpreter run.
 */
export function pythonListings(paths: string[]): (PythonEntry[] | undefined)[] {
  const result = spawnSync(python(), ['-c', PYTHON_LISTER, ...paths], { maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`python3 tarfile listing failed: ${result.stderr}`);
  return (JSON.parse(result.stdout.toString()) as (PythonEntry[] | null)[]).map((l) => l ?? undefined);
}

/** Member names as GNU tar lists them (`tar --quoting-style=literal -tf`), or undefined when it fails. */
export function gnuTarNames(path: string): string[] | undefined {
  const result = spawnSync('tar', ['--quoting-style=literal', '-tf', path], { maxBuffer: 1 << 26, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  if (result.status !== 0) return undefined;
  return result.stdout.toString().split('\n').filter((line) => line !== '');
}

/** The input bytes for a test that pipes an archive through a command (e.g. `bzip2 -dc`). */
export function runFilter(command: string, input: Uint8Array): Uint8Array | undefined {
  const result = run(command, tmpdir(), input);
  return result.status === 0 ? new Uint8Array(result.stdout) : undefined;
}
