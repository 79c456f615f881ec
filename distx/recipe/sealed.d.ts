/** The length of the trailing checksum. */
export declare const SEAL_LENGTH = 32;
/** `body` followed by sha256(body). */
export declare function sealRecord(body: Uint8Array): Buffer;
/** The body of a sealed record, or undefined when it is too short or its checksum does not match. */
export declare function unsealRecord(sealed: Uint8Array): Buffer | undefined;
