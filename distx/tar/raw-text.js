/**
 * Turning the raw bytes of tar names (paths, link targets, user and group names, PAX keys
 * and values) into strings. Tar stores bytes, not characters: modern writers use UTF-8,
 * old ones whatever the locale was (gnu-not-utf8.tar, ISO-8859 names). cairn decodes UTF-8
 * when the bytes are valid UTF-8 and ISO-8859-1 otherwise, so every byte sequence gives a
 * string and nothing is replaced by U+FFFD; callers who need the exact bytes keep them
 * (`TarHeader.nameBytes`).
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8_ENCODER = new TextEncoder();
/** UTF-8 when valid, else ISO-8859-1 (one character per byte). */
export function decodeRawText(bytes) {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii)
        return latin1(bytes);
    try {
        return UTF8.decode(bytes);
    }
    catch {
        return latin1(bytes);
    }
}
/** ISO-8859-1 proper (WHATWG's "latin1" label is windows-1252, which remaps 0x80-0x9f). */
function latin1(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
/** The UTF-8 bytes of a string. */
export function encodeUtf8(text) {
    return UTF8_ENCODER.encode(text);
}
//# sourceMappingURL=raw-text.js.map