/**
 * The WebAssembly delta kernel (built from wasm/delta.ts and embedded at build time): the
 * suffix array of a base and bsdiff's match search over it, the same results as
 * suffix-array.ts and matcher.ts (which stay as the reference and the fallback), and the
 * rebuild of an sa target (method-sa.ts's decodeSaReference is the reference: its checks, its
 * diff stream, split or modelled as diff-model.ts's DiffModelDecoder decodes it, and its loop).
 * Each match gets its own instance, whose memory grows with the input and is dropped with it;
 * decodes reuse one (see kernelRebuildSa), into which a caller can write a decode's base
 * directly (placeSaBase); the compiled module is shared.
 *
 * Memory of one match: base and target copied in, 4 bytes per base byte (suffix array) plus
 * SA-IS's scratch (about 1.5 bytes per base byte), 2 bytes per target byte (diff and extra)
 * and 12 bytes per step. A kernel that cannot get that memory (wasm32 stops at 4 GiB) throws
 * KernelMemoryError, and the caller falls back to TypeScript.
 */
import { DELTA_KERNEL_WASM_BASE64 } from './kernel-binary.js';
import { matchBsdiff, SuffixSearch, type MatchResult } from './matcher.js';

/** bsdiff's match gain (matcher.ts). */
const DEFAULT_GAIN = 8;

interface DeltaKernel {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  suffixArray(text: number, n: number, sa: number): void;
  match(base: number, n: number, sa: number, target: number, m: number, diff: number, extra: number, minGain: number): void;
  resultSteps(): number;
  resultStepCount(): number;
  resultDiffLength(): number;
  resultExtraLength(): number;
  freeAll(): void;
  diffModelTableBytes(): number;
  decodeDiffModel(input: number, inputLength: number, base: number, steps: number, stepCount: number, diff: number, probs: number): number;
  parseSteps(control: number, controlLength: number, baseLength: number, targetLength: number, diffLength: number, extraLength: number, steps: number): number;
  applySteps(base: number, steps: number, stepCount: number, diff: number, extra: number, out: number): void;
  applySplit(base: number, steps: number, stepCount: number, gaps: number, gapsLength: number, nonzero: number, nonzeroLength: number, extra: number, out: number): number;
}

/** The kernel ran out of memory (or could not start): use the TypeScript code instead. */
export class KernelMemoryError extends Error {}

let compiled: WebAssembly.Module | undefined;

function instantiate(): DeltaKernel {
  compiled ??= new WebAssembly.Module(Buffer.from(DELTA_KERNEL_WASM_BASE64, 'base64'));
  const instance = new WebAssembly.Instance(compiled, {
    env: {
      abort() {
        throw new Error('delta kernel aborted');
      },
    },
  });
  return instance.exports as unknown as DeltaKernel;
}

