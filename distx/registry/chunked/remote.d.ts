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
    /**
     * GET a blob whole as a stream (never held whole in memory); the stream fails at its end when
     * the bytes do not hash to `digest`. Optional: without it, getBlob reads the blob whole.
     */
    streamBlob?(digest: string, kind?: TrafficKind): Promise<AsyncIterable<Buffer>>;
    hasBlob(digest: string): Promise<boolean>;
    putBlob(digest: string, bytes: Buffer): Promise<void>;
    /**
     * The repository's blob `digest` mounted from another repository of the same registry that
     * the store has seen holding it (push); true when mounted. Absent: no mounts.
     */
    mountKnown?(digest: string): Promise<boolean>;
    /** A manifest by tag or digest (bytes as served; the caller checks a digest), or undefined if the registry has none (404). */
    getManifest(reference: string): Promise<{
        bytes: Buffer;
        mediaType: string;
    } | undefined>;
    /** PUT a manifest under a tag or digest; the answer's headers (`oci-subject` tells the registry keeps referrers itself). */
    putManifest(reference: string, bytes: Buffer, mediaType: string): Promise<{
        headers: Record<string, string | undefined>;
    }>;
    /** GET /v2/<name>/referrers/<digest>: the image index, or undefined when the registry has no referrers API (404). */
    referrers(digest: string): Promise<Buffer | undefined>;
}
export type TrafficKind = 'manifests' | 'metadata' | 'chunks' | 'deltas' | 'layers' | 'probe';
/** Bytes and requests by kind, both directions. */
export declare class Traffic {
    requests: number;
    received: Record<TrafficKind, number>;
    sent: Record<TrafficKind, number>;
    got(kind: TrafficKind, bytes: number): void;
    put(kind: TrafficKind, bytes: number): void;
    /** A request that moved no body (HEAD, an upload's start). */
    asked(): void;
    get totalReceived(): number;
    get totalSent(): number;
    toJSON(): Record<string, unknown>;
}
