/**
 * A batch of stored records decompressed into one buffer, back to back: what a worker of the
 * decompression pool does with a job (decompress-worker.ts). Kept apart from the pool so that
 * the worker loads no pool code.
 */
import type { RecordDecompressor } from './compression.js';

/** Where one record's stored payload lies in a job's input, and what it becomes. */
export interface BatchRecord {
  /** Offset of the payload in the input. */
  at: number;
  /** Stored bytes. */
  stored: number;
  /** zstd, else raw (copied as it is). */
  zstd: boolean;
  /** Bytes once decompressed: its place in the output follows the previous record's. */
  length: number;
}

/** Fields per record in DecompressJob.records. */
const FIELDS = 4;

export interface DecompressJob {
  /** The payloads (transferred to the worker, handed back with the result). */
  input: Uint8Array;
  /**
   * The records, FIELDS numbers each (at, stored, zstd 0/1, length): a typed array crosses to
   * the worker as one copy, where an array of objects costs a structured clone per field.
   */
  records: Uint32Array;
}

export interface DecompressResult {
  /** The records' bytes, back to back over these buffers (see decompressBatch). */
  outputs: Uint8Array[];
  /** The job's input, handed back to be filled again. */
  input: Uint8Array;
}

export function encodeRecords(records: readonly BatchRecord[]): Uint32Array {
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
export function decompressBatch(decompressor: RecordDecompressor, job: DecompressJob): Uint8Array[] {
  const r = job.records;
  const outputs: Uint8Array[] = [];
  for (let first = 0; first < r.length;) {
    let end = first + FIELDS;
    let total = r[first + 3]!;
    while (end < r.length && total + r[end + 3]! <= OUTPUT_BYTES) {
      total += r[end + 3]!;
      end += FIELDS;
    }
    // Never from Buffer's shared pool: the output is transferred whole.
    const output = Buffer.allocUnsafeSlow(total);
    let to = 0;
    for (let i = first; i < end; i += FIELDS) {
      const at = r[i]!;
      const stored = r[i + 1]!;
      const length = r[i + 3]!;
      const payload = job.input.subarray(at, at + stored);
      const out = output.subarray(to, to + length);
      if (r[i + 2]) decompressor.decompressInto(out, payload);
      else if (stored !== length) throw new Error(`raw record of ${stored} bytes, expected ${length}`);
      else out.set(payload);
      to += length;
    }
    outputs.push(output);
    first = end;
  }
  return outputs;
}
