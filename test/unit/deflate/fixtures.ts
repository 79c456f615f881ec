// Inputs and real producers for the re-deflate tests: Python (system zlib 1.2.13), GNU gzip,
// node:zlib. Producers run as child processes on bytes given on stdin.
import { spawnSync } from 'node:child_process';

/** Text-like bytes (words, numbers, some binary runs): compresses like source and configs. */
export function textLike(seed: number, size: number): Buffer {
  const words = ['layer', 'image', 'chunk', 'store', 'deflate', 'zlib', 'const', 'return', 'function', '{', '}', '\n', 'the', '=', ';'];
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
  const out = Buffer.alloc(size);
  let i = 0;
  while (i < size) {
    const r = next();
    const piece = r % 50 === 0 ? Buffer.from(Uint32Array.of(next(), next()).buffer) : Buffer.from(words[r % words.length]! + (r % 7 === 0 ? String(r % 1000) : ' '));
    i += piece.copy(out, i);
  }
  return out;
}

/** Runs a program with `input` on stdin; its stdout, or a thrown error with its stderr. */
export function run(cmd: string, args: string[], input?: Uint8Array): Buffer {
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.toString()}`);
  return r.stdout;
}

let pythonPath: string | undefined;

/** Runs a Python script (the interpreter resolved once: version-manager shims are slow to start). */
export function python(script: string, input?: Uint8Array): Buffer {
  pythonPath ??= run('python3', ['-c', 'import sys; print(sys.executable)']).toString().trim();
  return run(pythonPath, ['-c', script], input);
}

export function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}
