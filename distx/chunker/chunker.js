/**
 * The streaming chunker: bytes in, cut points out. State carries across push() calls, so the
 * cut points are the same however a file is split into buffers, and memory is bounded by the
 * kernel's fixed input window whatever the file size.
 *
 * Modes:
 * - `fastcdc`: FastCDC v2020 (Xia et al., IEEE TPDS 2020) with normalized chunking; cut
 *   points and hash values equal the reference chunker's (fastcdc-rs `v2020`).
 * - `aligned`: cuts only at multiples of `align` from the file's start; rule in
 *   docs/aligned-chunking.md.
 * - `fixed`: a cut every `avg` bytes.
 * - `file`: the whole file is one chunk.
 * An empty file has no chunks.
 */
import { gearTable } from './gear.js';
import { instantiateKernel, KERNEL_MODE_ALIGNED, KERNEL_MODE_FASTCDC } from './kernel.js';
import { resolveChunkerParams } from './params.js';
/**
 * FastCDC's spread-out masks by number of effective bits (index = bits), from the authors'
 * C reference for 6..17 bits and a Go port above; 0..4 are unused.
 */
const FASTCDC_MASKS = [
    0n, 0n, 0n, 0n, 0n,
    0x0000000001804110n, 0x0000000001803110n, 0x0000000018035100n, 0x0000001800035300n,
    0x0000019000353000n, 0x0000590003530000n, 0x0000d90003530000n, 0x0000d90103530000n,
    0x0000d90303530000n, 0x0000d90313530000n, 0x0000d90f03530000n, 0x0000d90303537000n,
    0x0000d90703537000n, 0x0000d90707537000n, 0x0000d91707537000n, 0x0000d91747537000n,
    0x0000d91767537000n, 0x0000d93767537000n, 0x0000d93777537000n, 0x0000d93777577000n,
    0x0000db3777577000n,
];
/** fastcdc masks (before, after the average point) for avg and a normalization level. */
export function fastcdcMasks(avg, normalization) {
    const bits = Math.round(Math.log2(avg));
    return { maskS: FASTCDC_MASKS[bits + normalization], maskL: FASTCDC_MASKS[bits - normalization] };
}
/**
 * aligned thresholds: a candidate cuts when the top 32 bits of its window hash are below the
 * threshold. T = floor(2^32 * align / (avg - min + align)) makes the expected chunk length
 * min + align * (1/p - 1) = avg with no normalization; level L divides T by 2^L before avg
 * and multiplies it by 2^L from avg on (capped at 2^32: always cut).
 */
