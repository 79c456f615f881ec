export interface Credentials {
    username: string;
    password: string;
    /** An OAuth2 refresh token (docker's `identitytoken`); sent to the token endpoint instead of the password. */
    identityToken?: string;
}
export interface CredentialOptions {
    /** `USER[:PASS]` (--creds). */
    creds?: string;
    /** An auth file (--authfile). */
    authFile?: string;
    /** Environment to read REGISTRY_AUTH_FILE and HOME from. @default process.env */
    env?: NodeJS.ProcessEnv;
}
/** `USER[:PASS]` → credentials (an empty password when none is given). */
export declare function parseCreds(text: string): Credentials;
/** The credentials an auth file holds (or its credential helpers give) for `registry`/`repository`, or undefined. */
export declare function credentialsFromAuthFile(path: string, registry: string, repository: string, env?: NodeJS.ProcessEnv): Credentials | undefined;
/** Credentials for `registry`/`repository` in the order of the module comment, or undefined (anonymous). */
export declare function findCredentials(registry: string, repository: string, options?: CredentialOptions): Credentials | undefined;
