// cairn's delta kernel, in AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs:
// the suffix array of the base (SA-IS) and bsdiff's match search over it, the two loops that
// dominate encoding with the "sa" method, and (wasm/diff-model.ts, wasm/sa-rebuild.ts) the
// loops of decoding it. src/delta/kernel.ts is the host; the TypeScript
// versions (src/delta/suffix-array.ts, src/delta/matcher.ts) are the reference this must
// agree with, result for result.
//
// Memory grows with the input: the host allocates its buffers with alloc() (a bump allocator
// over memory.grow, failing with a trap when the memory cannot grow), and every instance
// serves one encoding, so nothing is ever freed but the scratch of each SA-IS level, released
// in stack order. Nothing here uses AssemblyScript's managed heap.

export { decodeDiffModel, diffModelTableBytes } from './diff-model';
export { applySplit, applySteps, parseSteps } from './sa-rebuild';

let heapTop: usize = 0;

/** Forgets every allocation: the next alloc() starts again at the bottom (an instance reused for another decode). */
export function freeAll(): void {
  heapTop = 0;
}

/** `bytes` bytes of memory, 16-byte aligned, not zeroed. Traps when memory cannot grow. */
export function alloc(bytes: usize): usize {
  if (heapTop == 0) heapTop = (__heap_base + 15) & ~(<usize>15);
  const ptr = heapTop;
  if (bytes > <usize>0xfff00000 - ptr) unreachable();
  const end = (ptr + bytes + 15) & ~(<usize>15);
  const have = (<usize>memory.size()) << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) unreachable();
  }
  heapTop = end;
  return ptr;
}

// T: u8 for the input bytes, i32 for the reduced strings of the recursion (one compiled copy each).
@inline function chr<T>(t: usize, i: i32): i32 {
  return <i32>load<T>(t + ((<usize>i) << alignof<T>()));
}

@inline function geti(p: usize, i: i32): i32 {
  return load<i32>(p + ((<usize>i) << 2));
}

@inline function seti(p: usize, i: i32, v: i32): void {
  store<i32>(p + ((<usize>i) << 2), v);
}

@inline function typeAt(stype: usize, i: i32): u32 {
  return <u32>load<u8>(stype + <usize>i);
}

@inline function isLms(stype: usize, i: i32): bool {
  return i > 0 && typeAt(stype, i) == 1 && typeAt(stype, i - 1) == 0;
}

function bucketStarts(counts: usize, out: usize, k: i32): void {
  let sum = 0;
  for (let c = 0; c < k; c++) {
    seti(out, c, sum);
    sum += geti(counts, c);
  }
}

function bucketEnds(counts: usize, out: usize, k: i32): void {
  let sum = 0;
  for (let c = 0; c < k; c++) {
    sum += geti(counts, c);
    seti(out, c, sum);
  }
}

function induceL<T>(t: usize, sa: usize, n: i32, stype: usize, counts: usize, bkt: usize, k: i32): void {
  bucketStarts(counts, bkt, k);
  let c = chr<T>(t, n - 1);
  let b = geti(bkt, c);
  seti(sa, b, n - 1);
  seti(bkt, c, b + 1);
  for (let i = 0; i < n; i++) {
    const j = geti(sa, i) - 1;
    if (j >= 0 && typeAt(stype, j) == 0) {
      c = chr<T>(t, j);
      b = geti(bkt, c);
      seti(sa, b, j);
      seti(bkt, c, b + 1);
    }
  }
}

function induceS<T>(t: usize, sa: usize, n: i32, stype: usize, counts: usize, bkt: usize, k: i32): void {
  bucketEnds(counts, bkt, k);
  for (let i = n - 1; i >= 0; i--) {
    const j = geti(sa, i) - 1;
    if (j >= 0 && typeAt(stype, j) == 1) {
      const c = chr<T>(t, j);
      const b = geti(bkt, c) - 1;
      seti(bkt, c, b);
      seti(sa, b, j);
    }
  }
}

