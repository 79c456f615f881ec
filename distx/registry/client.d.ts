import { type Readable } from 'node:stream';
import type { Descriptor } from '../oci/index.js';
import { type CredentialOptions, type Credentials } from './credentials.js';
import { type FetchedManifest, type Platform } from './manifest.js';
import type { RegistryReference } from './reference.js';
import { type TransportOptions } from './transport.js';
import type { RegistryRequest, RegistryResponse, TrafficStats } from './types.js';
export type { RegistryRequest, RegistryResponse, TrafficStats } from './types.js';
export interface RegistryClientOptions extends TransportOptions, CredentialOptions {
    /** Credentials to use as they are (skips --creds/auth-file lookup); null for anonymous. */
    credentials?: Credentials | null;
    /** Ask for push access too (scope `pull,push`) on every repository. @default false */
    push?: boolean;
}
/** A reference resolved to one image manifest (an index went through for the platform). */
export interface ResolvedImage {
    /** The image manifest (digest checked). */
    manifest: FetchedManifest;
    /** Indexes passed through, outermost first (digests checked). */
    indexes: FetchedManifest[];
}
export declare class RegistryClient {
    #private;
    /** The registry as docker names it (docker.io, host:port). */
    readonly registry: string;
    /** A client for `registry` (docker's name) at `endpoint` (host:port to connect to). */
    constructor(registry: string, endpoint: string, repository: string, options?: RegistryClientOptions);
    /** A client for the registry of a parsed reference (credentials looked up for its repository). */
    static forReference(ref: RegistryReference, options?: RegistryClientOptions): RegistryClient;
    /** Requests and bytes so far (a copy). */
    get stats(): TrafficStats;
    /** Closes idle connections; call when done. */
    close(): void;
    /**
     * Any request, authenticated (401 answered once through the challenge), its body bytes
     * counted. Throws RegistryDeniedError when access stays refused, RegistryUnreachableError
     * when no answer comes. Other statuses are returned as they are.
     */
    request(req: RegistryRequest): Promise<RegistryResponse>;
    /**
     * GET a manifest or index by tag or digest, at most 4 MiB. Its digest is checked against the
     * digest asked for, else against the registry's Docker-Content-Digest when given.
     */
    getManifest(repository: string, reference: string, options?: {
        kind?: string;
    }): Promise<FetchedManifest>;
    /** HEAD a manifest: its digest, media type and size, or undefined when the registry has none by that reference. */
    headManifest(repository: string, reference: string): Promise<{
        digest: string | undefined;
        mediaType: string | undefined;
        size: number;
    } | undefined>;
    /**
     * Resolves a tag or digest to one image manifest: an index (or docker manifest list) picks
     * the entry for `platform` (default: the host's), nested indexes followed up to 4 deep.
     */
    resolveImage(repository: string, reference: string, options?: {
        platform?: Platform;
    }): Promise<ResolvedImage>;
    /** PUT a manifest under a tag or its digest; returns its digest. */
    putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string, options?: {
        kind?: string;
    }): Promise<string>;
    /** Every tag of a repository (pages followed). */
    listTags(repository: string): Promise<string[]>;
    /**
     * The referrers of a manifest (distribution spec 1.1 referrers API), optionally of one
     * artifact type; undefined when the registry has no referrers API (it answers 404).
     */
    getReferrers(repository: string, digest: string, artifactType?: string): Promise<Descriptor[] | undefined>;
    /**
     * GET a blob, raw: the response as it comes (200, or 206 for a range), not verified. For
     * Range requests (`range: 'bytes=0-99'` or several ranges); other statuses throw.
     */
    openBlob(repository: string, digest: string, options?: {
        range?: string;
        kind?: string;
    }): Promise<RegistryResponse>;
    /**
     * A blob's bytes as they stream, checked: the stream throws CorruptDataError at its end when
     * the sha256 or the size (when given) is not the one asked for, so no consumer may trust
     * what it read before the end.
     */
    getBlob(repository: string, digest: string, options?: {
        size?: number;
        kind?: string;
    }): AsyncGenerator<Buffer>;
    /** A small blob (a config) whole, checked against its digest; at most `limit` bytes (default 4 MiB). */
    getBlobBytes(repository: string, digest: string, options?: {
        limit?: number;
        kind?: string;
    }): Promise<Buffer>;
    /** HEAD a blob: its size when the repository has it, undefined when not. */
    headBlob(repository: string, digest: string): Promise<number | undefined>;
    /** Cross-repository mount of a blob from `fromRepository` of the same registry; true when mounted. */
    mountBlob(repository: string, digest: string, fromRepository: string): Promise<boolean>;
    /**
     * Uploads a blob: POST a session, then one PUT (monolithic) or PATCHes of `chunkSize` bytes
     * then a closing PUT (chunked). `open(start, end)` opens bytes [start, end) afresh each time
     * (a retry reopens). A failed upload is retried from the start with backoff, up to 3 times.
     */
    uploadBlob(repository: string, digest: string, size: number, open: (start: number, end: number) => Readable, options?: {
        chunkSize?: number;
        kind?: string;
    }): Promise<void>;
}
