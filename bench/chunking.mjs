// Chunking benchmark. Groups, each on the same bytes in one run:
//   1. 256 MiB of seeded random data;  2. a real binary (the node executable).
// Rows: cairn aligned and fastcdc (wasm kernel), fastcdc-wasm 0.1.0 (the ronomon chunker in
// Rust->wasm, fed the whole buffer as it must be), a plain-JS gear loop, and node:crypto
// sha256 of the same bytes as the ceiling; chunk-only and chunk+sha256 (every chunk hashed).
// Sizes: min 16 KiB, avg 64 KiB, max 256 KiB for every chunker. Each figure is the best of 3.
// Compare before/after by running `npm run bench -- chunking` on both; treat deltas under ~10%
// as noise on a shared machine. Ratios inside one run are what to quote.
// CAIRN_BENCH_SMALL=1 (bench/run.mjs --small): 4 MiB of each input, for the tests' smoke run;
// its figures mean nothing.
import { createHash, hash as oneShotHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createChunker } from 'cairn';
import * as fastcdcWasm from 'fastcdc-wasm';
import { best, mbps, printTable, seededBytes } from './lib.mjs';

const MIN = 16384, AVG = 65536, MAX = 262144;
const WINDOW = 1 << 20;

function cairnCuts(data, mode) {
  const chunker = createChunker({ mode, min: MIN, avg: AVG, max: MAX });
  const ends = [];
  for (let at = 0; at < data.length; at += WINDOW) for (const c of chunker.push(data.subarray(at, at + WINDOW))) ends.push(c.end);
  for (const c of chunker.finish()) ends.push(c.end);
  return ends;
}

function wasmPeerCuts(data) {
  const boundaries = fastcdcWasm.get_chunks(data, MIN, AVG, MAX);
  return Array.from(boundaries.subarray(1));
}

// A plain-JS gear loop with FastCDC's structure (skip min, normalized masks, forced max); 32-bit
// hash because JS has no cheap u64.
const GEAR32 = new Uint32Array(256);
for (let i = 0; i < 256; i++) GEAR32[i] = createHash('md5').update(Buffer.alloc(64, i)).digest().readUInt32BE(0);
function jsGearCuts(data) {
  const maskS = 0xd9030353 >>> 0; // 17 bits set? approximate spread masks: harder before avg
  const maskL = 0xd9000353 >>> 0;
  const ends = [];
  let start = 0;
  while (start < data.length) {
    const remaining = Math.min(MAX, data.length - start);
    let cut = remaining;
    if (remaining > MIN) {
      let h = 0;
      const center = Math.min(AVG, remaining);
      let i = MIN;
      for (; i < center; i++) {
        h = ((h << 1) + GEAR32[data[start + i]]) >>> 0;
        if ((h & maskS) === 0) { cut = i; break; }
      }
      if (cut === remaining) for (; i < remaining; i++) {
        h = ((h << 1) + GEAR32[data[start + i]]) >>> 0;
        if ((h & maskL) === 0) { cut = i; break; }
      }
    }
    start += cut;
    ends.push(start);
  }
  return ends;
}

function hashChunks(data, ends) {
  let start = 0;
  for (const end of ends) {
    oneShotHash('sha256', data.subarray(start, end), 'buffer');
    start = end;
  }
}

export function runChunking() {
  const small = process.env.CAIRN_BENCH_SMALL === '1';
  const inputs = small
    ? [['random 4 MiB (seeded, --small)', seededBytes('chunking', 4 << 20)], [`real binary, first 4 MiB (--small): ${process.execPath}`, readFileSync(process.execPath).subarray(0, 4 << 20)]]
    : [['random 256 MiB (seeded)', seededBytes('chunking', 256 << 20)], [`real binary: ${process.execPath}`, readFileSync(process.execPath)]];
  const summary = [];
  for (const [label, data] of inputs) {
    console.log(`\n### ${label}, ${(data.length / 1e6).toFixed(1)} MB\n`);
    const sha = best(() => createHash('sha256').update(data).digest());
    const rows = [];
    const results = {};
    const chunkers = [
      ['cairn aligned (wasm)', (d) => cairnCuts(d, 'aligned')],
      ['cairn fastcdc (wasm)', (d) => cairnCuts(d, 'fastcdc')],
      ['fastcdc-wasm 0.1.0 (ronomon)', wasmPeerCuts],
      ['plain-JS gear loop', jsGearCuts],
    ];
    for (const [name, cut] of chunkers) {
      const only = best(() => cut(data));
      const withHash = best(() => hashChunks(data, cut(data)));
      const ends = only.result;
      results[name] = { only: only.seconds, withHash: withHash.seconds, mean: data.length / ends.length };
      rows.push([name, mbps(data.length, only.seconds), mbps(data.length, withHash.seconds),
        (sha.seconds / withHash.seconds * 100).toFixed(0) + '%', Math.round(data.length / ends.length)]);
    }
    rows.push(['node:crypto sha256 only (ceiling)', '-', mbps(data.length, sha.seconds), '100%', '-']);
    printTable(['chunker', 'chunk MB/s', 'chunk+sha256 MB/s', 'of sha256 ceiling', 'mean chunk B'], rows);
    const fastcdcVsPeer = results['fastcdc-wasm 0.1.0 (ronomon)'].only / results['cairn fastcdc (wasm)'].only;
    console.log(`\ncairn fastcdc / fastcdc-wasm, chunk-only: ${fastcdcVsPeer.toFixed(2)}x (target >= 1.5x)`);
    console.log(`cairn aligned chunk+sha256 / sha256-only ceiling: ${(sha.seconds / results['cairn aligned (wasm)'].withHash * 100).toFixed(0)}% (target >= 90%)`);
    summary.push({ label, fastcdcVsPeer, alignedOfCeiling: sha.seconds / results['cairn aligned (wasm)'].withHash });
  }
  return summary;
}