function sais<T>(t: usize, sa: usize, n: i32, k: i32): void {
  if (n == 1) {
    seti(sa, 0, 0);
    return;
  }
  const mark = heapTop;
  const stype = alloc(<usize>n);
  store<u8>(stype + <usize>(n - 1), 0);
  for (let i = n - 2; i >= 0; i--) {
    const a = chr<T>(t, i);
    const b = chr<T>(t, i + 1);
    store<u8>(stype + <usize>i, a < b || (a == b && typeAt(stype, i + 1) == 1) ? 1 : 0);
  }
  const counts = alloc((<usize>k) << 2);
  memory.fill(counts, 0, (<usize>k) << 2);
  for (let i = 0; i < n; i++) {
    const c = chr<T>(t, i);
    seti(counts, c, geti(counts, c) + 1);
  }
  const bkt = alloc((<usize>k) << 2);

  // Stage 1: sort the LMS substrings.
  memory.fill(sa, 0xff, (<usize>n) << 2);
  bucketEnds(counts, bkt, k);
  for (let i = 1; i < n; i++) {
    if (isLms(stype, i)) {
      const c = chr<T>(t, i);
      const b = geti(bkt, c) - 1;
      seti(bkt, c, b);
      seti(sa, b, i);
    }
  }
  induceL<T>(t, sa, n, stype, counts, bkt, k);
  induceS<T>(t, sa, n, stype, counts, bkt, k);

  let n1 = 0;
  for (let i = 0; i < n; i++) {
    const p = geti(sa, i);
    if (isLms(stype, p)) seti(sa, n1++, p);
  }
  memory.fill(sa + ((<usize>n1) << 2), 0xff, (<usize>(n - n1)) << 2);
  let name = 0;
  let prev = -1;
  for (let i = 0; i < n1; i++) {
    const pos = geti(sa, i);
    let differ = prev < 0;
    for (let d = 0; !differ; d++) {
      if (pos + d == n || prev + d == n || chr<T>(t, pos + d) != chr<T>(t, prev + d) || typeAt(stype, pos + d) != typeAt(stype, prev + d)) {
        differ = true;
      } else if (d > 0 && (isLms(stype, pos + d) || isLms(stype, prev + d))) {
        break;
      }
    }
    if (differ) {
      name++;
      prev = pos;
    }
    seti(sa, n1 + (pos >> 1), name - 1);
  }
  for (let i = n - 1, j = n - 1; i >= n1; i--) {
    const v = geti(sa, i);
    if (v >= 0) seti(sa, j--, v);
  }

  // Stage 2: sort the reduced string.
  const reduced = sa + ((<usize>(n - n1)) << 2);
  if (name < n1) sais<i32>(reduced, sa, n1, name);
  else for (let i = 0; i < n1; i++) seti(sa, geti(reduced, i), i);

  // Stage 3: induce the whole order from the sorted LMS suffixes.
  for (let i = 1, j = 0; i < n; i++) if (isLms(stype, i)) seti(reduced, j++, i);
  for (let i = 0; i < n1; i++) seti(sa, i, geti(reduced, geti(sa, i)));
  memory.fill(sa + ((<usize>n1) << 2), 0xff, (<usize>(n - n1)) << 2);
  bucketEnds(counts, bkt, k);
  for (let i = n1 - 1; i >= 0; i--) {
    const p = geti(sa, i);
    seti(sa, i, -1);
    const c = chr<T>(t, p);
    const b = geti(bkt, c) - 1;
    seti(bkt, c, b);
    seti(sa, b, p);
  }
  induceL<T>(t, sa, n, stype, counts, bkt, k);
  induceS<T>(t, sa, n, stype, counts, bkt, k);
  heapTop = mark;
}

/** Writes the suffix array of the n bytes at `text` to `sa` (n i32s). */
export function suffixArray(text: usize, n: i32, sa: usize): void {
  if (n > 0) sais<u8>(text, sa, n, 256);
}

// ---- bsdiff match search (see src/delta/matcher.ts for the description) ----

let matchPos: i32 = 0;

@inline function commonPrefix(base: usize, a: i32, n: i32, target: usize, b: i32, m: i32): i32 {
  const max = min(n - a, m - b);
  let i = 0;
  while (i < max && load<u8>(base + <usize>(a + i)) == load<u8>(target + <usize>(b + i))) i++;
  return i;
}

function longest(base: usize, n: i32, sa: usize, target: usize, m: i32, at: i32): i32 {
  if (n == 0 || at >= m) {
    matchPos = 0;
    return 0;
  }
  let lo = 0;
  let hi = n - 1;
  let loLen = commonPrefix(base, geti(sa, lo), n, target, at, m);
  let hiLen = commonPrefix(base, geti(sa, hi), n, target, at, m);
  const rest = m - at;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    const pos = geti(sa, mid);
    let len = min(loLen, hiLen);
    const max = min(n - pos, rest);
    while (len < max && load<u8>(base + <usize>(pos + len)) == load<u8>(target + <usize>(at + len))) len++;
    if (len == rest) {
      matchPos = pos;
      return len;
    }
    if (len == n - pos || load<u8>(base + <usize>(pos + len)) < load<u8>(target + <usize>(at + len))) {
      lo = mid;
      loLen = len;
    } else {
      hi = mid;
      hiLen = len;
    }
  }
  if (loLen >= hiLen) {
    matchPos = geti(sa, lo);
    return loLen;
  }
  matchPos = geti(sa, hi);
  return hiLen;
}

