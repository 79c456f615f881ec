export class ReadCoalescer {
    #read;
    #minBytes;
    #waiting = [];
    #bytes = 0;
    #scheduled = false;
    /** `read` reads and decodes a batch; calls of `minBytes` (decoded) or more go out alone. */
    constructor(read, minBytes) {
        this.#read = read;
        this.#minBytes = minBytes;
    }
    read(wanted) {
        let bytes = 0;
        for (const { location } of wanted)
            bytes += location.uncompressedLength;
        if (bytes >= this.#minBytes)
            return this.#read(wanted);
        return new Promise((resolve, reject) => {
            this.#waiting.push({ wanted, resolve, reject });
            this.#bytes += bytes;
            if (this.#bytes >= this.#minBytes)
                this.#flush();
            else if (!this.#scheduled) {
                this.#scheduled = true;
                setImmediate(() => {
                    this.#scheduled = false;
                    this.#flush();
                });
            }
        });
    }
    #flush() {
        const batch = this.#waiting;
        if (batch.length === 0)
            return;
        this.#waiting = [];
        this.#bytes = 0;
        this.#read(batch.flatMap((w) => w.wanted)).then((records) => {
            let at = 0;
            for (const w of batch) {
                w.resolve(records.slice(at, at + w.wanted.length));
                at += w.wanted.length;
            }
        }, (error) => {
            for (const w of batch)
                w.reject(error);
        });
    }
}
//# sourceMappingURL=read-coalescer.js.map