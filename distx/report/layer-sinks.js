/** Whole-layer figures of the measuring engine: the tar's size, hash, and gzip and zstd sizes. */
import { createHash } from 'node:crypto';
import { DIGEST_PREFIX } from '../digest.js';
import { GzipStreamSize } from './sizers.js';
/** Whole-layer figures, fed every byte of the tar in order. */
export class LayerSinks {
    #gzip;
    #zstd;
    #hash;
    #onBytes;
    #pool;
    tarBytes = 0;
    constructor(options, hash, pool) {
        this.#gzip = options.gzipLevel === null ? undefined : new GzipStreamSize(options.gzipLevel);
        this.#zstd = pool.stream(options.zstdLevel);
        this.#hash = hash ? createHash('sha256') : undefined;
        this.#onBytes = options.onBytes;
        this.#pool = pool;
    }
    async write(bytes) {
        await this.#pool.throttle();
        this.#hash?.update(bytes);
        this.#zstd.update(bytes);
        this.tarBytes += bytes.length;
        this.#onBytes?.(bytes.length);
        await this.#gzip?.write(bytes);
    }
    /** The figures; the zstd size comes later, from a worker. */
    async end() {
        const zstdBytes = this.#zstd.end();
        const gzipBytes = this.#gzip ? await this.#gzip.end() : null;
        return { gzipBytes, zstdBytes, diffId: this.#hash ? DIGEST_PREFIX + this.#hash.digest('hex') : undefined };
    }
    destroy() {
        this.#gzip?.destroy();
        this.#zstd.end().catch(() => undefined);
    }
}
//# sourceMappingURL=layer-sinks.js.map