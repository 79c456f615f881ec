/**
 * A layer recipe: a tar stream as framing bytes kept verbatim, with each regular file's payload
 * replaced by a reference to a file recipe. Identity: the layer's DiffID (sha256 of the tar).
 * Rebuilding concatenates the segments in order.
 *
 * Encoding (version 1): "CLR1" | varint tarLength | varint count | count × segment, where a
 * segment is 0x01 varint length, bytes (framing) or 0x02 32-byte file digest, varint length
 * (payload). The store zstd-compresses the encoded recipe as a whole (tar headers compress
 * about tenfold).
 */
import { CorruptDataError } from '../errors.js';
import { ByteReader, ByteWriter } from './varint.js';

const MAGIC = Buffer.from('CLR1', 'latin1');
const SEGMENT_FRAMING = 1;
const SEGMENT_FILE = 2;

export type LayerSegment =
  | { kind: 'framing'; bytes: Uint8Array }
  | { kind: 'file'; digest: string; length: number };

export interface LayerRecipe {
  tarLength: number;
  segments: LayerSegment[];
}

export function encodeLayerRecipe(recipe: LayerRecipe): Buffer {
  const w = new ByteWriter();
  w.bytes(MAGIC);
  w.varint(recipe.tarLength);
  w.varint(recipe.segments.length);
  for (const s of recipe.segments) {
    if (s.kind === 'framing') {
      w.varint(SEGMENT_FRAMING);
      w.varint(s.bytes.length);
      w.bytes(s.bytes);
    } else {
      w.varint(SEGMENT_FILE);
      w.bytes(Buffer.from(s.digest, 'hex'));
      w.varint(s.length);
    }
  }
  return w.finish();
}

export function decodeLayerRecipe(bytes: Uint8Array): LayerRecipe {
  const r = new ByteReader(bytes, 'layer recipe');
  r.expectMagic(MAGIC);
  const tarLength = r.varint();
  const count = r.varint();
  if (count > bytes.length) throw new CorruptDataError('layer recipe: segment count exceeds its length');
  const segments: LayerSegment[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const kind = r.varint();
    if (kind === SEGMENT_FRAMING) {
      const length = r.varint();
      segments.push({ kind: 'framing', bytes: r.bytes(length) });
      total += length;
    } else if (kind === SEGMENT_FILE) {
      const digest = Buffer.from(r.bytes(32)).toString('hex');
      const length = r.varint();
      segments.push({ kind: 'file', digest, length });
      total += length;
    } else {
      throw new CorruptDataError(`layer recipe: unknown segment kind ${kind}`);
    }
  }
  if (total !== tarLength || !r.done) throw new CorruptDataError('layer recipe: segments do not add up to the tar length');
  return { tarLength, segments };
}

/** Appends framing bytes to a recipe under construction, merging with a framing segment before. */
export function appendFraming(segments: LayerSegment[], bytes: Uint8Array): void {
  if (bytes.length === 0) return;
  const last = segments[segments.length - 1];
  if (last && last.kind === 'framing') last.bytes = Buffer.concat([last.bytes, bytes]);
  else segments.push({ kind: 'framing', bytes: Buffer.from(bytes) });
}
