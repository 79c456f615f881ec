// The sa method's rebuild of a target (src/delta/method-sa.ts is the reference: readSteps,
// joinDiff and decodeSaReference's loop), part of the delta kernel (wasm/delta.ts exports it). Each
// check of the reference is made here too, but a failure only returns -1: the host then runs
// the reference, which fails with its own message (or succeeds where this is narrower: every
// number here must fit 31 bits). What succeeds here is exactly what succeeds there.

let at: usize = 0;
let end: usize = 0;
let bad: bool = false;

/** A varint at `at` (method-sa's ByteReader.varint: at most 8 bytes, minimal); sets `bad` when it is not one or passes 2^31 - 1. */
function varint(): i64 {
  let value: i64 = 0;
  let shift: i64 = 0;
  for (let i = 0; i < 8; i++) {
    if (at >= end) {
      bad = true;
      return 0;
    }
    const b = <i64>load<u8>(at);
    at++;
    value |= (b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      if (b == 0 && i > 0) bad = true;
      if (value > 0x7fffffff) bad = true;
      return value;
    }
    shift += 7;
  }
  bad = true;
  return 0;
}

/**
 * Reads the control stream (`controlLength` bytes at `control`) into steps (i32 triples at
 * `steps`: diff run, extra run, seek; room for controlLength / 3 of them), each checked as
 * readSteps checks it. Returns the number of steps, or -1.
 */
export function parseSteps(control: usize, controlLength: u32, baseLength: i32, targetLength: i32, diffLength: i32, extraLength: i32, steps: usize): i32 {
  at = control;
  end = control + <usize>controlLength;
  bad = false;
  let outAt: i64 = 0;
  let basePos: i64 = 0;
  let diffAt: i64 = 0;
  let extraAt: i64 = 0;
  let count: i32 = 0;
  while (at < end) {
    const diffRun = varint();
    const extraRun = varint();
    const z = varint();
    if (bad) return -1;
    const seek: i64 = (z & 1) == 0 ? z >> 1 : -((z + 1) >> 1);
    if (diffRun > <i64>targetLength - outAt || diffRun > <i64>baseLength - basePos || diffRun > <i64>diffLength - diffAt) return -1;
    outAt += diffRun;
    diffAt += diffRun;
    if (extraRun > <i64>targetLength - outAt || extraRun > <i64>extraLength - extraAt) return -1;
    outAt += extraRun;
    extraAt += extraRun;
    const next = basePos + diffRun + seek;
    if (next < 0 || next > <i64>baseLength) return -1;
    basePos = next;
    const p = steps + (<usize>count) * 12;
    store<i32>(p, <i32>diffRun);
    store<i32>(p, <i32>extraRun, 4);
    store<i32>(p, <i32>seek, 8);
    count++;
  }
  if (outAt != <i64>targetLength || diffAt != <i64>diffLength || extraAt != <i64>extraLength) return -1;
  return count;
}

/**
 * Copies `n` bytes (not overlapping): short runs inline, since memory.copy costs a call into
 * the engine, and their tails as one overlapping wide store rather than byte by byte (the bytes
 * written twice get the same value twice).
 */
// @ts-ignore: decorator
@inline
function copy(to: usize, from: usize, n: usize): void {
  if (n >= 256) {
    memory.copy(to, from, n);
    return;
  }
  if (n >= 16) {
    let i: usize = 0;
    for (; i + 16 <= n; i += 16) v128.store(to + i, v128.load(from + i));
    if (i < n) v128.store(to + n - 16, v128.load(from + n - 16));
    return;
  }
  if (n >= 8) {
    store<u64>(to, load<u64>(from));
    store<u64>(to + n - 8, load<u64>(from + n - 8));
    return;
  }
  if (n >= 4) {
    store<u32>(to, load<u32>(from));
    store<u32>(to + n - 4, load<u32>(from + n - 4));
    return;
  }
  for (let i: usize = 0; i < n; i++) store<u8>(to + i, load<u8>(from + i));
}

/** The target, rebuilt at `out` from checked steps: each base run plus its diff bytes (mod 256), then the extra run. */
export function applySteps(base: usize, steps: usize, stepCount: i32, diff: usize, extra: usize, out: usize): void {
  let o = out;
  let b: usize = 0;
  let d = diff;
  let e = extra;
  for (let s = 0; s < stepCount; s++) {
    const p = steps + (<usize>s) * 12;
    const run = <usize>load<i32>(p);
    const extraRun = <usize>load<i32>(p, 4);
    const seek = load<i32>(p, 8);
    // The base run and its diff added in one pass, sixteen bytes at a time (each byte mod 256).
    const from = base + b;
    let i: usize = 0;
    for (; i + 16 <= run; i += 16) v128.store(o + i, i8x16.add(v128.load(from + i), v128.load(d + i)));
    if (i < run && run >= 16) {
      // The tail as one overlapping store: each byte is computed from base and diff, so the
      // bytes written twice get the same value.
      const t = run - 16;
      v128.store(o + t, i8x16.add(v128.load(from + t), v128.load(d + t)));
    } else for (; i < run; i++) store<u8>(o + i, <u8>(load<u8>(from + i) + load<u8>(d + i)));
    o += run;
    d += run;
    copy(o, e, extraRun);
    o += extraRun;
    e += extraRun;
    b = <usize>(<i64>b + <i64>run + <i64>seek);
  }
}

/**
 * The target, rebuilt at `out` from checked steps and a split diff stream, without the diff
 * stream itself: each base run copied, the non-zero diff bytes that fall in it added (mod 256)
 * where the gaps place them (the varints at `gaps`, as joinDiff reads them), then the extra
 * run. Returns 0, or -1 where joinDiff fails: a gap past the end of the diff stream (its byte
 * is never placed), a zero among the non-zero bytes, gaps left over or missing.
 */
export function applySplit(
  base: usize, steps: usize, stepCount: i32, gaps: usize, gapsLength: u32, nonzero: usize, nonzeroLength: u32, extra: usize, out: usize,
): i32 {
  at = gaps;
  end = gaps + <usize>gapsLength;
  bad = false;
  let k: u32 = 0;
  // The diff position of non-zero byte k.
  let next: i64 = 0;
  if (nonzeroLength > 0) {
    next = varint();
    if (bad) return -1;
  }
  let o = out;
  let b: usize = 0;
  let e = extra;
  let diffAt: i64 = 0;
  for (let s = 0; s < stepCount; s++) {
    const p = steps + (<usize>s) * 12;
    const run = <usize>load<i32>(p);
    const extraRun = <usize>load<i32>(p, 4);
    const seek = load<i32>(p, 8);
    copy(o, base + b, run);
    const runEnd = diffAt + <i64>run;
    while (k < nonzeroLength && next < runEnd) {
      const v = load<u8>(nonzero + <usize>k);
      if (v == 0) return -1;
      const q = o + <usize>(next - diffAt);
      store<u8>(q, <u8>(load<u8>(q) + v));
      k++;
      if (k < nonzeroLength) {
        // Most gaps fit one byte: read inline, without the call (varint() checks the rest).
        const g = at < end ? load<u8>(at) : 0x80;
        if (g < 0x80) {
          at++;
          next += 1 + <i64>g;
        } else {
          next += 1 + varint();
          if (bad) return -1;
        }
      }
    }
    diffAt = runEnd;
    o += run;
    copy(o, e, extraRun);
    o += extraRun;
    e += extraRun;
    b = <usize>(<i64>b + <i64>run + <i64>seek);
  }
  return k == nonzeroLength && at == end ? 0 : -1;
}
