/**
 * A layer as it streams, without a store: framing bytes and regular files' payloads in tar
 * order (`LayerPart`), and the rule by which ingest turns them into the segments of a layer
 * recipe (`layerPieces`). Both ingest (which stores the pieces) and the reports (which only
 * measure them) use this one rule, so that what `analyze` counts is what `ingest` stores.
 *
 * Concatenating every part's bytes in order gives the layer's tar, whose sha256 is its DiffID.
 */
import { BadInputError } from '../errors.js';
import { splitTar } from '../tar/index.js';

/** One part of a layer: verbatim framing, or the data of one regular file. */
export type LayerPart =
  | { kind: 'framing'; bytes: Uint8Array }
  | {
      kind: 'payload';
      /** Exactly this many bytes come out of `data`. */
      length: number;
      /** Iterable once; drain it before asking for the next part. */
      data: AsyncIterable<Uint8Array>;
      /**
       * Called by a consumer that holds none of data's bytes any more (after storing them):
       * their buffer may then be filled with a later file's. Optional on both sides.
       */
      release?: () => void;
      /**
       * data's pieces are valid only until the next is asked for (a source that reads into one
       * reused buffer): the consumer copies what it keeps. Only sources asked for it give such
       * parts (LayerSource.parts' `transient`).
       */
      transient?: boolean;
    };

/**
 * What a layer recipe is made of: framing kept verbatim, and files stored through the chunker.
 * A file is either a regular file's payload or (`spilled`) a run of framing longer than
 * FRAMING_RUN_LIMIT, stored like a file so that no recipe holds an unbounded run inline.
 * Pieces partition the tar: their bytes, in order, are the layer's bytes.
 */
export type LayerPiece =
  | { kind: 'framing'; bytes: Buffer }
  | { kind: 'file'; data: AsyncIterable<Uint8Array>; length: number; spilled: boolean; release?: () => void; transient?: boolean };

/** A framing run longer than this (junk after the end of an archive, thousands of empty entries) is stored as a file. */
export const FRAMING_RUN_LIMIT = 1 << 20;

/**
 * The longest run of framing accepted from a tar with no file data between: far beyond any
 * real tar's headers (a quarter of a million empty entries), it stops decompression bombs and
 * endless junk after the end of an archive from being inflated and stored.
 */
export const MAX_FRAMING_RUN = 256 * 1024 * 1024;

/**
 * Cuts a layer's parts into recipe pieces. Framing is gathered into runs; a run ends at the
 * next file, or is spilled as a file as soon as it grows past FRAMING_RUN_LIMIT (so the split
 * depends on how the framing arrives: the same source gives the same pieces).
 */
export async function* layerPieces(parts: AsyncIterable<LayerPart>): AsyncGenerator<LayerPiece> {
  // The run is gathered in one reused buffer (a source may reuse a part's bytes once asked for
  // the next), and copied out once when it ends: a copy per framing part and another to join
  // them cost two small allocations per file of a tree.
  const run = new RunBuffer();
  for await (const part of parts) {
    if (part.kind === 'framing') {
      if (part.bytes.length === 0) continue;
      run.append(part.bytes);
      if (run.length > FRAMING_RUN_LIMIT) {
        const length = run.length;
        yield { kind: 'file', data: fromArray([run.take()]), length, spilled: true };
      }
    } else {
      if (run.length > 0) yield { kind: 'framing', bytes: run.take() };
      yield { kind: 'file', data: part.data, length: part.length, spilled: false, ...(part.release ? { release: part.release } : {}), ...(part.transient ? { transient: true } : {}) };
    }
  }
  if (run.length > 0) yield { kind: 'framing', bytes: run.take() };
}

/** Bytes appended into one growing buffer; take() copies them out and empties it. */
class RunBuffer {
  #bytes = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  append(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.#bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.#bytes.length, this.length + bytes.length));
      grown.set(this.#bytes.subarray(0, this.length));
      this.#bytes = grown;
    }
    this.#bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  take(): Buffer {
    const out = Buffer.from(this.#bytes.subarray(0, this.length));
    this.length = 0;
    return out;
  }
}

/** A layer tar's parts: split by tar/, with the framing-run bound applied. */
export async function* tarLayerParts(source: AsyncIterable<Uint8Array>, options: { signal?: AbortSignal; what?: string } = {}): AsyncGenerator<LayerPart> {
  let run = 0;
  for await (const part of splitTar(source, { signal: options.signal })) {
    if (part.kind === 'framing') {
      run += part.bytes.length;
      if (run > MAX_FRAMING_RUN) {
        throw new BadInputError(`${options.what ?? 'layer'}: more than ${MAX_FRAMING_RUN >> 20} MiB of tar framing with no file data (a decompression bomb, or junk after the end of the archive)`);
      }
      yield part;
    } else {
      run = 0;
      yield { kind: 'payload', length: part.length, data: part.data };
    }
  }
}

/** The tar bytes of a layer's parts, in order. */
export async function* layerBytes(parts: AsyncIterable<LayerPart>): AsyncGenerator<Uint8Array> {
  for await (const part of parts) {
    if (part.kind === 'framing') {
      if (part.bytes.length > 0) yield part.bytes;
    } else {
      for await (const piece of part.data) yield piece;
    }
  }
}

async function* fromArray(pieces: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield piece;
}
