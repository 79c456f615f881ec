import type { Credentials } from './credentials.js';
/** The server name a helper is asked about for `registry`. */
export declare function helperServer(registry: string): string;
/** The credentials helper `name` holds for `registry`, or undefined when it holds none. */
export declare function credentialsFromHelper(name: string, registry: string, env?: NodeJS.ProcessEnv): Credentials | undefined;
