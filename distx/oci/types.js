/**
 * What the OCI readers yield: images as their format gives them (OCI layout, OCI archive,
 * docker-archive), read without a store. Ingest and the reports drive these readers.
 */
export {};
//# sourceMappingURL=types.js.map