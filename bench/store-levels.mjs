// What each zstd level costs and saves on a tree's chunks, one thread, in this process: the
// stored size (each chunk its own frame, as the store keeps them; raw when zstd saves < 3%),
// compression and decompression speed (CPU time), and the same for frames of 1 MiB (what
// compressing chunks together would save). Chunks: 64 KiB slices of each file (about the
// store's 64 KiB average chunk), first CAIRN_BENCH_LEVELS_MB (default 256) MB of the tree.
import { createRequire } from 'node:module';
import { readdirSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printTable } from './lib.mjs';

const require = createRequire(import.meta.url);

function sample(root, limit) {
  const files = [];
  let total = 0;
  const walk = (p) => {
    if (total >= limit) return;
    const s = lstatSync(p);
    if (s.isDirectory()) for (const n of readdirSync(p).sort()) walk(join(p, n));
    else if (s.isFile() && s.size > 0) {
      files.push(readFileSync(p));
      total += s.size;
    }
  };
  walk(root);
  return { files, total };
}

function cpu(fn) {
  const start = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(start);
  return { result, seconds: (used.user + used.system) / 1e6 };
}

function measure(z, units, total, level) {
  const c = new z.Compressor();
  c.setParameters({ compressionLevel: level });
  for (const u of units.slice(0, 200)) c.compress(u); // warm-up: first-touch allocations are not the level's cost
  const frames = [];
  const packed = cpu(() => {
    let stored = 0;
    for (const u of units) {
      const out = c.compress(u);
      const zstd = out.length < u.length * 0.97;
      frames.push(zstd ? Buffer.from(out) : null);
      stored += zstd ? out.length : u.length;
    }
    return stored;
  });
  const d = new z.Decompressor();
  const unpacked = cpu(() => {
    for (const f of frames) if (f) d.decompress(f);
  });
  return [(packed.result / 1e6).toFixed(1), (packed.result / total * 100).toFixed(1) + '%', (total / 1e6 / packed.seconds).toFixed(0), (total / 1e6 / unpacked.seconds).toFixed(0)];
}

export function runLevels(root) {
  const z = require('zstd-napi');
  const { files, total } = sample(root, Number(process.env.CAIRN_BENCH_LEVELS_MB ?? 256) * 1e6);
  const slices = (size) => files.flatMap((f) => Array.from({ length: Math.ceil(f.length / size) }, (_, i) => f.subarray(i * size, (i + 1) * size)));
  const chunks = slices(64 << 10);
  const groups = slices(1 << 20);
  console.log(`\n### zstd levels on ${root}: ${(total / 1e6).toFixed(0)} MB, ${files.length} files, ${chunks.length} slices of 64 KiB\n`);
  const rows = [];
  for (const level of [1, 2, 3, 4, 6, 9]) rows.push([`${level}`, '64 KiB', ...measure(z, chunks, total, level)]);
  for (const level of [3]) rows.push([`${level}`, '1 MiB', ...measure(z, groups, total, level)]);
  printTable(['level', 'frame', 'stored MB', 'of input', 'compress MB/s (1 thread)', 'decompress MB/s'], rows);
}
