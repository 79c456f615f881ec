export interface KernelExports {
    memory: WebAssembly.Memory;
    inputPtr(): number;
    inputCapacity(): number;
    gearPtr(): number;
    cutOffsetPtr(): number;
    cutHashPtr(): number;
    maxCuts(): number;
    configure(mode: number, min: number, avg: number, max: number, align: number, maskS: bigint, maskL: bigint, thresholdS: bigint, thresholdL: bigint): void;
    reset(): void;
    scan(length: number): number;
    scanWindows(count: number): number;
    finalHash(): bigint;
    pendingLength(): number;
}
export declare const KERNEL_MODE_FASTCDC = 1;
export declare const KERNEL_MODE_ALIGNED = 2;
export declare function instantiateKernel(): KernelExports;
