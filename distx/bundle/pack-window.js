import { CorruptDataError } from '../errors.js';
/** Bytes read at once. */
const WINDOW = 4 << 20;
export class PackWindow {
    #file;
    /** The bytes last read: [start, end) asked for, what the read gave once it is done. */
    #window;
    constructor(file) {
        this.#file = file;
    }
    /** Bytes [start, end) of the file (a view: copy what is kept); CorruptDataError when the file ends before `end`. */
    async span(start, end) {
        let w = this.#window;
        if (!w || start < w.start || end > w.end) {
            const bytes = Buffer.allocUnsafeSlow(Math.max(end - start, WINDOW));
            w = { start, end: start + bytes.length, bytes: this.#file.read(bytes, 0, bytes.length, start).then(({ bytesRead }) => bytes.subarray(0, bytesRead)) };
            this.#window = w;
        }
        const bytes = await w.bytes;
        if (end - w.start > bytes.length)
            throw new CorruptDataError('bundle: chunk pack is cut short');
        return bytes.subarray(start - w.start, end - w.start);
    }
}
//# sourceMappingURL=pack-window.js.map