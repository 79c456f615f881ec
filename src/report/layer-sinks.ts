/** Whole-layer figures of the measuring engine: the tar's size, hash, and gzip and zstd sizes. */
import { createHash, type Hash } from 'node:crypto';
import { DIGEST_PREFIX } from '../digest.js';
import type { MeasureOptions } from './measure-types.js';
import { GzipStreamSize } from './sizers.js';
import type { SizePool, SizeStream } from './size-pool.js';

/** Whole-layer figures, fed every byte of the tar in order. */
export class LayerSinks {
  readonly #gzip: GzipStreamSize | undefined;
  readonly #zstd: SizeStream;
  readonly #hash: Hash | undefined;
  readonly #onBytes: ((bytes: number) => void) | undefined;
  readonly #pool: SizePool;
  tarBytes = 0;

  constructor(options: MeasureOptions, hash: boolean, pool: SizePool) {
    this.#gzip = options.gzipLevel === null ? undefined : new GzipStreamSize(options.gzipLevel);
    this.#zstd = pool.stream(options.zstdLevel);
    this.#hash = hash ? createHash('sha256') : undefined;
    this.#onBytes = options.onBytes;
    this.#pool = pool;
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.#pool.throttle();
    this.#hash?.update(bytes);
    this.#zstd.update(bytes);
    this.tarBytes += bytes.length;
    this.#onBytes?.(bytes.length);
    await this.#gzip?.write(bytes);
  }

  /** The figures; the zstd size comes later, from a worker. */
  async end(): Promise<{ gzipBytes: number | null; zstdBytes: Promise<number>; diffId: string | undefined }> {
    const zstdBytes = this.#zstd.end();
    const gzipBytes = this.#gzip ? await this.#gzip.end() : null;
    return { gzipBytes, zstdBytes, diffId: this.#hash ? DIGEST_PREFIX + this.#hash.digest('hex') : undefined };
  }

  destroy(): void {
    this.#gzip?.destroy();
    this.#zstd.end().catch(() => undefined);
  }
}
