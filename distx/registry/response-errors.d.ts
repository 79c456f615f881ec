import type { RegistryResponse } from './types.js';
/** 404 → NotFoundError naming `what`; any other status → RegistryResponseError with the registry's error codes. */
export declare function responseFailure(registry: string, response: RegistryResponse, what: string): Promise<Error>;
