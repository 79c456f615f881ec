/**
 * Loads the WebAssembly chunking kernel (built from wasm/chunker.ts and embedded at build
 * time) and gives each chunker its own instance: all kernel state lives in the instance, so
 * chunkers with different parameters never share tables. The compiled module is shared.
 */
import { KERNEL_WASM_BASE64 } from './kernel-binary.js';

export interface KernelExports {
  memory: WebAssembly.Memory;
  inputPtr(): number;
  inputCapacity(): number;
  gearPtr(): number;
  cutOffsetPtr(): number;
  cutHashPtr(): number;
  maxCuts(): number;
  configure(mode: number, min: number, avg: number, max: number, align: number,
    maskS: bigint, maskL: bigint, thresholdS: bigint, thresholdL: bigint): void;
  reset(): void;
  scan(length: number): number;
  scanWindows(count: number): number;
  finalHash(): bigint;
  pendingLength(): number;
}

export const KERNEL_MODE_FASTCDC = 1;
export const KERNEL_MODE_ALIGNED = 2;

let compiled: WebAssembly.Module | undefined;

export function instantiateKernel(): KernelExports {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
  const instance = new WebAssembly.Instance(compiled, {
    env: {
      abort() {
        throw new Error('chunking kernel aborted');
      },
    },
  });
  return instance.exports as unknown as KernelExports;
}
