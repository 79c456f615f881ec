/**
 * Keeping compressed layer blobs reproducible: at ingest, a witness watches each gzip or zstd
 * layer blob and its tar go by and records (blob description, store record kind 10) how the
 * blob is rebuilt byte for byte; at export and push, layerBlobFor gives the original blob
 * back, checked against its digest, or the tar compressed anew where that is not possible.
 */
export { BlobWitness, type LayerTap, type WitnessedBlob } from './witness.js';
export { layerBlobFor, imageBlobsFor, originalBlob, refuted, type BlobCompression, type ImageBlobs, type LayerBlobSource } from './rebuild.js';
export { outcomeOf, unconfirmedDescription, type BlobOutcome } from './described.js';
export { decodeDescription, encodeDescription, rebuildOf, type BlobDescription, type BlobRebuild, type ZstdDescriptor } from './description.js';
