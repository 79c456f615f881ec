/**
 * Real jars and zips for the zip-aware delta tests: entries of class-like bytes (seeded,
 * compressible), archived by Python's zipfile (the system zlib, which pako 2.1.0 reproduces)
 * or by Info-ZIP's `zip` (its own deflate, or bzip2), each run as a child process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { splitmix64Bytes } from './random.js';

const WORDS = ['java/lang/Object', 'java/lang/String', '<init>', '()V', 'Code', 'LineNumberTable', 'LocalVariableTable',
  'StackMapTable', 'this', 'value', 'get', 'set', 'Ljava/util/List;', 'SourceFile', 'com/example/', 'Exceptions', 'hashCode', 'equals'];

/** Bytes shaped like a class file: a magic, then constant-pool-like records of a small vocabulary and a few random bytes. */
export function classLike(seed: number, size: number): Buffer {
  const random = splitmix64Bytes(BigInt(seed) + 1n, size * 2 + 64);
  const out = Buffer.alloc(size);
  out.writeUInt32BE(0xcafebabe, 0);
  let at = 8;
  for (let r = 0; at < size; r += 3) {
    const word = Buffer.from(WORDS[random[r]! % WORDS.length]! + (random[r + 1]! % 5 === 0 ? String(random[r + 2]) : ''));
    const record = Buffer.concat([Buffer.from([1, 0, word.length]), word, random[r + 2]! % 4 === 0 ? random.subarray(r, r + 3) : Buffer.alloc(0)]);
    at += record.copy(out, at);
  }
  return out;
}

/** `count` class-like entries of 1-9 KB named com/example/Cnnn.class, plus a manifest. */
export function jarEntries(seed: number, count: number): Map<string, Buffer> {
  const entries = new Map<string, Buffer>([['META-INF/MANIFEST.MF', Buffer.from('Manifest-Version: 1.0\r\nCreated-By: cairn tests\r\n\r\n')]]);
  for (let i = 0; i < count; i++) {
    entries.set(`com/example/C${String(i).padStart(3, '0')}.class`, classLike(seed * 1000 + i, 1000 + ((seed * 7 + i * 7919) % 8000)));
  }
  return entries;
}

/** The same entries with one class changed the way a recompile of a small edit changes it: a few bytes replaced, a few inserted. */
export function bumpEntry(entries: Map<string, Buffer>, name: string): Map<string, Buffer> {
  const old = entries.get(name)!;
  const changed = Buffer.concat([old.subarray(0, 300), Buffer.from('patched-1.2.4'), old.subarray(310, 700), Buffer.from([1, 0, 7]), Buffer.from('CVE-fix'), old.subarray(700)]);
  return new Map([...entries].map(([n, d]) => [n, n === name ? changed : d]));
}

const PYTHON_ZIP = `
import sys, os, zipfile
src, out = sys.argv[1], sys.argv[2]
with open(os.path.join(src, '.order')) as f: names = [n for n in f.read().split('\\n') if n]
with zipfile.ZipFile(out, 'w') as z:
    for name in names:
        info = zipfile.ZipInfo(name, date_time=(2024, 5, 6, 7, 8, 10))
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(src, name), 'rb') as f: z.writestr(info, f.read())
`;
import { scratchDir } from './scratch.js';

export type ZipProducer = 'python' | 'infozip' | 'infozip-bzip2';

/** A zip of `entries` (in their order) as `producer` writes it. */
export function makeZip(entries: Map<string, Buffer>, producer: ZipProducer): Buffer {
  const dir = scratchDir('cairn-jar-');
  try {
    const src = join(dir, 'src');
    mkdirSync(src);
    for (const [name, data] of entries) {
      mkdirSync(dirname(join(src, name)), { recursive: true });
      writeFileSync(join(src, name), data);
    }
    const out = join(dir, 'out.zip');
    if (producer === 'python') {
      writeFileSync(join(src, '.order'), [...entries.keys()].join('\n'));
      execFileSync('python3', ['-c', PYTHON_ZIP, src, out]);
    } else {
      if (entries.size === 0) throw new Error('Info-ZIP writes no empty archive');
      const r = spawnSync('zip', ['-q', '-X', '-D', ...(producer === 'infozip-bzip2' ? ['-Z', 'bzip2'] : []), out, ...entries.keys()], { cwd: src });
      if (r.status !== 0) throw new Error(`zip failed: ${r.stderr.toString()}`);
    }
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
