/**
 * A quick answer to "is this file surely a plain layer tar?", before the full detection of
 * oci/archive.ts (detectArchiveKind), which parses every entry to look for the members
 * `oci-layout` and `manifest.json` (docker save writes manifest.json last, so the whole tar
 * is read either way). This scan reads headers only, skipping file data by count, as
 * `tar -tf` does, and answers true only when no header block and no extension data
 * (PAX records, GNU long names) holds either name anywhere in its bytes: then no member can be
 * named so, and the full detection would say 'layer-tar' too. Anything it does not follow
 * plainly (a bad checksum, base-256 sizes, global PAX headers, PAX size or sparse records,
 * old GNU sparse entries, a truncated stream, huge extension data) answers false, and the
 * full detection decides (and reports what is wrong). So a true answer is never one the full
 * detection would contradict; a header field the full parser refuses (this scan reads only
 * the checksum, type and size) is then reported by the ingest's own parse of the tar.
 */
import { checksumMatches } from '../tar/header-fields.js';
import { BLOCK_SIZE, SIZE_FIELD, TYPEFLAG_OFFSET } from '../tar/header-layout.js';
const NAMES = [Buffer.from('manifest.json'), Buffer.from('oci-layout')];
/** Red flags in PAX records: the data length or layout would differ from the header's size. */
const PAX_FLAGS = [Buffer.from('size='), Buffer.from('GNU.sparse')];
/** Extension data longer than this is left to the full detection. */
const MAX_EXTENSION = 1 << 20;
const ch = (c) => c.charCodeAt(0);
const EXTENSIONS = new Set([ch('x'), ch('L'), ch('K')]);
const REFUSED = new Set([ch('g'), ch('S')]);
/** The header's size field as plain octal, or undefined (base-256 or malformed: left to the full parser). */
function octalSize(block) {
    let value = 0;
    let digits = 0;
    const end = SIZE_FIELD.offset + SIZE_FIELD.length;
    let i = SIZE_FIELD.offset;
    while (i < end && block[i] === 0x20)
        i++;
    for (; i < end; i++) {
        const c = block[i];
        if (c === 0 || c === 0x20)
            break;
        if (c < 0x30 || c > 0x37)
            return undefined;
        value = value * 8 + (c - 0x30);
        digits++;
    }
    return digits > 0 || block[SIZE_FIELD.offset] === 0 ? value : undefined;
}
const holdsAny = (bytes, needles) => needles.some((n) => bytes.includes(n));
/** True when `tar` (an uncompressed tar stream) surely holds no member named oci-layout or manifest.json; false when unsure. */
export async function surelyLayerTar(tar) {
    let held = Buffer.alloc(0);
    /** Bytes of file data (and padding) still to skip before the next header. */
    let skip = 0;
    /** Extension data being gathered, and how much of it (with padding) is left to read. */
    let extension;
    let extensionLeft = 0;
    let extensionLength = 0;
    let headers = 0;
    for await (const piece of tar) {
        let at = 0;
        let bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        if (held.length > 0) {
            bytes = Buffer.concat([held, bytes]);
            held = Buffer.alloc(0);
        }
        while (at < bytes.length) {
            if (skip > 0) {
                const n = Math.min(skip, bytes.length - at);
                skip -= n;
                at += n;
                continue;
            }
            if (extension) {
                const n = Math.min(extensionLeft, bytes.length - at);
                extension.push(bytes.subarray(at, at + n));
                extensionLeft -= n;
                at += n;
                if (extensionLeft > 0)
                    continue;
                const data = Buffer.concat(extension).subarray(0, extensionLength);
                extension = undefined;
                if (holdsAny(data, NAMES) || holdsAny(data, PAX_FLAGS))
                    return false;
                continue;
            }
            if (bytes.length - at < BLOCK_SIZE) {
                held = Buffer.from(bytes.subarray(at));
                break;
            }
            const block = bytes.subarray(at, at + BLOCK_SIZE);
            at += BLOCK_SIZE;
            // The end-of-archive block: what follows is not read by the full detection either.
            if (block.every((b) => b === 0))
                return headers > 0;
            if (!checksumMatches(block))
                return false;
            headers++;
            const type = block[TYPEFLAG_OFFSET];
            const size = octalSize(block);
            if (size === undefined || REFUSED.has(type) || holdsAny(block, NAMES))
                return false;
            const padded = Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
            if (EXTENSIONS.has(type)) {
                if (size > MAX_EXTENSION)
                    return false;
                extension = [];
                extensionLeft = padded;
                extensionLength = size;
            }
            else {
                skip = padded;
            }
        }
    }
    // The stream ended: cleanly only at a header boundary with nothing pending (no end-of-archive blocks).
    return headers > 0 && held.length === 0 && skip === 0 && extension === undefined;
}
//# sourceMappingURL=layer-tar-check.js.map