import type { RegistryClient } from '../client.js';
import type { ChunkRemote } from './remote.js';
/**
 * `locate`: another repository of the registry known to hold a blob (the store's blob
 * locations), for mounts; without it the remote mounts nothing.
 */
export declare function clientRemote(client: RegistryClient, repository: string, locate?: (digest: string) => Promise<string | undefined>): ChunkRemote;
