export declare const DIGEST_PREFIX = "sha256:";
/** `sha256:<hex>` of bytes. */
export declare function sha256Digest(data: Uint8Array): string;
/** The raw 32-byte sha256 of bytes (one-shot: cheaper than createHash for chunk-sized input). */
export declare function sha256Raw(data: Uint8Array): Buffer;
/** The sha256 of bytes as 64 lowercase hex digits (the form recipes and pack records use). */
export declare function sha256Hex(data: Uint8Array): string;
/** The hex of a digest given as `sha256:<hex>` or bare hex (not validated: see parseDigest). */
export declare function hexOf(digest: string): string;
/** Accepts `sha256:<hex>` or bare hex (any case); returns the canonical `sha256:<hex>`. */
export declare function parseDigest(text: string, what?: string): string;
/** True when text is a canonical or bare sha256 digest. */
export declare function isDigest(text: string): boolean;
