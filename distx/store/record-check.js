/**
 * Whether one record's payload is what its header says: it decompresses to its length and
 * matches its digest (keyed records, whose digest is their identity and not the hash of their
 * bytes, match their trailing sha256 instead; see WriteSession.putKeyed). verify --deep and
 * repair's salvage use it.
 */
import { sha256Raw } from '../digest.js';
// The container reader alone (CRC-32, header): the codec would load zstd, which verify does not need for this.
import { readDelta } from '../delta/format.js';
import { Codec, RecordKind } from '../pack/index.js';
import { safeDecompress } from './pack-files.js';
/** Kinds whose digest is not the sha256 of their bytes: they end with a sha256 of the rest. */
export function isKeyedKind(kind) {
    return kind === RecordKind.FileRecipe || kind === RecordKind.LayerRecipe || kind === RecordKind.Image || kind === RecordKind.BlobDescription;
}
/** The record's bytes, decompressed, or undefined when they do not decompress to their length. */
export function recordBytes(decompressor, r) {
    const bytes = r.codec === Codec.Raw ? Buffer.from(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength) : safeDecompress(decompressor, r.payload, r.uncompressedLength);
    return bytes !== undefined && bytes.length === r.uncompressedLength ? bytes : undefined;
}
/** Whether a record decompresses to its length and matches its digest (keyed records: their checksum). */
export function recordIntact(decompressor, r) {
    const bytes = recordBytes(decompressor, r);
    if (bytes === undefined)
        return false;
    if (isKeyedKind(r.kind)) {
        return bytes.length >= 32 && sha256Raw(bytes.subarray(0, bytes.length - 32)).equals(bytes.subarray(bytes.length - 32));
    }
    // A file delta is named by the file it rebuilds: its container's CRC-32 and target digest are
    // checked here; rebuilding it (verify's walk) checks the file's sha256 too.
    if (r.kind === RecordKind.FileDelta)
        return deltaIntact(bytes, r.digest);
    return sha256Raw(bytes).toString('hex') === r.digest;
}
function deltaIntact(bytes, hex) {
    try {
        const target = readDelta(bytes).header.targetSha256;
        return target !== undefined && Buffer.from(target).toString('hex') === hex;
    }
    catch {
        return false;
    }
}
//# sourceMappingURL=record-check.js.map