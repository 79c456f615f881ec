/**
 * cairn's image record: what the store knows of one image besides the verbatim manifest and
 * config blobs. Identity: the manifest digest. Stored as JSON.
 */
export {};
//# sourceMappingURL=image.js.map