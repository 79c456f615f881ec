// cairn's x86 branch filter, in AssemblyScript, compiled to WebAssembly by
// scripts/build-wasm.mjs. The host (src/pack/x86-filter.ts) copies a chunk group's member
// bytes to INPUT_PTR (growing memory first) and calls encode or decode on them in place.
//
// The filter (docs/store-format.md, "x86 branch filter"): x86 code calls and jumps with an
// opcode byte E8 (call) or E9 (jmp) and a 32-bit little-endian displacement relative to the
// next instruction. The same function called from many places has as many different
// displacements; made absolute (displacement + position) they repeat, and zstd finds the
// repeats. The rule, at each position p of the region (from 0), scanning forward:
//
//   p is converted when byte p is E8 or E9, p + 4 < length, byte p + 4 is 00 or FF (a
//   displacement within +-16 MiB), and no byte among p - 3 .. p - 1 (of the original bytes, in
//   the region) is E8 or E9. The displacement d (bytes p+1 .. p+4, a signed 32-bit integer in
//   [-2^24, 2^24)) becomes a = (d + p + 5) mod 2^25, written as its low 24 bits in bytes
//   p+1 .. p+3 and, in byte p + 4, FF when bit 24 of a is set, else 00. The scan then goes on
//   at p + 5; otherwise at p + 1.
//
// Decoding applies the same rule to the filtered bytes, left to right, restoring each
// converted displacement before going on: the opcode bytes are never changed, a converted
// byte p + 4 is still 00 or FF, the bytes before p are original again by then, and a position
// whose byte p + 4 could be changed by a later conversion (at p + 1 .. p + 3) is never
// converted, because that later position then has an E8 or E9 among its three bytes before it
// (p itself) and is not converted either. So decode(encode(x)) = x for every input.
//
// Memory grows with the input (memory.grow); nothing else is allocated.

export const INPUT_PTR: usize = 64;

/** Grows memory so that `length` bytes fit at INPUT_PTR; false when it cannot. */
export function reserve(length: usize): bool {
  const need = INPUT_PTR + length + 16;
  const have = (<usize>memory.size()) << 16;
  if (need <= have) return true;
  const pages = <i32>((need - have + 0xffff) >> 16);
  return memory.grow(pages) >= 0;
}

/** Where the next E8 or E9 byte is at or after `i`, looking 16 bytes at a time up to `simdEnd`. */
// @ts-ignore: decorator
@inline
function nextCandidate(i: usize, simdEnd: usize, last: usize): usize {
  while (i < simdEnd) {
    const v = v128.and(v128.load(i), i8x16.splat(<i8>0xfe));
    const mask = i8x16.bitmask(i8x16.eq(v, i8x16.splat(<i8>0xe8)));
    if (mask != 0) return i + <usize>ctz(mask);
    i += 16;
  }
  while (i < last && (load<u8>(i) & 0xfe) != 0xe8) i++;
  return i;
}

/** The last position among p + 1 .. p + 3 whose byte (in `w`'s low three bytes) is E8 or E9, else p. */
// @ts-ignore: decorator
@inline
function lastOpcodeIn(p: usize, w: u32): usize {
  let at = p;
  if ((w & 0xfe) == 0xe8) at = p + 1;
  if (((w >> 8) & 0xfe) == 0xe8) at = p + 2;
  if (((w >> 16) & 0xfe) == 0xe8) at = p + 3;
  return at;
}

/**
 * One pass over `length` bytes at INPUT_PTR, in place: filtering (`decoding` false) or
 * restoring. The same positions are converted either way (see the top of this file); returns
 * how many.
 */
// @ts-ignore: decorator
@inline
function pass(length: usize, decoding: bool): u32 {
  if (length < 5) return 0;
  const start = INPUT_PTR;
  const last = start + length - 4; // positions p < last have p + 4 in the region
  const simdEnd = start + length >= 16 ? start + length - 16 : start;
  let prev: usize = 0; // position + 1 of the last E8/E9 byte of the original bytes (0: none yet)
  let n: u32 = 0;
  let i = start;
  for (;;) {
    i = nextCandidate(i, simdEnd < last ? simdEnd : last, last);
    if (i >= last) break;
    const t = load<u8>(i + 4);
    if ((t == 0 || t == 0xff) && (prev == 0 || i + 1 - prev > 3)) {
      const w = load<u32>(i + 1);
      const p = <u32>(i - start + 5);
      let original: u32;
      if (decoding) {
        // a = the low 24 bits and bit 24 from byte p + 4; d = a - p - 5, a signed 25-bit number.
        original = <u32>((<i32>(((w & 0xffffff) | (<u32>(t & 1) << 24)) - p) << 7) >> 7);
        store<u32>(i + 1, original);
      } else {
        original = w;
        const a = (w + p) & 0x1ffffff;
        store<u32>(i + 1, (a & 0xffffff) | ((a >> 24) != 0 ? <u32>0xff000000 : <u32>0));
      }
      prev = lastOpcodeIn(i, original) + 1;
      n++;
      i += 5;
    } else {
      prev = i + 1;
      i++;
    }
  }
  return n;
}

/** Filters `length` bytes at INPUT_PTR in place; returns how many displacements it converted. */
export function encode(length: usize): u32 {
  return pass(length, false);
}

/** Restores `length` filtered bytes at INPUT_PTR in place. */
export function decode(length: usize): void {
  pass(length, true);
}
