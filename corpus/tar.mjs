// GNU tar: reproducible layer archives, and unpacking npm tarballs.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { EPOCH } from './recipe.mjs';

let TAR = null;

// The GNU tar of this run, found on first use (the build asks for it first,
// so that a missing GNU tar fails before anything is written).
export function gnuTar() {
  TAR ??= findGnuTar();
  return TAR;
}

function findGnuTar() {
  const candidates = [process.env.CAIRN_TAR, 'tar', 'gtar'].filter(Boolean);
  for (const cmd of candidates) {
    const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
    if (r.status === 0 && /GNU tar/.test(r.stdout)) {
      return { cmd, version: r.stdout.split('\n')[0].trim() };
    }
  }
  throw new Error('GNU tar not found (tried: ' + candidates.join(', ') + '); install it '
    + '(macOS: `brew install gnu-tar`) or point CAIRN_TAR at it');
}

export function runTar(args, opts = {}) {
  const tar = gnuTar();
  const r = spawnSync(tar.cmd, args, {
    env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' },
    maxBuffer: 64 << 20,
    ...opts,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${tar.cmd} ${args.join(' ')} failed (${r.status}): ${String(r.stderr || '').trim()}`);
  }
  return r;
}

// Reproducible archive of the top-level entries of `dir` (no "./" entry):
// sorted names, one mtime, root-owned numeric ids, POSIX pax format without
// atime/ctime or pid-dependent header names, modes normalised to 644/755.
export function createTar(dir, outFile) {
  const entries = fs.readdirSync(dir).sort();
  runTar([
    '--sort=name', `--mtime=@${EPOCH}`, '--owner=0', '--group=0', '--numeric-owner',
    '--format=posix', '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime',
    '--mode=u+rw,go-w,a+rX', '--no-acls', '--no-xattrs', '--no-selinux', '--hard-dereference',
    '-cf', outFile, '-C', dir, '--', ...entries,
  ]);
}

// Unpack an npm tarball (its single top folder, usually package/, stripped).
export function extractNpmTarball(tgzFile, dest) {
  fs.mkdirSync(dest, { recursive: true });
  const tarBuf = zlib.gunzipSync(fs.readFileSync(tgzFile));
  runTar(['-xf', '-', '-C', dest, '--strip-components=1', '--no-same-owner', '--no-same-permissions'],
    { input: tarBuf });
  if (!fs.existsSync(path.join(dest, 'package.json'))) {
    throw new Error(`${tgzFile}: no package.json after extraction`);
  }
}
