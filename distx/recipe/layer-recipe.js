/**
 * A layer recipe: a tar stream as framing bytes kept verbatim, with each regular file's payload
 * replaced by a reference to a file recipe. Identity: the layer's DiffID (sha256 of the tar).
 * Rebuilding concatenates the segments in order.
 *
 * A layer's segments are stored in parts, so that no record grows with the layer's file count
 * and a layer streams in and out in bounded memory:
 *
 * - a part (record kind "layer recipe part", content-addressed: named by the sha256 of its
 *   encoding) holds a run of consecutive segments, about LAYER_PART_BYTES of encoding each;
 * - the root (record kind "layer recipe", named by the DiffID) lists the parts in order.
 *
 * Encodings (varints are unsigned LEB128, see varint.ts; digests are 32 raw bytes):
 *
 *   segment    0x01 | varint length | length bytes                 framing, verbatim
 *            | 0x02 | file digest | varint length                  a file's payload
 *   part       "CLP1" | varint tarLength | varint count | count × segment
 *   root       "CLR2" | varint tarLength | varint count | count × (part digest | varint tarLength)
 *   legacy     "CLR1" | varint tarLength | varint count | count × segment     (read, not written)
 *
 * A part's segment lengths add up to its tarLength; the root's part lengths add up to the
 * layer's. The store keeps the root sealed (its own sha256 appended, see sealed.ts) and
 * zstd-compresses both (tar headers compress about tenfold). A legacy root holds every
 * segment inline, as the first cairn wrote layers; it reads as a root with inline segments
 * and no parts.
 */
import { CorruptDataError } from '../errors.js';
import { sha256Digest, DIGEST_PREFIX } from '../digest.js';
import { VarintReader, VarintWriter } from './varint.js';
const ROOT_MAGIC = Buffer.from('CLR2', 'latin1');
const PART_MAGIC = Buffer.from('CLP1', 'latin1');
const LEGACY_MAGIC = Buffer.from('CLR1', 'latin1');
const SEGMENT_FRAMING = 1;
const SEGMENT_FILE = 2;
/** A part is closed once its encoding reaches this many bytes (framing runs are at most about 1 MiB more). */
export const LAYER_PART_BYTES = 1 << 20;
/** The encoded size of a segment (what LAYER_PART_BYTES counts). */
export function segmentEncodedLength(segment) {
    return segment.kind === 'framing'
        ? 1 + varintLength(segment.bytes.length) + segment.bytes.length
        : 1 + 32 + varintLength(segment.length);
}
function varintLength(value) {
    let n = 1;
    for (let v = value; v >= 0x80; v = Math.floor(v / 0x80))
        n++;
    return n;
}
export function encodeLayerPart(segments) {
    let tarLength = 0;
    for (const s of segments)
        tarLength += s.kind === 'framing' ? s.bytes.length : s.length;
    const w = new VarintWriter();
    w.bytes(PART_MAGIC);
    w.varint(tarLength);
    w.varint(segments.length);
    for (const s of segments)
        writeSegment(w, s);
    const bytes = w.finish();
    return { bytes, digest: sha256Digest(bytes).slice(DIGEST_PREFIX.length), tarLength };
}
/**
 * Decodes a part. Given the reference the root holds, it also checks the part's sha256 and
 * tar length against it, so that any damage is a CorruptDataError.
 */
export function decodeLayerPart(bytes, expected) {
    if (expected && sha256Digest(bytes) !== DIGEST_PREFIX + expected.digest) {
        throw new CorruptDataError(`layer recipe part sha256:${expected.digest} does not match its digest`, { digest: DIGEST_PREFIX + expected.digest });
    }
    const r = new VarintReader(bytes, 'layer recipe part');
    r.expectMagic(PART_MAGIC);
    const part = readSegments(r, bytes.length, 'layer recipe part');
    if (expected && part.tarLength !== expected.tarLength) {
        throw new CorruptDataError(`layer recipe part sha256:${expected.digest} holds ${part.tarLength} tar bytes where its root says ${expected.tarLength}`);
    }
    return part;
}
export function encodeLayerRoot(root) {
    const w = new VarintWriter();
    w.bytes(ROOT_MAGIC);
    w.varint(root.parts.reduce((sum, p) => sum + p.tarLength, 0));
    w.varint(root.parts.length);
    for (const p of root.parts) {
        w.bytes(Buffer.from(p.digest, 'hex'));
        w.varint(p.tarLength);
    }
    return w.finish();
}
/** Decodes a root, or a legacy single-record recipe (as a root with inline segments). */
export function decodeLayerRoot(bytes) {
    const r = new VarintReader(bytes, 'layer recipe');
    const magic = Buffer.from(r.bytes(4));
    if (magic.equals(LEGACY_MAGIC)) {
        const { tarLength, segments } = readSegments(r, bytes.length, 'layer recipe');
        return { tarLength, parts: [], inline: segments };
    }
    if (!magic.equals(ROOT_MAGIC))
        throw new CorruptDataError('layer recipe: bad magic');
    const tarLength = r.varint();
    const count = r.varint();
    if (count > bytes.length)
        throw new CorruptDataError('layer recipe: part count exceeds its length');
    const parts = [];
    let total = 0;
    for (let i = 0; i < count; i++) {
        const digest = Buffer.from(r.bytes(32)).toString('hex');
        const length = r.varint();
        total += length;
        parts.push({ digest, tarLength: length });
    }
    if (total !== tarLength || !r.done)
        throw new CorruptDataError('layer recipe: parts do not add up to the tar length');
    return { tarLength, parts };
}
function writeSegment(w, s) {
    if (s.kind === 'framing') {
        w.varint(SEGMENT_FRAMING);
        w.varint(s.bytes.length);
        w.bytes(s.bytes);
    }
    else {
        w.varint(SEGMENT_FILE);
        w.bytes(Buffer.from(s.digest, 'hex'));
        w.varint(s.length);
    }
}
/** tarLength, count and the segments, to the end of the record. */
function readSegments(r, size, what) {
    const tarLength = r.varint();
    const count = r.varint();
    if (count > size)
        throw new CorruptDataError(`${what}: segment count exceeds its length`);
    const segments = [];
    let total = 0;
    for (let i = 0; i < count; i++) {
        const kind = r.varint();
        if (kind === SEGMENT_FRAMING) {
            const length = r.varint();
            segments.push({ kind: 'framing', bytes: r.bytes(length) });
            total += length;
        }
        else if (kind === SEGMENT_FILE) {
            const digest = Buffer.from(r.bytes(32)).toString('hex');
            const length = r.varint();
            segments.push({ kind: 'file', digest, length });
            total += length;
        }
        else {
            throw new CorruptDataError(`${what}: unknown segment kind ${kind}`);
        }
    }
    if (total !== tarLength || !r.done)
        throw new CorruptDataError(`${what}: segments do not add up to its tar length`);
    return { tarLength, segments };
}
//# sourceMappingURL=layer-recipe.js.map