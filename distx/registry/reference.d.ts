/** Where docker.io's API lives. */
export declare const DOCKER_HUB_API = "registry-1.docker.io";
export interface RegistryReference {
    /** The registry as docker names it: `docker.io`, `localhost:5000`, `127.0.0.1:5000`. */
    registry: string;
    /** `host[:port]` to connect to (docker.io → registry-1.docker.io). */
    endpoint: string;
    /** The repository path: `library/debian`, `team/app`. */
    repository: string;
    /** The tag; undefined when only a digest was given. */
    tag: string | undefined;
    /** The digest given (`sha256:...`), if any. */
    digest: string | undefined;
    /** What to ask the manifests endpoint for: the digest when given, else the tag. */
    reference: string;
}
/** Parses and normalises a reference (`debian` → docker.io, library/debian, latest). Throws BadParameterError. */
export declare function parseRegistryReference(text: string): RegistryReference;
/** The fully qualified text of a reference: `docker.io/library/debian:12`, `host:5000/app@sha256:...`. */
export declare function formatRegistryReference(ref: Pick<RegistryReference, 'registry' | 'repository' | 'tag' | 'digest'>): string;
/** The host part of `host[:port]` (IPv6 brackets removed). */
export declare function hostOf(endpoint: string): string;
/** Loopback registries are spoken to over plain HTTP when they do not speak TLS, as docker does. */
export declare function isLoopback(endpoint: string): boolean;
/** A repository path alone (`team/app`), checked by the reference grammar. */
export declare function checkRepository(repository: string): string;
