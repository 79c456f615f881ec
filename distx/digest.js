/**
 * SHA-256 digests as cairn writes and reads them: `sha256:<64 lowercase hex>` on output, and
 * either that or bare hex on input. Hashing uses node:crypto (≈1.6 GB/s here, ten times
 * @noble/hashes), which is why no other hash appears on a hot path.
 */
import { hash } from 'node:crypto';
import { BadInputError } from './errors.js';
export const DIGEST_PREFIX = 'sha256:';
const HEX64 = /^[0-9a-f]{64}$/;
/** `sha256:<hex>` of bytes. */
export function sha256Digest(data) {
    return DIGEST_PREFIX + hash('sha256', data, 'hex');
}
/** The raw 32-byte sha256 of bytes (one-shot: cheaper than createHash for chunk-sized input). */
export function sha256Raw(data) {
    return hash('sha256', data, 'buffer');
}
/** The sha256 of bytes as 64 lowercase hex digits (the form recipes and pack records use). */
export function sha256Hex(data) {
    return hash('sha256', data, 'hex');
}
/** The hex of a digest given as `sha256:<hex>` or bare hex (not validated: see parseDigest). */
export function hexOf(digest) {
    return digest.startsWith(DIGEST_PREFIX) ? digest.slice(DIGEST_PREFIX.length) : digest;
}
/** Accepts `sha256:<hex>` or bare hex (any case); returns the canonical `sha256:<hex>`. */
export function parseDigest(text, what = 'digest') {
    const lower = text.trim().toLowerCase();
    const hex = lower.startsWith(DIGEST_PREFIX) ? lower.slice(DIGEST_PREFIX.length) : lower;
    if (!HEX64.test(hex))
        throw new BadInputError(`not a sha256 ${what}: ${JSON.stringify(text)}`);
    return DIGEST_PREFIX + hex;
}
/** True when text is a canonical or bare sha256 digest. */
export function isDigest(text) {
    const lower = text.toLowerCase();
    return HEX64.test(lower.startsWith(DIGEST_PREFIX) ? lower.slice(DIGEST_PREFIX.length) : lower);
}
//# sourceMappingURL=digest.js.map