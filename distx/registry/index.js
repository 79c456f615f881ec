/**
 * cairn's OCI registry client (distribution spec) and the push and pull of standard images.
 * The client API (RegistryClient and the reference, credential and manifest helpers) is what
 * src/registry/chunked/ builds on.
 */
export { RegistryClient } from './client.js';
export { parseRegistryReference, formatRegistryReference, isLoopback, checkRepository, DOCKER_HUB_API } from './reference.js';
export { findCredentials, parseCreds, credentialsFromAuthFile } from './credentials.js';
export { parseChallenges, repositoryScope } from './auth.js';
export { choosePlatform, hostPlatform, parsePlatform, formatPlatform, isIndexMediaType, parseManifest, MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, MAX_INDEX_DEPTH, DOCKER_MANIFEST_LIST, } from './manifest.js';
export { RegistryUnreachableError, RegistryDeniedError, RegistryTlsError, RegistryResponseError } from './errors.js';
export { Transport } from './transport.js';
export { pushImage, dockerManifestOf } from './push.js';
export { pullImage } from './pull.js';
//# sourceMappingURL=index.js.map