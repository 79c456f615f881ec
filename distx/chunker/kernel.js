/**
 * Loads the WebAssembly chunking kernel (built from wasm/chunker.ts and embedded at build
 * time) and gives each chunker its own instance: all kernel state lives in the instance, so
 * chunkers with different parameters never share tables. The compiled module is shared.
 */
import { KERNEL_WASM_BASE64 } from './kernel-binary.js';
export const KERNEL_MODE_FASTCDC = 1;
export const KERNEL_MODE_ALIGNED = 2;
let compiled;
export function instantiateKernel() {
    compiled ??= new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
    const instance = new WebAssembly.Instance(compiled, {
        env: {
            abort() {
                throw new Error('chunking kernel aborted');
            },
        },
    });
    return instance.exports;
}
//# sourceMappingURL=kernel.js.map