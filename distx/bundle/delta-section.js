/**
 * The delta section of a format 4 bundle (docs/bundle.md "The delta section") as the writer
 * builds it: deltas appended to a file, and the price of a candidate delta there, its marginal
 * cost: its size compressed with the end of the section so far as zstd prefix (what it adds to
 * the section's frame, about), so that an sa delta repeating an edit already in the section is
 * priced at what it really adds.
 */
import { open } from 'node:fs/promises';
import { windowLogFor, zstdCompress } from '../delta/zstd.js';
/** The end of the section used as prefix when pricing a candidate. */
const TAIL_BYTES = 1 << 20;
export class DeltaSection {
    path;
    file;
    bytes = 0;
    #tail = Buffer.alloc(0);
    constructor(path, file) {
        this.path = path;
        this.file = file;
    }
    static async create(path) {
        return new DeltaSection(path, await open(path, 'w'));
    }
    /** What `delta` would add to the section's frame at `level`, about. */
    marginal(delta, level) {
        if (this.#tail.length === 0)
            return zstdCompress(delta, { level, windowLog: windowLogFor(delta.length) }).length;
        return zstdCompress(delta, { level, dictionary: this.#tail, windowLog: windowLogFor(this.#tail.length + delta.length) }).length;
    }
    async append(delta) {
        await this.file.write(delta);
        this.bytes += delta.length;
        const joined = Buffer.concat([this.#tail, delta]);
        this.#tail = joined.length > TAIL_BYTES ? Buffer.from(joined.subarray(joined.length - TAIL_BYTES)) : joined;
    }
    async close() {
        await this.file.close();
    }
}
//# sourceMappingURL=delta-section.js.map