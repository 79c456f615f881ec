/**
 * The x86 branch filter of chunk groups (codec 2, docs/store-format.md "x86 branch filter"):
 * the relative displacements of x86 call and jmp instructions (opcode E8, E9) made absolute,
 * so that the calls of one function repeat byte for byte and zstd finds them. xz and 7-Zip
 * filter executables the same way before compressing them (their BCJ filters); this rule is
 * cairn's own, specified so that it inverts exactly on any bytes, code or not. The pass runs
 * in WebAssembly (wasm/x86-filter.ts), 16 bytes at a time where no opcode byte is near.
 *
 * Each thread gets its own instance on first use; the bytes are copied in, filtered in place
 * there, and copied back (by x86EncodeIfCode only when the filter pays).
 */
import { X86_KERNEL_WASM_BASE64 } from './x86-kernel-binary.js';

interface X86Kernel {
  memory: WebAssembly.Memory;
  INPUT_PTR: WebAssembly.Global;
  reserve(length: number): number;
  encode(length: number): number;
  decode(length: number): void;
}

/**
 * A group's members are stored filtered when the filter converted at least this many
 * displacements per KiB of them: x86 code has several per KiB, other data (text, compressed
 * or random bytes) few, where conversions only move bytes and cost zstd its matches.
 */
export const X86_FILTER_MIN_PER_KIB = 3;

let kernel: X86Kernel | undefined;

function instance(): X86Kernel {
  if (!kernel) {
    const module = new WebAssembly.Module(Buffer.from(X86_KERNEL_WASM_BASE64, 'base64'));
    kernel = new WebAssembly.Instance(module, { env: { abort() { throw new Error('x86 filter kernel aborted'); } } }).exports as unknown as X86Kernel;
  }
  return kernel;
}

/** `bytes` copied into the kernel's memory: the view there. */
function copyIn(k: X86Kernel, bytes: Uint8Array): Uint8Array {
  if (!k.reserve(bytes.length)) throw new RangeError(`x86 filter: no memory for ${bytes.length} bytes`);
  const place = new Uint8Array(k.memory.buffer, k.INPUT_PTR.value as number, bytes.length);
  place.set(bytes);
  return place;
}

/** Filters `bytes` in place; returns how many displacements it converted. */
export function x86Encode(bytes: Uint8Array): number {
  if (bytes.length < 5) return 0;
  const k = instance();
  const place = copyIn(k, bytes);
  const converted = k.encode(bytes.length);
  bytes.set(place);
  return converted;
}

/** Restores bytes that x86Encode filtered, in place. */
export function x86Decode(bytes: Uint8Array): void {
  if (bytes.length < 5) return;
  const k = instance();
  const place = copyIn(k, bytes);
  k.decode(bytes.length);
  bytes.set(place);
}

/**
 * Filters `bytes` in place when that pays (X86_FILTER_MIN_PER_KIB); otherwise leaves them as
 * they were (the filtered copy stays in the kernel). Returns whether they are now filtered.
 */
export function x86EncodeIfCode(bytes: Uint8Array): boolean {
  if (bytes.length < 5) return false;
  const k = instance();
  const place = copyIn(k, bytes);
  const converted = k.encode(bytes.length);
  if (converted === 0 || converted * 1024 < X86_FILTER_MIN_PER_KIB * bytes.length) return false;
  bytes.set(place);
  return true;
}
