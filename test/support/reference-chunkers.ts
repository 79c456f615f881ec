/**
 * Plain, slow, whole-buffer renderings of the two content-defined rules, written from their
 * descriptions (docs/aligned-chunking.md; the v2020 facts in the FastCDC vectors' README), not
 * from the kernel. The tests check the streaming wasm kernel against them.
 */
import { gearTable } from 'cairn';

const M64 = (1n << 64n) - 1n;

export interface RefCut {
  end: number;
  hash: bigint;
}

/** cairn-aligned v1, exactly as docs/aligned-chunking.md states it. */
export function referenceAligned(data: Uint8Array, p: { min: number; avg: number; max: number; align: number; normalization: number; seed?: bigint }): number[] {
  const G = gearTable(p.seed ?? 0n);
  const T = ((1n << 32n) * BigInt(p.align)) / BigInt(p.avg - p.min + p.align);
  const TS = T >> BigInt(p.normalization);
  const TLraw = T << BigInt(p.normalization);
  const TL = TLraw > 1n << 32n ? 1n << 32n : TLraw;
  const ends: number[] = [];
  let s = 0;
  while (s < data.length) {
    let cutAt = -1;
    for (let c = p.min; c <= p.max; c += p.align) {
      if (s + c > data.length) break;
      if (c === p.max) {
        cutAt = c;
        break;
      }
      let h = 0n;
      for (let k = s + c - 64; k < s + c; k++) h = ((h << 1n) + G[data[k]!]!) & M64;
      if (h >> 32n < (c < p.avg ? TS : TL)) {
        cutAt = c;
        break;
      }
    }
    const end = cutAt < 0 ? data.length : s + cutAt;
    ends.push(end);
    s = end;
  }
  return ends;
}

const MASKS: Record<number, bigint> = {
  5: 0x0000000001804110n, 6: 0x0000000001803110n, 7: 0x0000000018035100n, 8: 0x0000001800035300n,
  9: 0x0000019000353000n, 10: 0x0000590003530000n, 11: 0x0000d90003530000n, 12: 0x0000d90103530000n,
  13: 0x0000d90303530000n, 14: 0x0000d90313530000n, 15: 0x0000d90f03530000n, 16: 0x0000d90303537000n,
  17: 0x0000d90703537000n, 18: 0x0000d90707537000n, 19: 0x0000d91707537000n, 20: 0x0000d91747537000n,
  21: 0x0000d91767537000n, 22: 0x0000d93767537000n, 23: 0x0000d93777537000n, 24: 0x0000d93777577000n,
  25: 0x0000db3777577000n,
};

/** FastCDC v2020 cut points and hashes, two bytes per step with the left-shifted table. */
export function referenceFastcdc(data: Uint8Array, p: { min: number; avg: number; max: number; normalization: number; seed?: bigint }): RefCut[] {
  const seed = p.seed ?? 0n;
  const G = gearTable(seed);
  const GLS = G.map((g) => (g << 1n) & M64);
  const bits = Math.round(Math.log2(p.avg));
  const maskS = MASKS[bits + p.normalization]!;
  const maskL = MASKS[bits - p.normalization]!;
  const cuts: RefCut[] = [];
  let offset = 0;
  while (offset < data.length) {
    const src = data.subarray(offset);
    let remaining = src.length;
    let result: RefCut;
    if (remaining <= p.min) {
      result = { end: remaining, hash: 0n };
    } else {
      let center = p.avg;
      if (remaining > p.max) remaining = p.max;
      else if (remaining < center) center = remaining;
      let index = Math.floor(p.min / 2);
      let hash = 0n;
      let found: RefCut | undefined;
      const half = (limit: number, mS: bigint) => {
        const mLS = (mS << 1n) & M64;
        while (index < Math.floor(limit / 2)) {
          const a = index * 2;
          hash = ((hash << 2n) + GLS[src[a]!]!) & M64;
          if ((hash & mLS) === 0n) return { end: a, hash };
          hash = (hash + G[src[a + 1]!]!) & M64;
          if ((hash & mS) === 0n) return { end: a + 1, hash };
          index++;
        }
        return undefined;
      };
      found = half(center, maskS) ?? half(remaining, maskL);
      result = found ?? { end: remaining, hash };
    }
    cuts.push({ end: offset + result.end, hash: result.hash });
    offset += result.end;
  }
  return cuts;
}
