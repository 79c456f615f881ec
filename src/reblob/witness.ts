/**
 * Watching a compressed layer blob go by during ingest, to tell whether (and how) it can be
 * rebuilt byte for byte from its tar. Ingest hands the witness the blob's bytes as they are
 * read and the tar's bytes as they are inflated; it keeps only the first MiB of the one and
 * the first 2 MiB of the other. From those heads it picks the deflate candidate that
 * reproduces them (deflate/head-probe.ts: usually the first block rules out all but one, or
 * zlib altogether), then compresses the rest of the tar with it as it streams by
 * (confirm.ts; bytes it has not taken yet wait in a file, spill.ts, so that ingest goes on at
 * its own pace) and compares the blob it makes with the blob's digest. The answer is a blob
 * description (record kind 10); any failure here only makes the answer "not reproduced",
 * never fails the ingest. A pull asks for no confirmation: the candidate the heads agree with
 * is kept unconfirmed, and export and push check the blob it makes at use (rebuild.ts).
 */
import { BadInputError } from '../errors.js';
import {
  gzipHeaderLength, gzipLevelHint, nodeZlibMatches, probeDeflateHead, type GzipDescriptor, type StreamParams,
} from '../deflate/index.js';
import { nodeConfirmer, workerConfirmer, type Choice } from './confirm.js';
import type { BlobDescription } from './description.js';
import { spilling } from './spill.js';
import { zstdWitness } from './zstd-witness.js';

const BLOB_HEAD = 1 << 20;
const TAR_HEAD = 2 << 20;

/** The layer blob as the manifest lists it. */
export interface WitnessedBlob {
  digest: string;
  size: number;
  mediaType: string;
  diffId: string;
  /** The manifest's descriptor of the blob, verbatim JSON. */
  descriptor: string;
}

/** What the layer readers call as bytes go by (src/oci's LayerTap). */
export interface LayerTap {
  blob(piece: Uint8Array): void;
  tar(piece: Uint8Array): Promise<void>;
  end(): void;
}

class Heads {
  readonly pieces: Uint8Array[] = [];
  length = 0;
  constructor(readonly limit: number) {}
  /** Keeps what fits of `piece`; returns how many of its bytes that was. */
  add(piece: Uint8Array): number {
    if (this.length >= this.limit) return 0;
    const take = piece.subarray(0, this.limit - this.length);
    this.pieces.push(Uint8Array.from(take));
    this.length += take.length;
    return take.length;
  }
  get full(): boolean {
    return this.length >= this.limit;
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.pieces);
  }
}

export class BlobWitness implements LayerTap {
  readonly #blob: WitnessedBlob;
  readonly #blobHead = new Heads(BLOB_HEAD);
  readonly #tarHead = new Heads(TAR_HEAD);
  #choice: Choice | undefined;
  #rejected: string | undefined;
  #ended = false;
  #tarBytes = 0;
  readonly #spillDir: string;
  readonly #confirm: boolean;

  /**
   * `spillDir`: where the tar bytes the confirmer has not taken yet wait (spill.ts), so that
   * ingest never waits for the confirmer before describe() (the store's tmp directory).
   * `confirm: false`: the candidate the heads agree with is not confirmed over the whole blob;
   * describe() gives it as `unconfirmed` (description.ts), for export and push to check at use.
   */
  constructor(blob: WitnessedBlob, spillDir: string, options: { confirm?: boolean } = {}) {
    this.#blob = blob;
    this.#spillDir = spillDir;
    this.#confirm = options.confirm !== false;
  }

  blob(piece: Uint8Array): void {
    this.#blobHead.add(piece);
  }

