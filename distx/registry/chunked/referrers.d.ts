import type { Descriptor } from './build.js';
import type { ChunkRemote, Traffic } from './remote.js';
/** Largest manifest or index accepted (the distribution spec's limit). */
export declare const MAX_MANIFEST_BYTES: number;
/** The artifacts (descriptors with their artifactType and annotations) that refer to `subject`. */
export declare function listReferrers(remote: ChunkRemote, subject: string, traffic: Traffic): Promise<Descriptor[]>;
/**
 * Records `artifact` as a referrer of `subject` in the tag fallback index (read, merged,
 * written back). Registries with a referrers API need none of this: pushing the artifact's
 * manifest is enough (they answer with an `OCI-Subject` header).
 */
export declare function addReferrer(remote: ChunkRemote, subject: string, artifact: Descriptor, traffic: Traffic, supersedes?: (d: Descriptor) => boolean): Promise<void>;
/** A manifest by digest, checked against it; undefined if the registry has none (a referrer deleted since it was listed). */
export declare function fetchManifest(remote: ChunkRemote, digest: string, traffic: Traffic): Promise<Buffer | undefined>;
