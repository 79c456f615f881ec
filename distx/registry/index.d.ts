/**
 * cairn's OCI registry client (distribution spec) and the push and pull of standard images.
 * The client API (RegistryClient and the reference, credential and manifest helpers) is what
 * src/registry/chunked/ builds on.
 */
export { RegistryClient, type RegistryClientOptions, type RegistryRequest, type RegistryResponse, type ResolvedImage, type TrafficStats } from './client.js';
export { parseRegistryReference, formatRegistryReference, isLoopback, checkRepository, DOCKER_HUB_API, type RegistryReference } from './reference.js';
export { findCredentials, parseCreds, credentialsFromAuthFile, type Credentials, type CredentialOptions } from './credentials.js';
export { parseChallenges, repositoryScope, type Challenge } from './auth.js';
export { choosePlatform, hostPlatform, parsePlatform, formatPlatform, isIndexMediaType, parseManifest, MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, MAX_INDEX_DEPTH, DOCKER_MANIFEST_LIST, type FetchedManifest, type ManifestJson, type Platform, } from './manifest.js';
export { RegistryUnreachableError, RegistryDeniedError, RegistryTlsError, RegistryResponseError, type RegistryErrorEntry } from './errors.js';
export { Transport, type TransportOptions } from './transport.js';
export { pushImage, dockerManifestOf, type PushOptions, type PushResult, type PushedBlob, type PushHow } from './push.js';
export { pullImage, type PullOptions, type PullResult, type PulledLayer, type PullLayer, type PullContext, type LayerProvider } from './pull.js';
