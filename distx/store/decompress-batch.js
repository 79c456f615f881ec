/** Fields per record in DecompressJob.records. */
const FIELDS = 4;
export function encodeRecords(records) {
    const out = new Uint32Array(records.length * FIELDS);
    records.forEach(({ at, stored, zstd, length }, i) => out.set([at, stored, zstd ? 1 : 0, length], i * FIELDS));
    return out;
}
/**
 * Output buffers hold records back to back up to this many bytes (a larger record has one of
 * its own): buffers this small come from the allocator's free lists, where larger ones are
 * mapped fresh and let go whole, and fresh memory costs a page fault per 4 KiB.
 */
export const OUTPUT_BYTES = 64 * 1024;
/**
 * The job's records decompressed into new buffers (records back to back, a new buffer where
 * the next record would pass OUTPUT_BYTES); throws when a payload does not decompress to its
 * length.
 */
export function decompressBatch(decompressor, job) {
    const r = job.records;
    const outputs = [];
    for (let first = 0; first < r.length;) {
        let end = first + FIELDS;
        let total = r[first + 3];
        while (end < r.length && total + r[end + 3] <= OUTPUT_BYTES) {
            total += r[end + 3];
            end += FIELDS;
        }
        // Never from Buffer's shared pool: the output is transferred whole.
        const output = Buffer.allocUnsafeSlow(total);
        let to = 0;
        for (let i = first; i < end; i += FIELDS) {
            const at = r[i];
            const stored = r[i + 1];
            const length = r[i + 3];
            const payload = job.input.subarray(at, at + stored);
            const out = output.subarray(to, to + length);
            if (r[i + 2])
                decompressor.decompressInto(out, payload);
            else if (stored !== length)
                throw new Error(`raw record of ${stored} bytes, expected ${length}`);
            else
                out.set(payload);
            to += length;
        }
        outputs.push(output);
        first = end;
    }
    return outputs;
}
//# sourceMappingURL=decompress-batch.js.map