/** Runs `work` on `kernel` (default a fresh one); a trap (memory exhausted) becomes KernelMemoryError. */
function withKernel<T>(work: (k: DeltaKernel) => T, kernel?: DeltaKernel): T {
  try {
    return work(kernel ?? instantiate());
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError) {
      throw new KernelMemoryError(`delta kernel: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function copyIn(k: DeltaKernel, data: Uint8Array): number {
  const ptr = k.alloc(data.length);
  new Uint8Array(k.memory.buffer, ptr, data.length).set(data);
  return ptr;
}

/** The suffix array of `text`, computed by the kernel (suffix-array.ts computes the same). */
export function kernelSuffixArray(text: Uint8Array): Int32Array {
  if (text.length > 0x7fffffff) throw new RangeError('suffix array input too large');
  return withKernel((k) => {
    const t = copyIn(k, text);
    const sa = k.alloc(4 * text.length);
    k.suffixArray(t, text.length, sa);
    return new Int32Array(k.memory.buffer, sa, text.length).slice();
  });
}

/**
 * bsdiff's matching of `target` against `base` (matcher.ts's matchBsdiff, same results), once
 * per match gain in `gains`, over one suffix array.
 */
export function kernelMatch(base: Uint8Array, target: Uint8Array, gains: readonly number[] = [DEFAULT_GAIN]): MatchResult[] {
  if (base.length > 0x7fffffff || target.length > 0x7fffffff) throw new KernelMemoryError('delta kernel: input too large');
  return withKernel((k) => {
    const b = copyIn(k, base);
    const t = copyIn(k, target);
    const sa = k.alloc(4 * base.length);
    k.suffixArray(b, base.length, sa);
    const diff = k.alloc(target.length);
    const extra = k.alloc(target.length);
    return gains.map((gain) => {
      k.match(b, base.length, sa, t, target.length, diff, extra, gain);
      const buffer = k.memory.buffer;
      return {
        steps: new Int32Array(buffer, k.resultSteps(), 3 * k.resultStepCount()).slice(),
        diff: new Uint8Array(buffer, diff, k.resultDiffLength()).slice(),
        extra: new Uint8Array(buffer, extra, k.resultExtraLength()).slice(),
      };
    });
  });
}

/**
 * Matches `target` against `base` once per gain: in the kernel, or, when it cannot get the
 * memory, with the TypeScript search (matcher.ts). Both give the same results.
 */
export function matchFiles(base: Uint8Array, target: Uint8Array, gains: readonly number[] = [DEFAULT_GAIN]): MatchResult[] {
  try {
    return kernelMatch(base, target, gains);
  } catch (error) {
    if (!(error instanceof KernelMemoryError)) throw error;
    const search = new SuffixSearch(base);
    return gains.map((gain) => matchBsdiff(search, target, gain));
  }
}

/**
 * The instance decodes run on, kept (with its grown memory) while that stays within KEEP_BYTES:
 * fresh memory costs a page fault per 4 KiB.
 */
let decoder: DeltaKernel | undefined;
const KEEP_BYTES = 256 * 1024 * 1024;

/**
 * A base written straight into the decode instance's memory (placeSaBase) for the next sa
 * decode: the view handed out, and where it lies. Cleared when anything may overwrite it.
 */
let placed: { kernel: DeltaKernel; view: Uint8Array; at: number; length: number } | undefined;

/**
 * `length` bytes of the decode instance's memory, for the caller to write the base of its next
 * sa decode into (a base read from the store's chunks is decompressed straight there). That
 * saves the base a buffer of its own and its copy into the kernel: fresh memory costs a page
 * fault per 4 KiB. The view must go to one decodeSa (not windowed: its windows decode one by
 * one) before any other decode; growing the memory during that decode detaches it, and
 * placedBase then gives it again. Undefined when the kernel cannot get the memory.
 */
export function placeSaBase(length: number): Uint8Array | undefined {
  if (length > 0x7fffffff) return undefined;
  const kept = decoder;
  decoder = undefined;
  placed = undefined;
  try {
    const k = kept ?? instantiate();
    k.freeAll();
    const at = k.alloc(length);
    const view = new Uint8Array(k.memory.buffer, at, length);
    decoder = k;
    placed = { kernel: k, view, at, length };
    return view;
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** `base` again, as a live view when it is the placed base (a decode that grew the memory detached the first). */
export function placedBase(base: Uint8Array): Uint8Array {
  return placed !== undefined && base === placed.view ? new Uint8Array(placed.kernel.memory.buffer, placed.at, placed.length) : base;
}

/** An sa diff stream as the payload holds it, decompressed: split (gaps and non-zero bytes) or modelled (range-coded). */
export type SaDiffStream = { gaps: Uint8Array; nonzero: Uint8Array } | { modelled: Uint8Array };

/**
 * The sa method's target rebuilt by the kernel from its decompressed streams (method-sa.ts's
 * decodeSa after the streams are read: the steps checked, the diff stream joined or decoded,
 * base runs plus diff, then extra runs). Returns `targetLength` bytes, a view of the kernel's
 * memory valid until the next decode, or undefined when the kernel refuses the streams (they
 * are damaged, or hold a number past 31 bits): the TypeScript reference then says what is
 * wrong, or rebuilds what is merely large. KernelMemoryError when the kernel cannot get the memory.
 */
export function kernelRebuildSa(
  base: Uint8Array, control: Uint8Array, diff: SaDiffStream, diffLength: number, extra: Uint8Array, targetLength: number,
): Uint8Array | undefined {
  if (base.length > 0x7fffffff || targetLength > 0x7fffffff || diffLength > targetLength || control.length > 0x3fffffff) return undefined;
  const kept = decoder;
  decoder = undefined;
  const inPlace = placed !== undefined && placed.kernel === kept && base === placed.view;
  const baseLength = base.length; // a placed base's view is detached when the memory grows below
  return withKernel((k) => {
    let baseAt: number;
    if (inPlace) baseAt = placed!.at; // written there by the caller; what follows is allocated after it
    else {
      placed = undefined;
      k.freeAll();
      baseAt = copyIn(k, base);
    }
    const controlAt = copyIn(k, control);
    // A step takes at least three bytes of the control stream, and twelve of memory.
    const stepsAt = k.alloc(4 * control.length + 12);
    const count = k.parseSteps(controlAt, control.length, baseLength, targetLength, diffLength, extra.length, stepsAt);
    let rebuilt: Uint8Array | undefined;
    if (count >= 0) {
      let outAt: number | undefined;
      if ('modelled' in diff) {
        // The modelled diff is decoded whole (its contexts look back into it), then added.
        const diffAt = k.alloc(diffLength);
        const probs = k.alloc(k.diffModelTableBytes());
        const inputAt = copyIn(k, diff.modelled);
        if (k.decodeDiffModel(inputAt, diff.modelled.length, baseAt, stepsAt, count, diffAt, probs) >>> 0 <= diff.modelled.length + 4) {
          const extraAt = copyIn(k, extra);
          outAt = k.alloc(targetLength);
          k.applySteps(baseAt, stepsAt, count, diffAt, extraAt, outAt);
        }
      } else {
        // The split diff is added byte by byte where its gaps place it, never laid out whole.
        const gapsAt = copyIn(k, diff.gaps);
        const nonzeroAt = copyIn(k, diff.nonzero);
        const extraAt = copyIn(k, extra);
        outAt = k.alloc(targetLength);
        if (k.applySplit(baseAt, stepsAt, count, gapsAt, diff.gaps.length, nonzeroAt, diff.nonzero.length, extraAt, outAt) !== 0) outAt = undefined;
      }
      if (outAt !== undefined) rebuilt = new Uint8Array(k.memory.buffer, outAt, targetLength);
    }
    // An instance grown past KEEP_BYTES is not reused; a placed base in it stays reachable
    // (placedBase: a caller checking it after the decode) until the next placement or decode.
    if (k.memory.buffer.byteLength <= KEEP_BYTES) decoder = k;
    return rebuilt;
  }, kept);
}
