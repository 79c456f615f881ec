// cairn's chunking kernel, in AssemblyScript, compiled to WebAssembly by scripts/build-wasm.mjs.
//
// The kernel owns only the cut decision. The host (src/chunker/kernel.ts) writes the gear
// table once, then feeds windows of input into a fixed input region and reads the cut
// offsets back from a reused output region. Memory never grows: it is sized at build time
// (--initialMemory = --maximumMemory) and nothing here allocates.
//
// Two content-defined modes live here (fixed-size and whole-file cuts need no per-byte work
// and stay in TypeScript):
//
// FASTCDC: FastCDC with normalized chunking, as in Xia et al., "The Design of Fast
//   Content-Defined Chunking for Data Deduplication Based Storage Systems" (IEEE TPDS 2020),
//   reproducing the cut points and hash values of the v2020 reference chunker. Per chunk,
//   counting positions r from the chunk start: the gear hash h = (h << 1) + GEAR[byte] starts
//   from 0 at r = min & ~1; a cut "at r" makes a chunk of length r (byte r starts the next
//   chunk) when h & mask == 0, where mask is maskS while (r & ~1) < (avg & ~1) and maskL after.
//   Positions are examined in pairs (r even, r + 1), as the v2020 chunker folds two bytes per
//   step, so only r < (max & ~1) are examined, an even r only once byte r + 1 is known to
//   exist, and the reported hash at an even r is h << 1 (the v2020 chunker keeps the
//   left-shifted form there). No match: a forced cut at max.
//
// ALIGNED: cairn's block-aligned rule, specified in docs/aligned-chunking.md. Candidates are
//   chunk lengths c that are multiples of `align` with min <= c <= max. The decision at c
//   hashes only the WINDOW bytes just before c (h starts from 0 at c - WINDOW) and cuts when
//   (h >>> 32) < threshold, thrS before avg and thrL from avg on; a forced cut at max. The
//   host feeds only those windows (scanWindows), so no other byte is ever copied in.

const WINDOW: u32 = 64;

// Memory map (bytes). The host reads these through the exported getters.
const GEAR_PTR: usize = 1024; // 256 × u64
const CUT_OFFSET_PTR: usize = 4096; // MAX_CUTS × i32: where the next chunk starts, as an offset in the window
const MAX_CUTS: u32 = 16400; // input capacity / minimum min (64) + slack
const CUT_HASH_PTR: usize = 131072; // MAX_CUTS × u64
const INPUT_PTR: usize = 262144;
const INPUT_CAPACITY: u32 = 1048576;

const MODE_FASTCDC: u32 = 1;
const MODE_ALIGNED: u32 = 2;

let mode: u32 = 0;
let minSize: u32 = 0;
let avgSize: u32 = 0;
let maxSize: u32 = 0;
let alignSize: u32 = 0;
let maskS: u64 = 0;
let maskL: u64 = 0;
let thresholdS: u64 = 0;
let thresholdL: u64 = 0;

// Per-chunk state, carried across scan() calls.
let pos: u32 = 0; // bytes of the current chunk consumed so far
let hash: u64 = 0;
let pending: bool = false; // FASTCDC: an even position matched; its cut waits for one more byte
let pendingHash: u64 = 0;
let lastPairHash: u64 = 0; // FASTCDC: h after the last complete pair (what v2020 reports at the end)
let cutCount: u32 = 0;

export function inputPtr(): usize {
  return INPUT_PTR;
}
export function inputCapacity(): u32 {
  return INPUT_CAPACITY;
}
export function gearPtr(): usize {
  return GEAR_PTR;
}
export function cutOffsetPtr(): usize {
  return CUT_OFFSET_PTR;
}
export function cutHashPtr(): usize {
  return CUT_HASH_PTR;
}
export function maxCuts(): u32 {
  return MAX_CUTS;
}

/** Sets the parameters (already validated by the host) and resets the per-chunk state. */
export function configure(
  newMode: u32,
  min: u32,
  avg: u32,
  max: u32,
  align: u32,
  newMaskS: u64,
  newMaskL: u64,
  newThresholdS: u64,
  newThresholdL: u64,
): void {
  mode = newMode;
  minSize = min;
  avgSize = avg;
  maxSize = max;
  alignSize = align;
  maskS = newMaskS;
  maskL = newMaskL;
  thresholdS = newThresholdS;
  thresholdL = newThresholdL;
  reset();
}

/** Starts a new file. */
export function reset(): void {
  pos = 0;
  hash = 0;
  pending = false;
  pendingHash = 0;
  lastPairHash = 0;
  cutCount = 0;
}

/** The hash the reference reports for the file's last chunk (a remainder, not a match). */
export function finalHash(): u64 {
  return mode == MODE_FASTCDC ? lastPairHash : 0;
}

/** Bytes consumed of the current (unfinished) chunk. */
export function pendingLength(): u32 {
  return pos;
}

@inline
function emit(offset: i32, h: u64): void {
  store<i32>(CUT_OFFSET_PTR + (<usize>cutCount << 2), offset);
  store<u64>(CUT_HASH_PTR + (<usize>cutCount << 3), h);
  cutCount++;
  pos = 0;
  hash = 0;
  lastPairHash = 0;
}

