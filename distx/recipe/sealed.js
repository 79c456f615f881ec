/**
 * The stored form of a record whose identity is not the sha256 of its own bytes (a file
 * recipe is named by its file's content digest, a layer recipe root by its DiffID, an image
 * record by its manifest digest): the encoding followed by its own 32-byte sha256, so that a
 * read still checks every byte.
 */
import { sha256Raw } from '../digest.js';
/** The length of the trailing checksum. */
export const SEAL_LENGTH = 32;
/** `body` followed by sha256(body). */
export function sealRecord(body) {
    return Buffer.concat([body, sha256Raw(body)]);
}
/** The body of a sealed record, or undefined when it is too short or its checksum does not match. */
export function unsealRecord(sealed) {
    if (sealed.length < SEAL_LENGTH)
        return undefined;
    const body = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length - SEAL_LENGTH);
    return sha256Raw(body).equals(sealed.subarray(sealed.length - SEAL_LENGTH)) ? body : undefined;
}
//# sourceMappingURL=sealed.js.map