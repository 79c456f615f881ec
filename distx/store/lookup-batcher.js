export class LookupBatcher {
    #db;
    #waiting = [];
    #busy = false;
    constructor(db) {
        this.#db = db;
    }
    /** The values of `keys` (undefined where absent), in order. */
    getMany(keys) {
        return new Promise((resolve, reject) => {
            this.#waiting.push({ keys, resolve, reject });
            if (!this.#busy)
                void this.#run();
        });
    }
    async #run() {
        this.#busy = true;
        while (this.#waiting.length > 0) {
            const batch = this.#waiting;
            this.#waiting = [];
            try {
                const values = await this.#db.getMany(batch.flatMap((w) => w.keys));
                let at = 0;
                for (const w of batch) {
                    w.resolve(values.slice(at, at + w.keys.length));
                    at += w.keys.length;
                }
            }
            catch (error) {
                for (const w of batch)
                    w.reject(error);
            }
        }
        this.#busy = false;
    }
}
//# sourceMappingURL=lookup-batcher.js.map