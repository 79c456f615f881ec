/**
 * A blob description that came from elsewhere (the annotation a pushed chunk artifact carries
 * beside each layer index, docs/registry.md), checked before the store keeps it: the layer's
 * tar, as a pull by chunks rebuilds it to check its DiffID, is compressed again as the
 * description says, on the deflate worker (or libuv's threads for node:zlib, the calling
 * thread for zstd), and the blob made is hashed. The description is kept only when that hash
 * is the digest the image manifest gives the layer: a wrong description costs a confirmation,
 * never a wrong blob, and is never stored.
 */
import { nodeZlibMatches, type StreamParams } from '../deflate/index.js';
import { nodeConfirmer, workerConfirmer, type Confirmer } from './confirm.js';
import { decodeDescription, type BlobDescription } from './description.js';
import { spilling } from './spill.js';
import type { WitnessedBlob } from './witness.js';
import { ZSTD_VERSION, zstdConfirmer } from './zstd-witness.js';

/** Tar bytes copied together before they go to the confirmer (pieces are not kept as given). */
const BATCH = 1 << 20;

/** Whether a layer's blob is reproduced from its tar (its description kept), or why not. */
export type BlobOutcome = { reproduced: true } | { reproduced: false; reason: string };

/** What a description's reproduced flag and reason say, as an outcome. */
export function outcomeOf(d: BlobDescription): BlobOutcome {
  return d.reproduced ? { reproduced: true } : { reproduced: false, reason: d.reason };
}

export interface DescribedBlobCheck {
  /** A piece of the layer's tar, in order; copied, so the caller may reuse it. */
  piece(bytes: Uint8Array): void;
  /** Once the tar was given whole: the description, reproduced only when the blob made has the manifest's digest. */
  describe(): Promise<BlobDescription>;
  /** Stops without an answer (the layer check failed). */
  abandon(): void;
}

/**
 * Parses `text` (a description as encodeDescription writes it) for `blob` (the layer as the
 * image manifest gives it, with its DiffID and tar length); the check that confirms it, or why
 * it cannot be confirmed (not reproduced, inconsistent, or needing what this machine lacks).
 * Undefined when the description is about another blob (an image pushed with its layers
 * compressed anew): there is nothing to check.
 */
export function checkDescribedBlob(text: string, blob: WitnessedBlob & { tarLength: number }, spillDir: string): DescribedBlobCheck | string | undefined {
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
  let inner: Confirmer;
  if (rebuild.format === 'zstd') {
    if (rebuild.zstd !== ZSTD_VERSION) return `the blob needs libzstd ${rebuild.zstd} (cairn has ${ZSTD_VERSION})`;
    inner = zstdConfirmer(rebuild);
  } else {
    const member = rebuild.members[0]!;
    if (member.size !== blob.tarLength) return 'the description gives another tar length';
    const params = member.deflate as StreamParams;
    const header = Buffer.from(member.header, 'hex');
    const tail = Buffer.from(rebuild.tail, 'hex');
    if (params.impl === 'zlib-1.3.1' && !nodeZlibMatches()) return 'needs node:zlib 1.3.1';
    inner = params.impl === 'zlib-1.3.1' ? nodeConfirmer(params, header, tail) : workerConfirmer(params, header, tail);
  }
  const confirmer = spilling(inner, spillDir);
  let failed: string | undefined;
  let batch = Buffer.allocUnsafe(BATCH);
  let used = 0;
  const fail = (error: unknown): void => {
    failed ??= `confirming failed: ${(error as Error).message}`;
  };
  const flush = (): void => {
    if (used === 0) return;
    // spilling() holds or writes the piece at once; its failures surface here or at end().
    confirmer.push(batch.subarray(0, used)).catch(fail);
    batch = Buffer.allocUnsafe(BATCH);
    used = 0;
  };
  const base = { version: 1 as const, digest: blob.digest, size: blob.size, mediaType: blob.mediaType, diffId: blob.diffId, descriptor: blob.descriptor };
  return {
    piece(bytes) {
      if (failed) return;
      for (let at = 0; at < bytes.length;) {
        const n = Math.min(BATCH - used, bytes.length - at);
        batch.set(bytes.subarray(at, at + n), used);
        used += n;
        at += n;
        if (used === BATCH) flush();
      }
    },
    async describe() {
      const no = (reason: string): BlobDescription => ({ ...base, reproduced: false, reason });
      try {
        flush();
        const made = await confirmer.end();
        if (failed) return no(failed);
        if (made.digest !== blob.digest || made.size !== blob.size) return no(`the description does not reproduce the blob (made ${made.digest})`);
        return { ...base, reproduced: true, rebuild };
      } catch (error) {
        confirmer.abandon();
        return no(`confirming failed: ${(error as Error).message}`);
      }
    },
    abandon() {
      failed ??= 'abandoned';
      confirmer.abandon();
    },
  };
}
