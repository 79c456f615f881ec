/** A repository of `registry` known to hold `digest`, other than `exceptRepository`. */
export declare function knownLocation(storeDir: string, registry: string, digest: string, exceptRepository: string): Promise<string | undefined>;
/** Records that `repository` of `registry` holds these blobs (best effort: a failure to write is ignored). */
export declare function rememberLocations(storeDir: string, registry: string, repository: string, digests: readonly string[]): Promise<void>;
