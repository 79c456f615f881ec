/**
 * Builds one layer recipe while its tar bytes go by: framing bytes are kept verbatim (runs
 * longer than FRAMING_RUN_LIMIT, such as junk after the end of an archive, are stored as a
 * chunked blob instead, so that memory stays bounded), file payloads are stored as files, and
 * the DiffID (sha256 of the whole tar) is computed on the way.
 */
import { createHash } from 'node:crypto';
import { DIGEST_PREFIX } from '../digest.js';
import type { Store, PutFileResult } from '../store/index.js';
import type { LayerRecipe, LayerSegment } from '../recipe/index.js';

const FRAMING_RUN_LIMIT = 1 << 20;

export interface LayerStats {
  diffId: string;
  tarBytes: number;
  files: number;
  chunks: number;
  newChunks: number;
  storedBytes: number;
}

export class LayerBuilder {
  readonly #store: Store;
  readonly #hash = createHash('sha256');
  readonly #segments: LayerSegment[] = [];
  #framing: Buffer[] = [];
  #framingLength = 0;
  #tarBytes = 0;
  #files = 0;
  #chunks = 0;
  #newChunks = 0;
  #storedBytes = 0;
  readonly #signal: AbortSignal | undefined;

  constructor(store: Store, signal?: AbortSignal) {
    this.#store = store;
    this.#signal = signal;
  }

  /** Framing bytes (headers, padding, end-of-archive, anything after), kept verbatim. */
  async addFraming(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    this.#hash.update(bytes);
    this.#tarBytes += bytes.length;
    this.#framing.push(Buffer.from(bytes));
    this.#framingLength += bytes.length;
    if (this.#framingLength > FRAMING_RUN_LIMIT) await this.#spillFraming();
  }

  async #spillFraming(): Promise<void> {
    const parts = this.#framing;
    this.#framing = [];
    this.#framingLength = 0;
    const result = await this.#store.putFileUncommitted(arrayStream(parts), { signal: this.#signal });
    this.#count(result, false);
    this.#segments.push({ kind: 'file', digest: result.digest.slice(DIGEST_PREFIX.length), length: result.size });
  }

  #flushFraming(): void {
    if (this.#framingLength === 0) return;
    this.#segments.push({ kind: 'framing', bytes: Buffer.concat(this.#framing) });
    this.#framing = [];
    this.#framingLength = 0;
  }

  #results: PutFileResult[] = [];

  #count(result: PutFileResult, isFile: boolean): void {
    if (isFile) this.#files++;
    this.#chunks += result.chunks;
    this.#newChunks += result.newChunks;
    this.#results.push(result); // storedBytes settles once the store has drained
  }

  /**
   * A regular file's payload: stored (chunked, deduplicated) as a file. `expectedLength`, when
   * given, must be met exactly (a file that changed while being read fails here).
   */
  async addFile(source: AsyncIterable<Uint8Array>, expectedLength?: number): Promise<PutFileResult> {
    this.#flushFraming();
    const hash = this.#hash;
    let seen = 0;
    async function* tap(): AsyncGenerator<Uint8Array> {
      for await (const piece of source) {
        hash.update(piece);
        seen += piece.length;
        yield piece;
      }
    }
    const result = await this.#store.putFileUncommitted(tap(), { signal: this.#signal });
    if (expectedLength !== undefined && seen !== expectedLength) {
      throw new LengthMismatch(seen, expectedLength);
    }
    this.#tarBytes += result.size;
    this.#count(result, true);
    this.#segments.push({ kind: 'file', digest: result.digest.slice(DIGEST_PREFIX.length), length: result.size });
    return result;
  }

  /** Ends the layer: the recipe and its figures (after every new chunk is in a pack). */
  async finish(): Promise<{ recipe: LayerRecipe; stats: LayerStats }> {
    this.#flushFraming();
    await this.#store.drain();
    this.#storedBytes = this.#results.reduce((sum, r) => sum + r.storedBytes, 0);
    this.#results = [];
    const diffId = DIGEST_PREFIX + this.#hash.digest('hex');
    return {
      recipe: { tarLength: this.#tarBytes, segments: this.#segments },
      stats: { diffId, tarBytes: this.#tarBytes, files: this.#files, chunks: this.#chunks, newChunks: this.#newChunks, storedBytes: this.#storedBytes },
    };
  }
}

/** Thrown by addFile when a payload is shorter or longer than announced. */
export class LengthMismatch extends Error {
  constructor(readonly actual: number, readonly expected: number) {
    super(`read ${actual} bytes, expected ${expected}`);
  }
}

async function* arrayStream(parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield p;
}
