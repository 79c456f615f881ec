/**
 * What the chunk artifacts need from a registry client (one repository), and the traffic they
 * count. The registry client (src/registry) provides it: auth, TLS, retries and redirects are
 * its business; this module only names the calls.
 */

/** An answer with its body read whole; header names in lower case. */
export interface BlobResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface ChunkRemote {
  /** Names the registry (host[:port]): the Range probe is made once per registry. */
  readonly registry: string;
  /**
   * GET /v2/<name>/blobs/<digest>, with `range` as the Range header when given. A 200, 206 or
   * 416 is returned as it came (the caller decides); other failures throw.
   */
  getBlob(digest: string, range?: string, kind?: TrafficKind): Promise<BlobResponse>;
  hasBlob(digest: string): Promise<boolean>;
  putBlob(digest: string, bytes: Buffer): Promise<void>;
  /**
   * The repository's blob `digest` mounted from another repository of the same registry that
   * the store has seen holding it (push); true when mounted. Absent: no mounts.
   */
  mountKnown?(digest: string): Promise<boolean>;
  /** A manifest by tag or digest (bytes as served; the caller checks a digest), or undefined if the registry has none (404). */
  getManifest(reference: string): Promise<{ bytes: Buffer; mediaType: string } | undefined>;
  /** PUT a manifest under a tag or digest; the answer's headers (`oci-subject` tells the registry keeps referrers itself). */
  putManifest(reference: string, bytes: Buffer, mediaType: string): Promise<{ headers: Record<string, string | undefined> }>;
  /** GET /v2/<name>/referrers/<digest>: the image index, or undefined when the registry has no referrers API (404). */
  referrers(digest: string): Promise<Buffer | undefined>;
}

export type TrafficKind = 'manifests' | 'metadata' | 'chunks' | 'deltas' | 'layers' | 'probe';

/** Bytes and requests by kind, both directions. */
export class Traffic {
  requests = 0;
  received: Record<TrafficKind, number> = { manifests: 0, metadata: 0, chunks: 0, deltas: 0, layers: 0, probe: 0 };
  sent: Record<TrafficKind, number> = { manifests: 0, metadata: 0, chunks: 0, deltas: 0, layers: 0, probe: 0 };

  got(kind: TrafficKind, bytes: number): void {
    this.requests++;
    this.received[kind] += bytes;
  }

  put(kind: TrafficKind, bytes: number): void {
    this.requests++;
    this.sent[kind] += bytes;
  }

  /** A request that moved no body (HEAD, an upload's start). */
  asked(): void {
    this.requests++;
  }

  get totalReceived(): number {
    return Object.values(this.received).reduce((a, b) => a + b, 0);
  }

  get totalSent(): number {
    return Object.values(this.sent).reduce((a, b) => a + b, 0);
  }

  toJSON(): Record<string, unknown> {
    return { requests: this.requests, received: this.received, sent: this.sent };
  }
}