  async tar(piece: Uint8Array): Promise<void> {
    this.#tarBytes += piece.length;
    if (this.#rejected) return;
    try {
      if (this.#choice) {
        await this.#choice.confirmer?.push(piece);
        return;
      }
      const taken = this.#tarHead.add(piece);
      // The tar head not yet full: wait for more before choosing.
      if (!this.#tarHead.full) return;
      await this.#choose();
      // The head was pushed whole by #choose; what of this piece lies past it is pushed here.
      const chosen = this.#choice as Choice | undefined;
      if (chosen?.confirmer && taken < piece.length) await chosen.confirmer.push(piece.subarray(taken));
    } catch (error) {
      this.#reject(`confirming failed: ${(error as Error).message}`);
    }
  }

  end(): void {
    this.#ended = true;
  }

  /** Stops confirming (the ingest failed): describe() then answers "not reproduced". */
  abandon(): void {
    this.#reject('the ingest stopped');
  }

  #reject(reason: string): void {
    this.#rejected ??= reason;
    this.#choice?.confirmer?.abandon();
    this.#choice = undefined;
  }

  async #choose(): Promise<void> {
    const head = this.#blobHead.bytes();
    const tarHead = this.#tarHead.bytes();
    const choice = head[0] === 0x1f && head[1] === 0x8b ? chooseGzip(head, tarHead, this.#ended, this.#confirm) : head[0] === 0x28 && head[1] === 0xb5 ? await zstdWitness(head, tarHead, this.#ended, this.#confirm) : 'not gzip or zstd';
    if (typeof choice === 'string') return this.#reject(choice);
    if (!choice.confirmer) {
      this.#choice = choice;
      return;
    }
    const confirmer = spilling(choice.confirmer, this.#spillDir);
    this.#choice = { rebuild: choice.rebuild, confirmer };
    await confirmer.push(tarHead);
  }

  /** The description of the blob, once the tar has been read to its end (else: not reproduced). */
  async describe(): Promise<BlobDescription> {
    const base = { version: 1 as const, digest: this.#blob.digest, size: this.#blob.size, mediaType: this.#blob.mediaType, diffId: this.#blob.diffId, descriptor: this.#blob.descriptor };
    const no = (reason: string): BlobDescription => ({ ...base, reproduced: false, reason });
    try {
      if (!this.#ended) this.#reject('the tar was not read to its end');
      if (!this.#rejected && !this.#choice) await this.#choose();
      if (this.#rejected || !this.#choice) return no(this.#rejected ?? 'no candidate');
      if (this.#choice.rebuild.format === 'gzip') this.#choice.rebuild.members[0]!.size = this.#tarBytes;
      if (!this.#choice.confirmer) {
        return { ...base, reproduced: false, reason: `not confirmed yet: its first ${this.#blobHead.length} bytes are ${describeChoice(this.#choice)}'s`, unconfirmed: this.#choice.rebuild };
      }
      const made = await this.#choice.confirmer.end();
      if (made.digest !== this.#blob.digest) return no(`${describeChoice(this.#choice)} reproduces the first ${this.#tarHead.length} bytes but not the whole blob`);
      return { ...base, size: made.size, reproduced: true, rebuild: this.#choice.rebuild };
    } catch (error) {
      this.#choice?.confirmer?.abandon();
      return no(`confirming failed: ${(error as Error).message}`);
    }
  }
}

function describeChoice(choice: Choice): string {
  const r = choice.rebuild;
  if (r.format === 'zstd') return `zstd level ${r.level}`;
  const d = r.members[0]!.deflate as StreamParams;
  return `${d.impl} level ${d.level}`;
}

/** The gzip candidate that reproduces the heads, with its confirmer (when `confirm`); or why there is none. */
function chooseGzip(blobHead: Uint8Array, tarHead: Uint8Array, complete: boolean, confirm: boolean): Choice | string {
  let headerLength: number;
  try {
    headerLength = gzipHeaderLength(blobHead, 0);
  } catch (error) {
    return error instanceof BadInputError ? error.message : `gzip header: ${(error as Error).message}`;
  }
  const header = blobHead.subarray(0, headerLength);
  const params = probeDeflateHead(blobHead.subarray(headerLength), tarHead, { levels: gzipLevelHint(header[8]!), complete });
  if (!params) return 'no known deflate reproduces its first blocks (GNU gzip and others have their own)';
  if (params.impl === 'zlib-1.3.1' && !nodeZlibMatches()) return 'needs node:zlib 1.3.1';
  const rebuild: GzipDescriptor = { format: 'gzip', members: [{ header: Buffer.from(header).toString('hex'), size: 0, deflate: params }], tail: '' };
  if (!confirm) return { rebuild };
  const confirmer = params.impl === 'zlib-1.3.1' ? nodeConfirmer(params, header, new Uint8Array(0)) : workerConfirmer(params, header, new Uint8Array(0));
  return { confirmer, rebuild };
}