let stepsPtr: usize = 0;
let stepCount: i32 = 0;
let stepCapacity: i32 = 0;
let diffLength: i32 = 0;
let extraLength: i32 = 0;

export function resultSteps(): usize {
  return stepsPtr;
}
export function resultStepCount(): i32 {
  return stepCount;
}
export function resultDiffLength(): i32 {
  return diffLength;
}
export function resultExtraLength(): i32 {
  return extraLength;
}

/** Appends a step; the steps are the last allocation, so they grow in place. */
function pushStep(a: i32, b: i32, c: i32): void {
  if (stepCount == stepCapacity) {
    alloc((<usize>stepCapacity) * 12);
    stepCapacity *= 2;
  }
  const p = stepsPtr + (<usize>stepCount) * 12;
  store<i32>(p, a);
  store<i32>(p, b, 4);
  store<i32>(p, c, 8);
  stepCount++;
}

/**
 * Matches the m bytes at `target` against the n bytes at `base` (suffix array at `sa`); a new
 * match is taken when it beats the current alignment by more than `minGain` bytes. The
 * diff and extra bytes go to `diff` and `extra` (m bytes each); the steps to memory this
 * allocates (resultSteps, 3 i32 each). Sizes are read with the result* getters.
 */
export function match(base: usize, n: i32, sa: usize, target: usize, m: i32, diff: usize, extra: usize, minGain: i32): void {
  stepCapacity = 1024;
  stepsPtr = alloc((<usize>stepCapacity) * 12);
  stepCount = 0;
  let diffLen = 0;
  let extraLen = 0;
  let scan = 0;
  let len = 0;
  let pos = 0;
  let lastScan = 0;
  let lastPos = 0;
  let lastOffset = 0;
  while (scan < m) {
    let oldScore = 0;
    scan += len;
    let scsc = scan;
    for (; scan < m; scan++) {
      len = longest(base, n, sa, target, m, scan);
      pos = matchPos;
      for (; scsc < scan + len; scsc++) {
        if (scsc + lastOffset < n && load<u8>(base + <usize>(scsc + lastOffset)) == load<u8>(target + <usize>scsc)) oldScore++;
      }
      if ((len == oldScore && len != 0) || len > oldScore + minGain) break;
      if (scan + lastOffset < n && load<u8>(base + <usize>(scan + lastOffset)) == load<u8>(target + <usize>scan)) oldScore--;
    }
    if (len == oldScore && scan != m) continue;

    let s = 0;
    let bestF = 0;
    let lenF = 0;
    for (let i = 0; lastScan + i < scan && lastPos + i < n; ) {
      if (load<u8>(base + <usize>(lastPos + i)) == load<u8>(target + <usize>(lastScan + i))) s++;
      i++;
      if (s * 2 - i > bestF * 2 - lenF) {
        bestF = s;
        lenF = i;
      }
    }
    let lenB = 0;
    if (scan < m) {
      s = 0;
      let bestB = 0;
      for (let i = 1; scan >= lastScan + i && pos >= i; i++) {
        if (load<u8>(base + <usize>(pos - i)) == load<u8>(target + <usize>(scan - i))) s++;
        if (s * 2 - i > bestB * 2 - lenB) {
          bestB = s;
          lenB = i;
        }
      }
    }
    if (lastScan + lenF > scan - lenB) {
      const overlap = lastScan + lenF - (scan - lenB);
      s = 0;
      let bestS = 0;
      let lenS = 0;
      for (let i = 0; i < overlap; i++) {
        if (load<u8>(target + <usize>(lastScan + lenF - overlap + i)) == load<u8>(base + <usize>(lastPos + lenF - overlap + i))) s++;
        if (load<u8>(target + <usize>(scan - lenB + i)) == load<u8>(base + <usize>(pos - lenB + i))) s--;
        if (s > bestS) {
          bestS = s;
          lenS = i + 1;
        }
      }
      lenF += lenS - overlap;
      lenB -= lenS;
    }

    for (let i = 0; i < lenF; i++) {
      store<u8>(diff + <usize>(diffLen++), load<u8>(target + <usize>(lastScan + i)) - load<u8>(base + <usize>(lastPos + i)));
    }
    const gap = scan - lenB - (lastScan + lenF);
    memory.copy(extra + <usize>extraLen, target + <usize>(lastScan + lenF), <usize>gap);
    extraLen += gap;
    pushStep(lenF, gap, pos - lenB - (lastPos + lenF));

    lastScan = scan - lenB;
    lastPos = pos - lenB;
    lastOffset = pos - scan;
  }
  diffLength = diffLen;
  extraLength = extraLen;
}
