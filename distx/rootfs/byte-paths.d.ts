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
/** A path or name whose characters are its bytes (ISO-8859-1 reading). */
export type ByteString = string;
/** The byte string of raw bytes. */
export declare function toByteString(bytes: Uint8Array): ByteString;
/** The bytes of a byte string. */
export declare function byteStringBytes(path: ByteString): Buffer;
/** The byte string of text, encoded as UTF-8 (for strings that come decoded, like link targets). */
export declare function utf8ByteString(text: string): ByteString;
/** Text for messages and for the flattened tar: UTF-8 when the bytes are valid UTF-8, else ISO-8859-1. */
export declare function displayPath(path: ByteString): string;
/** A cleaned entry name: its components, and whether cleaning had to pull it back under the root. */
export interface CleanedPath {
    /** Components, none empty, '.' or '..'; empty for the root itself. */
    parts: ByteString[];
    /** True when the name was absolute or had a '..' that would climb above the root. */
    confined: boolean;
}
/**
 * Cleans a name lexically, rooted at '/': empty and '.' components go, '..' removes the
 * component before it and is dropped at the root. `a/../../b`, `/b` and `../b` all clean to
 * `b`; `./`, `/` and `..` clean to the root.
 */
export declare function cleanPath(path: ByteString): CleanedPath;
/** Joins components with '/'. */
export declare function joinParts(parts: readonly ByteString[]): ByteString;
