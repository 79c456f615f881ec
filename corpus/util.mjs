// Small helpers of the corpus build: logging, hashing, files, deterministic gzip.

import fs from 'node:fs';
import crypto from 'node:crypto';
import zlib from 'node:zlib';

export const log = (msg) => process.stderr.write(`[corpus] ${msg}\n`);
export const mb = (n) => (n / 1e6).toFixed(1);
export const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

export function sha256File(file) {
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

export function splitSpec(spec) {
  const at = spec.lastIndexOf('@');
  if (at <= 0) throw new Error(`bad package spec ${spec}`);
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

export function rmrf(p) {
  fs.rmSync(p, { recursive: true, force: true });
}

export function writeJson(file, value) {
  const text = JSON.stringify(value);
  fs.writeFileSync(file, text);
  return Buffer.from(text);
}

// Deterministic gzip: zlib level 6, no file name, mtime 0, OS byte forced to
// 3 (Unix) so the header does not depend on the platform zlib was built for.
export function gzipDeterministic(buf) {
  const gz = zlib.gzipSync(buf, { level: 6 });
  if (gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8) throw new Error('unexpected gzip header');
  if (gz[3] !== 0) throw new Error(`gzip header has flags ${gz[3]} (name/comment/extra?)`);
  if (gz.readUInt32LE(4) !== 0) throw new Error('gzip header has a non-zero mtime');
  gz[9] = 3;
  return gz;
}


export function copyFile(src, dst) {
  fs.copyFileSync(src, dst, fs.constants.COPYFILE_FICLONE);
}

// A layer file shared by several images (the same runtime layer in every
// api-app release, the same base layer across apps) is stored once on disk:
// hard-linked where the file system allows it, copied otherwise. Nothing
// writes to these files after the build.
export function linkOrCopy(src, dst) {
  try {
    fs.linkSync(src, dst);
  } catch {
    copyFile(src, dst);
  }
}
