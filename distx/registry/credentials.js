/**
 * Credentials for a registry, found as the containers tools find them: `--creds USER[:PASS]`,
 * else the auth file given (`--authfile FILE`), else `$REGISTRY_AUTH_FILE`, else
 * `~/.docker/config.json`. Auth files are docker's config.json format: `"auths"` keyed by
 * registry (`host[:port]`, optionally with `https://` and a path; containers' auth.json also
 * allows `host/namespace` keys, the longest match wins), each with a base64 `"auth"` of
 * `user:password` (or `"username"`/`"password"`, or an `"identitytoken"`). Credential helpers
 * are run as docker runs them (credential-helpers.ts): `"credHelpers"` naming one for the
 * registry first, then an `"auths"` entry, then the `"credsStore"` helper.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BadInputError, BadParameterError } from '../errors.js';
import { DEFAULT_DOMAIN } from '../reference.js';
import { credentialsFromHelper } from './credential-helpers.js';
/** `USER[:PASS]` → credentials (an empty password when none is given). */
export function parseCreds(text) {
    const colon = text.indexOf(':');
    const username = colon < 0 ? text : text.slice(0, colon);
    if (username === '')
        throw new BadParameterError('creds', '--creds: expected USER[:PASS], the user name is empty');
    return { username, password: colon < 0 ? '' : text.slice(colon + 1) };
}
/** The registry an auth-file key names, and the repository prefix it is limited to ('' for all). */
function keyParts(key) {
    let rest = key.replace(/^[a-z]+:\/\//i, '');
    const slash = rest.indexOf('/');
    let prefix = '';
    if (slash >= 0) {
        prefix = rest.slice(slash + 1).replace(/\/+$/, '');
        rest = rest.slice(0, slash);
    }
    // docker's own key for Docker Hub is https://index.docker.io/v1/
    if (rest === 'index.docker.io' || rest === 'registry-1.docker.io') {
        rest = DEFAULT_DOMAIN;
        if (prefix === 'v1' || prefix === 'v2')
            prefix = '';
    }
    return { registry: rest.toLowerCase(), prefix };
}
/** The credentials an auth file holds (or its credential helpers give) for `registry`/`repository`, or undefined. */
export function credentialsFromAuthFile(path, registry, repository, env = process.env) {
    let text;
    try {
        text = readFileSync(path, 'utf8');
    }
    catch (cause) {
        throw new BadInputError(`cannot read the auth file ${path}: ${cause.message}`, { path, cause });
    }
    let file;
    try {
        file = JSON.parse(text);
    }
    catch (cause) {
        throw new BadInputError(`the auth file ${path} is not valid JSON`, { path, cause });
    }
    const helper = Object.entries(file.credHelpers ?? {}).find(([key]) => keyParts(key).registry === registry.toLowerCase())?.[1];
    if (typeof helper === 'string' && helper !== '')
        return credentialsFromHelper(helper, registry, env);
    const found = fromAuths(path, file.auths ?? {}, registry, repository);
    if (found)
        return found;
    if (typeof file.credsStore === 'string' && file.credsStore !== '')
        return credentialsFromHelper(file.credsStore, registry, env);
    return undefined;
}
function fromAuths(path, auths, registry, repository) {
    let best;
    for (const [key, entry] of Object.entries(auths)) {
        const { registry: r, prefix } = keyParts(key);
        if (r !== registry.toLowerCase())
            continue;
        if (prefix !== '' && repository !== prefix && !repository.startsWith(`${prefix}/`))
            continue;
        if (!best || prefix.length > best.length)
            best = { entry, length: prefix.length };
    }
    if (!best)
        return undefined;
    const { entry } = best;
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0)
            throw new BadInputError(`the auth file ${path}: the "auth" of ${registry} does not decode to user:password`, { path });
        return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), ...(entry.identitytoken ? { identityToken: entry.identitytoken } : {}) };
    }
    if (entry.username !== undefined)
        return { username: entry.username, password: entry.password ?? '', ...(entry.identitytoken ? { identityToken: entry.identitytoken } : {}) };
    if (entry.identitytoken)
        return { username: '<token>', password: '', identityToken: entry.identitytoken };
    return undefined;
}
/** Credentials for `registry`/`repository` in the order of the module comment, or undefined (anonymous). */
export function findCredentials(registry, repository, options = {}) {
    if (options.creds !== undefined)
        return parseCreds(options.creds);
    const env = options.env ?? process.env;
    if (options.authFile !== undefined)
        return credentialsFromAuthFile(options.authFile, registry, repository, env);
    const fromEnv = env['REGISTRY_AUTH_FILE'];
    if (fromEnv)
        return credentialsFromAuthFile(fromEnv, registry, repository, env);
    const home = env['HOME'] ?? homedir();
    const dockerConfig = join(env['DOCKER_CONFIG'] ?? join(home, '.docker'), 'config.json');
    try {
        return credentialsFromAuthFile(dockerConfig, registry, repository, env);
    }
    catch {
        return undefined; // a missing or unreadable default file means anonymous
    }
}
//# sourceMappingURL=credentials.js.map