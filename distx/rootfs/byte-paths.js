/**
 * Paths as the rootfs module handles them. Tar names are bytes, and a file system takes bytes:
 * a name that is not valid UTF-8 must reach the disk unchanged. So paths travel as "byte
 * strings" — one UTF-16 code unit per byte, the ISO-8859-1 reading of the bytes — which are
 * exact for any byte sequence, cheap to split on '/', usable as Map keys, and turn back into
 * the original bytes with `Buffer.from(s, 'latin1')`. Only messages and the flattened tar see
 * decoded text (`displayPath`).
 *
 * `cleanPath` is the lexical clean that umoci applies to every entry name (its `CleanPath`,
 * from runc): the name is read as if rooted at '/', so `..` can never climb above the root and
 * a leading '/' means the root of the tree being built.
 */
const SLASH = '/';
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** The byte string of raw bytes. */
export function toByteString(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
/** The bytes of a byte string. */
export function byteStringBytes(path) {
    return Buffer.from(path, 'latin1');
}
/** The byte string of text, encoded as UTF-8 (for strings that come decoded, like link targets). */
export function utf8ByteString(text) {
    return Buffer.from(text, 'utf8').toString('latin1');
}
/** Text for messages and for the flattened tar: UTF-8 when the bytes are valid UTF-8, else ISO-8859-1. */
export function displayPath(path) {
    const bytes = byteStringBytes(path);
    try {
        return UTF8.decode(bytes);
    }
    catch {
        return path;
    }
}
/**
 * Cleans a name lexically, rooted at '/': empty and '.' components go, '..' removes the
 * component before it and is dropped at the root. `a/../../b`, `/b` and `../b` all clean to
 * `b`; `./`, `/` and `..` clean to the root.
 */
export function cleanPath(path) {
    const parts = [];
    let confined = path.startsWith(SLASH);
    for (const part of path.split(SLASH)) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (parts.length === 0)
                confined = true;
            else
                parts.pop();
            continue;
        }
        parts.push(part);
    }
    return { parts, confined };
}
/** Joins components with '/'. */
export function joinParts(parts) {
    return parts.join(SLASH);
}
//# sourceMappingURL=byte-paths.js.map