/**
 * Turning the raw bytes of tar names (paths, link targets, user and group names, PAX keys
 * and values) into strings. Tar stores bytes, not characters: modern writers use UTF-8,
 * old ones whatever the locale was (gnu-not-utf8.tar, ISO-8859 names). cairn decodes UTF-8
 * when the bytes are valid UTF-8 and ISO-8859-1 otherwise, so every byte sequence gives a
 * string and nothing is replaced by U+FFFD; callers who need the exact bytes keep them
 * (`TarHeader.nameBytes`).
 */
/** UTF-8 when valid, else ISO-8859-1 (one character per byte). */
export declare function decodeRawText(bytes: Uint8Array): string;
/** The UTF-8 bytes of a string. */
export declare function encodeUtf8(text: string): Uint8Array;
