/**
 * A blob description that came from elsewhere: the annotation a pushed chunk artifact carries
 * beside each layer index (docs/registry.md), or a bundle's blob rebuilds (docs/bundle.md).
 * It is checked for consistency with the layer as the image manifest gives it and stored as
 * `unconfirmed` (description.ts): nothing is compressed at pull or apply, which keeps them at
 * their own speed. Export and push then use it and check the digest of the blob it makes, as
 * for every rebuilt blob; a description that does not reproduce the blob costs that compression
 * (each time: it stays unconfirmed) and gives a new blob there, never a wrong one
 * (src/reblob/rebuild.ts).
 */
import { nodeZlibMatches, type StreamParams } from '../deflate/index.js';
import { decodeDescription, type BlobDescription } from './description.js';
import type { WitnessedBlob } from './witness.js';
import { ZSTD_VERSION } from './zstd-witness.js';

/**
 * Whether the store rebuilds a layer's blob byte for byte (confirmed: true), is told how but
 * checks it at first use ('unconfirmed'), or cannot (why).
 */
export type BlobOutcome = { reproduced: true } | { reproduced: 'unconfirmed' } | { reproduced: false; reason: string };

/** A stored description as an outcome. */
export function outcomeOf(d: BlobDescription): BlobOutcome {
  if (d.reproduced) return { reproduced: true };
  return d.unconfirmed ? { reproduced: 'unconfirmed' } : { reproduced: false, reason: d.reason };
}

/**
 * Parses `text` (a description as encodeDescription writes it) for `blob` (the layer as the
 * image manifest gives it, with its DiffID and tar length; `from` says where the text came
 * from): the unconfirmed description to store, or why it cannot serve (not reproduced,
 * inconsistent, or needing what this cairn lacks). Undefined when the description is about
 * another blob (an image pushed with its layers compressed anew): nothing to say.
 */
export function unconfirmedDescription(text: string, blob: WitnessedBlob & { tarLength: number }, from: string): BlobDescription | string | undefined {
  let given: BlobDescription;
  try {
    given = decodeDescription(Buffer.from(text, 'utf8'));
  } catch (error) {
    return (error as Error).message;
  }
  if (given.digest !== blob.digest) return undefined;
  if (!given.reproduced) return 'the description says the blob is not reproduced';
  if (given.size !== blob.size || given.diffId !== blob.diffId) return 'the description gives the blob another size or layer';
  const rebuild = given.rebuild;
  if (rebuild.format === 'zstd') {
    if (rebuild.zstd !== ZSTD_VERSION) return `the blob needs libzstd ${rebuild.zstd} (cairn has ${ZSTD_VERSION})`;
  } else {
    const member = rebuild.members[0]!;
    if (member.size !== blob.tarLength) return 'the description gives another tar length';
    if ((member.deflate as StreamParams).impl === 'zlib-1.3.1' && !nodeZlibMatches()) return 'needs node:zlib 1.3.1';
  }
  return {
    version: 1, digest: blob.digest, size: blob.size, mediaType: blob.mediaType, diffId: blob.diffId, descriptor: blob.descriptor,
    reproduced: false, reason: `not confirmed yet: described by ${from}`, unconfirmed: rebuild,
  };
}