export function alignedThresholds(p) {
    const base = (1n << 32n) * BigInt(p.align) / BigInt(p.avg - p.min + p.align);
    const level = BigInt(p.normalization);
    const cap = 1n << 32n;
    const large = base << level;
    return { thresholdS: base >> level, thresholdL: large > cap ? cap : large };
}
/** Creates a chunker; options are validated (BadParameterError names the parameter). */
export function createChunker(options = {}) {
    const params = resolveChunkerParams(options);
    switch (params.mode) {
        case 'fastcdc':
            return new FastcdcChunker(params);
        case 'aligned':
            return new AlignedChunker(params);
        case 'fixed':
            return new FixedChunker(params, params.avg);
        case 'file':
            return new FixedChunker(params, Number.POSITIVE_INFINITY);
    }
}
/** Creates a kernel instance with the gear table for `params` written in. */
function kernelFor(params) {
    const k = instantiateKernel();
    new BigUint64Array(k.memory.buffer, k.gearPtr(), 256).set(gearTable(params.seed));
    return k;
}
/** fastcdc: every byte goes through the kernel, one window (up to 1 MiB) at a time. */
class FastcdcChunker {
    params;
    #kernel;
    #memory;
    #offsets;
    #hashes;
    #inputPtr;
    #capacity;
    #position = 0; // bytes of the file pushed so far
    #lastEnd = 0; // end of the last chunk returned
    get kernelMemoryBytes() {
        return this.#kernel.memory.buffer.byteLength;
    }
    constructor(params) {
        this.params = params;
        const k = kernelFor(params);
        this.#kernel = k;
        const buffer = k.memory.buffer;
        this.#memory = new Uint8Array(buffer);
        this.#offsets = new Int32Array(buffer, k.cutOffsetPtr(), k.maxCuts());
        this.#hashes = new BigUint64Array(buffer, k.cutHashPtr(), k.maxCuts());
        this.#inputPtr = k.inputPtr();
        this.#capacity = k.inputCapacity();
        const { maskS, maskL } = fastcdcMasks(params.avg, params.normalization);
        k.configure(KERNEL_MODE_FASTCDC, params.min, params.avg, params.max, 0, maskS, maskL, 0n, 0n);
    }
    push(data) {
        const cuts = [];
        for (let at = 0; at < data.length; at += this.#capacity) {
            const window = data.subarray(at, Math.min(data.length, at + this.#capacity));
            this.#memory.set(window, this.#inputPtr);
            const n = this.#kernel.scan(window.length);
            for (let k = 0; k < n; k++) {
                const end = this.#position + this.#offsets[k];
                cuts.push({ end, hash: this.#hashes[k] });
                this.#lastEnd = end;
            }
            this.#position += window.length;
        }
        return cuts;
    }
    finish() {
        const cuts = [];
        if (this.#position > this.#lastEnd) {
            cuts.push({ end: this.#position, hash: BigInt.asUintN(64, this.#kernel.finalHash()) });
        }
        this.reset();
        return cuts;
    }
    reset() {
        this.#kernel.reset();
        this.#position = 0;
        this.#lastEnd = 0;
    }
}
/** Bytes of the hash window before each aligned candidate (docs/aligned-chunking.md). */
const WINDOW = 64;
/**
 * aligned: only the 64 bytes before each aligned position matter, so only those are copied
 * into the kernel (as 16 int32 words when the source is 4-byte aligned, which it is for
 * buffers read from files): 1/64 of the bytes with the default align, so chunking costs a
 * fraction of hashing. A 64-byte tail of the stream covers windows that straddle two pushes.
 */
class AlignedChunker {
    params;
    #kernel;
    #memory;
    #memory32;
    #offsets;
    #inputPtr;
    #maxWindows;
    #position = 0;
    #lastEnd = 0;
    #tail = new Uint8Array(WINDOW); // the last WINDOW bytes before #position (right-aligned)
    constructor(params) {
        this.params = params;
        const k = kernelFor(params);
        this.#kernel = k;
        const buffer = k.memory.buffer;
        this.#memory = new Uint8Array(buffer);
        this.#memory32 = new Int32Array(buffer);
        this.#offsets = new Int32Array(buffer, k.cutOffsetPtr(), k.maxCuts());
        this.#inputPtr = k.inputPtr();
        this.#maxWindows = Math.min(k.inputCapacity() / WINDOW, k.maxCuts());
        const { thresholdS, thresholdL } = alignedThresholds(params);
        k.configure(KERNEL_MODE_ALIGNED, params.min, params.avg, params.max, params.align, 0n, 0n, thresholdS, thresholdL);
    }
    get kernelMemoryBytes() {
        return this.#kernel.memory.buffer.byteLength;
    }
    push(data) {
        const cuts = [];
        const align = this.params.align;
        const base = this.#position;
        const end = base + data.length;
        const words = (data.byteOffset - base) % 4 === 0 ? new Int32Array(data.buffer, 0, data.buffer.byteLength >> 2) : undefined;
        let first = (Math.floor(base / align) + 1) * align; // first aligned position after base
        while (first <= end) {
            const count = Math.min(this.#maxWindows, Math.floor((end - first) / align) + 1);
            for (let j = 0; j < count; j++) {
                const w = first + j * align - WINDOW - base; // window start, as an index into data
                const at = this.#inputPtr + j * WINDOW;
                if (w < 0) {
                    this.#memory.set(this.#tail.subarray(WINDOW + w), at);
                    this.#memory.set(data.subarray(0, WINDOW + w), at - w);
                }
                else if (words) {
                    const src = (data.byteOffset + w) >> 2;
                    const dst = at >> 2;
                    for (let k = 0; k < 16; k++)
                        this.#memory32[dst + k] = words[src + k];
                }
                else {
                    this.#memory.set(data.subarray(w, w + WINDOW), at);
                }
            }
            const n = this.#kernel.scanWindows(count);
            for (let k = 0; k < n; k++) {
                const cutEnd = first + this.#offsets[k] * align;
                cuts.push({ end: cutEnd, hash: 0n });
                this.#lastEnd = cutEnd;
            }
            first += count * align;
        }
        this.#updateTail(data);
        this.#position = end;
        return cuts;
    }
    #updateTail(data) {
        if (data.length >= WINDOW) {
            this.#tail.set(data.subarray(data.length - WINDOW));
        }
        else {
            this.#tail.copyWithin(0, data.length);
            this.#tail.set(data, WINDOW - data.length);
        }
    }
    finish() {
        const cuts = this.#position > this.#lastEnd ? [{ end: this.#position, hash: 0n }] : [];
        this.reset();
        return cuts;
    }
    reset() {
        this.#kernel.reset();
        this.#position = 0;
        this.#lastEnd = 0;
    }
}
/** fixed (size = avg) and file (size = infinity) modes: no per-byte work. */
class FixedChunker {
    params;
    kernelMemoryBytes = 0;
    #size;
    #position = 0;
    #lastEnd = 0;
    constructor(params, size) {
        this.params = params;
        this.#size = size;
    }
    push(data) {
        const cuts = [];
        this.#position += data.length;
        while (this.#position - this.#lastEnd >= this.#size) {
            this.#lastEnd += this.#size;
            cuts.push({ end: this.#lastEnd, hash: 0n });
        }
        return cuts;
    }
    finish() {
        const cuts = this.#position > this.#lastEnd ? [{ end: this.#position, hash: 0n }] : [];
        this.reset();
        return cuts;
    }
    reset() {
        this.#position = 0;
        this.#lastEnd = 0;
    }
}
/** Cuts a whole buffer at once (a convenience over createChunker). */
export function cutBuffer(data, options = {}) {
    const chunker = createChunker(options);
    return [...chunker.push(data), ...chunker.finish()];
}
//# sourceMappingURL=chunker.js.map