@inline
function gear(b: u32): u64 {
  return load<u64>(GEAR_PTR + (<usize>b << 3));
}

/**
 * Scans `len` bytes at inputPtr(). Returns the number of cuts found; after cut k the next chunk
 * starts at window offset load<i32>(cutOffsetPtr() + 4k), which is -1 when the cut falls on the
 * last byte of the previous window (a FASTCDC even-position match confirmed only now).
 */
export function scan(len: u32): u32 {
  cutCount = 0;
  if (mode == MODE_FASTCDC) scanFastcdc(len);
  return cutCount;
}

function scanFastcdc(len: u32): void {
  let i: u32 = 0;
  if (pending && len > 0) {
    // The even position that matched on the last byte of the previous window is now followed
    // by a byte, so the cut stands; that byte already belongs to the new chunk.
    emit(-1, pendingHash);
    pending = false;
    pos = 1;
  }
  const start: u32 = minSize & ~1;
  const centerEven: u32 = avgSize & ~1;
  const endEven: u32 = maxSize & ~1;
  while (i < len) {
    if (pos < start) {
      const skip = min(start - pos, len - i);
      pos += skip;
      i += skip;
      continue;
    }
    if (pos >= endEven) {
      // max is odd: the last byte of a max-size chunk is never examined.
      const skip = min(maxSize - pos, len - i);
      pos += skip;
      i += skip;
      if (pos == maxSize) emit(<i32>i, lastPairHash);
      continue;
    }
    let h = hash;
    if ((pos & 1) != 0) {
      // Finish a pair split by the previous window: the odd position.
      h = (h << 1) + gear(load<u8>(INPUT_PTR + i));
      const mask = (pos & ~1) < centerEven ? maskS : maskL;
      if ((h & mask) == 0) {
        emit(<i32>i, h); // byte i starts the next chunk
        continue;
      }
      i++;
      pos++;
      hash = h;
      lastPairHash = h;
      continue;
    }
    // Whole pairs: r = pos (even) and pos + 1.
    const phaseEnd: u32 = pos < centerEven ? centerEven : endEven;
    const mask: u64 = pos < centerEven ? maskS : maskL;
    const pairsAvailable: u32 = (len - i) >> 1;
    const pairsInPhase: u32 = (phaseEnd - pos) >> 1;
    const pairs: u32 = min(pairsAvailable, pairsInPhase);
    let p: usize = INPUT_PTR + i;
    const pEnd: usize = p + (<usize>pairs << 1);
    let cut: i32 = 0; // 0 none, 1 at even, 2 at odd
    while (p < pEnd) {
      h = (h << 1) + gear(load<u8>(p));
      if ((h & mask) == 0) {
        cut = 1;
        break;
      }
      h = (h << 1) + gear(load<u8>(p + 1));
      if ((h & mask) == 0) {
        cut = 2;
        break;
      }
      p += 2;
    }
    const consumed = <u32>(p - (INPUT_PTR + i));
    i += consumed;
    pos += consumed;
    if (cut == 1) {
      // Even position matched; the pair's second byte exists (pairs are whole), so cut here:
      // byte i starts the next chunk.
      emit(<i32>i, h << 1);
      continue;
    }
    if (cut == 2) {
      i++;
      emit(<i32>i, h);
      continue;
    }
    hash = h;
    lastPairHash = h;
    // The pass stopped at a phase end (the next pass switches masks or reaches max), or the
    // window has at most one byte left: the even half of a pair, examined now if present.
    if (i == len - 1 && pos < endEven) {
      // One byte left in this window: the even half of a pair.
      h = (h << 1) + gear(load<u8>(INPUT_PTR + i));
      i++;
      pos++;
      hash = h;
      const evenMask = pos - 1 < centerEven ? maskS : maskL;
      if ((h & evenMask) == 0) {
        // Valid only if byte pos exists (a later window); the host drops it at end of file.
        pending = true;
        pendingHash = h << 1;
      }
    }
  }
}

/**
 * ALIGNED, fed windows instead of bytes: the host copies the WINDOW bytes before each aligned
 * file position P (in order, at inputPtr() + WINDOW * j) and nothing else, since the rule reads
 * no other byte. Because every chunk starts on an aligned position, the candidates of a chunk
 * are exactly the aligned positions after its start, so window j is candidate c = pos + align.
 * Returns the number of cuts; cut k is at window index load<i32>(cutOffsetPtr() + 4k).
 */
export function scanWindows(count: u32): u32 {
  cutCount = 0;
  for (let j: u32 = 0; j < count; j++) {
    const c = pos + alignSize;
    if (c < minSize) {
      pos = c;
      continue;
    }
    if (c >= maxSize) {
      emit(<i32>j, 0);
      continue;
    }
    let h: u64 = 0;
    let p: usize = INPUT_PTR + (<usize>j << 6);
    const pEnd = p + WINDOW;
    while (p < pEnd) {
      h = (h << 1) + gear(load<u8>(p));
      p++;
    }
    const threshold = c < avgSize ? thresholdS : thresholdL;
    if ((h >>> 32) < threshold) emit(<i32>j, h);
    else pos = c;
  }
  return cutCount;
}
