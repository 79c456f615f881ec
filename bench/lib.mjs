// Shared helpers for the benchmarks: seeded data, timing (best of N), the table printer.
import { createCipheriv, createHash } from 'node:crypto';
import { cpus } from 'node:os';

/** Seeded pseudo-random bytes (AES-128-CTR over zeros), no temp files. */
export function seededBytes(seed, length) {
  const key = createHash('sha256').update(`cairn-bench-${seed}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const out = Buffer.alloc(length);
  const step = 1 << 24;
  for (let at = 0; at < length; at += step) cipher.update(Buffer.alloc(Math.min(step, length - at))).copy(out, at);
  return out;
}

/** Runs fn `runs` times and returns the fastest wall time in seconds and fn's last result. */
export function best(fn, runs = 3) {
  let fastest = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    result = fn();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: fastest, result };
}

export async function bestAsync(fn, runs = 3) {
  let fastest = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    result = await fn();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: fastest, result };
}

export function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `node ${process.version}, ${cpu}, ${cpus().length} cores`;
}

/** Prints rows (arrays of cells) as an aligned Markdown table. */
export function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(header));
  console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |');
  for (const row of rows) console.log(line(row));
}

export const mbps = (bytes, seconds) => (bytes / 1e6 / seconds).toFixed(0);
