/**
 * Context-modelled coding of the sa method's diff stream (coding 1 of the diff stream, see
 * docs/delta.md): each diff byte is coded with an adaptive binary range coder (LZMA's: 11-bit
 * probabilities, shift 5, 32-bit range) under contexts the decoder also knows: the base bytes
 * the diff byte is added to and before it, how many zero diff bytes precede it, and whether
 * the diff bytes 4 and 8 back were non-zero (relocated pointers come in strides). A flag says
 * whether the byte is non-zero; a non-zero byte follows as an 8-bit binary tree whose context
 * is the previous diff byte when that was non-zero, else the diff byte 8 back. On executables
 * this beats both zstd and bzip2 on the same stream.
 */
const PROB_INIT = 1024;
const MOVE = 5;
const TOP = 1 << 24;
/** Computes the contexts; the encoder and the decoder drive it identically. */
class DiffModel {
    flags = new Uint16Array(8192).fill(PROB_INIT);
    values = new Uint16Array(512 * 256).fill(PROB_INIT);
    run = 0;
    prev = 0;
    flagContext(diff, i, base, basePos) {
        const before = basePos > 0 ? base[basePos - 1] : 0;
        const run = this.run < 3 ? this.run : 3;
        const back8 = i >= 8 && diff[i - 8] !== 0 ? 1 : 0;
        const back4 = i >= 4 && diff[i - 4] !== 0 ? 1 : 0;
        return ((((before * 4 + run) * 2 + back8) * 2 + back4) * 2) + (base[basePos] === 0 ? 1 : 0);
    }
    valueContext(diff, i) {
        return (this.run === 0 ? this.prev : 256 + (i >= 8 ? diff[i - 8] : 0)) * 256;
    }
    update(value) {
        if (value === 0)
            this.run++;
        else {
            this.run = 0;
            this.prev = value;
        }
    }
}
class RangeEncoder {
    #low = 0;
    #range = 0xffffffff;
    #cache = 0;
    #cacheSize = 1;
    #out = [];
    bit(probs, i, bit) {
        const p = probs[i];
        const bound = (this.#range >>> 11) * p;
        if (bit === 0) {
            this.#range = bound;
            probs[i] = p + ((2048 - p) >> MOVE);
        }
        else {
            this.#low += bound;
            this.#range -= bound;
            probs[i] = p - (p >> MOVE);
        }
        while (this.#range < TOP) {
            this.#range = (this.#range * 256) >>> 0;
            this.#shiftLow();
        }
    }
    #shiftLow() {
        if (this.#low < 0xff000000 || this.#low >= 0x100000000) {
            const carry = this.#low >= 0x100000000 ? 1 : 0;
            let byte = this.#cache;
            do {
                this.#out.push((byte + carry) & 0xff);
                byte = 0xff;
            } while (--this.#cacheSize !== 0);
            this.#cache = Math.floor(this.#low / TOP) & 0xff;
        }
        this.#cacheSize++;
        this.#low = (this.#low % TOP) * 256;
    }
    finish() {
        for (let i = 0; i < 5; i++)
            this.#shiftLow();
        return Uint8Array.from(this.#out);
    }
}
/** Codes the diff stream; `steps` are the sa method's (diffRun, extraRun, seek) triples. */
export function encodeDiffModel(diff, base, steps) {
    const model = new DiffModel();
    const enc = new RangeEncoder();
    let i = 0;
    let basePos = 0;
    for (let s = 0; s < steps.length; s += 3) {
        const run = steps[s];
        for (let b = basePos; b < basePos + run; b++, i++) {
            const v = diff[i];
            enc.bit(model.flags, model.flagContext(diff, i, base, b), v === 0 ? 0 : 1);
            if (v !== 0) {
                const ctx = model.valueContext(diff, i);
                for (let k = 7, node = 1; k >= 0; k--) {
                    const bit = (v >> k) & 1;
                    enc.bit(model.values, ctx + node, bit);
                    node = node * 2 + bit;
                }
            }
            model.update(v);
        }
        basePos += run + steps[s + 2];
    }
    return enc.finish();
}
/**
 * Decodes the next diff bytes one run at a time: `fill(diff, from, count, base, basePos)`
 * decodes diff[from, from + count), added to base[basePos, basePos + count). The same model
 * and range decoder as the encoder's, written out flat with the coder's state in locals (the
 * decoder runs once per diff byte, and this loop is most of an apply's delta decoding).
 * Bytes read past the end of the input are zero; the result is checked by digest.
 */
export class DiffModelDecoder {
    #input;
    #flags = new Uint16Array(8192).fill(PROB_INIT);
    #values = new Uint16Array(512 * 256).fill(PROB_INIT);
    #run = 0;
    #prev = 0;
    #code = 0;
    #range = 0xffffffff;
    #at = 0;
    constructor(input) {
        this.#input = input;
        for (let i = 0; i < 5; i++)
            this.#code = (this.#code * 256 + (i < input.length ? input[i] : 0)) % 0x100000000;
        this.#at = 5;
    }
    /** True when the decoder read more than its input (a sign of damage). */
    get overrun() {
        return this.#at > this.#input.length + 4;
    }
    fill(diff, from, count, base, basePos) {
        const input = this.#input;
        const inputLength = input.length;
        const flags = this.#flags;
        const values = this.#values;
        let run = this.#run;
        let prev = this.#prev;
        let code = this.#code;
        let range = this.#range;
        let at = this.#at;
        const end = from + count;
        for (let i = from, b = basePos; i < end; i++, b++) {
            const before = b > 0 ? base[b - 1] : 0;
            const r = run < 3 ? run : 3;
            const back8 = i >= 8 && diff[i - 8] !== 0 ? 1 : 0;
            const back4 = i >= 4 && diff[i - 4] !== 0 ? 1 : 0;
            const ctx = ((((before * 4 + r) * 2 + back8) * 2 + back4) * 2) + (base[b] === 0 ? 1 : 0);
            let p = flags[ctx];
            let bound = (range >>> 11) * p;
            let v = 0;
            if (code < bound) {
                range = bound;
                flags[ctx] = p + ((2048 - p) >> MOVE);
            }
            else {
                code -= bound;
                range -= bound;
                flags[ctx] = p - (p >> MOVE);
                v = 1;
            }
            while (range < TOP) {
                range = (range * 256) >>> 0;
                code = (code * 256 + (at < inputLength ? input[at] : 0)) >>> 0;
                at++;
            }
            if (v === 1) {
                const vctx = (run === 0 ? prev : 256 + (i >= 8 ? diff[i - 8] : 0)) * 256;
                let node = 1;
                for (let k = 0; k < 8; k++) {
                    const j = vctx + node;
                    p = values[j];
                    bound = (range >>> 11) * p;
                    if (code < bound) {
                        range = bound;
                        values[j] = p + ((2048 - p) >> MOVE);
                        node = node * 2;
                    }
                    else {
                        code -= bound;
                        range -= bound;
                        values[j] = p - (p >> MOVE);
                        node = node * 2 + 1;
                    }
                    while (range < TOP) {
                        range = (range * 256) >>> 0;
                        code = (code * 256 + (at < inputLength ? input[at] : 0)) >>> 0;
                        at++;
                    }
                }
                v = node & 0xff;
            }
            diff[i] = v;
            if (v === 0)
                run++;
            else {
                run = 0;
                prev = v;
            }
        }
        this.#run = run;
        this.#prev = prev;
        this.#code = code;
        this.#range = range;
        this.#at = at;
    }
}
/**
 * The diff stream for the sa method's `steps` (diff run, extra run, seek: three numbers each,
 * checked by the caller) decoded into `diff`, and whether the decoder read past its input.
 */
export function decodeDiffSteps(input, base, steps, diff) {
    const model = new DiffModelDecoder(input);
    for (let s = 0, diffAt = 0, basePos = 0; s < steps.length; s += 3) {
        model.fill(diff, diffAt, steps[s], base, basePos);
        diffAt += steps[s];
        basePos += steps[s] + steps[s + 2];
    }
    return { diff, overrun: model.overrun };
}
//# sourceMappingURL=diff-model.js.map