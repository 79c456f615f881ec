/**
 * docker's credential helpers (docker-credential-helpers' protocol): the program
 * `docker-credential-NAME` on PATH, run as `docker-credential-NAME get` with the server on
 * stdin (`host[:port]`; Docker Hub is `https://index.docker.io/v1/`), answers with JSON
 * `{"ServerURL", "Username", "Secret"}` (a Username of `<token>` makes Secret an identity
 * token), or fails with "credentials not found" when it holds none. Run synchronously: the
 * credentials are looked up as the client is made.
 */
import { spawnSync } from 'node:child_process';
import { BadInputError } from '../errors.js';
import { DEFAULT_DOMAIN } from '../reference.js';
/** How long a helper may take (it may ask a keychain). */
const HELPER_TIMEOUT_MS = 30_000;
/** The server name a helper is asked about for `registry`. */
export function helperServer(registry) {
    return registry === DEFAULT_DOMAIN ? 'https://index.docker.io/v1/' : registry;
}
/** The credentials helper `name` holds for `registry`, or undefined when it holds none. */
export function credentialsFromHelper(name, registry, env = process.env) {
    if (!/^[A-Za-z0-9._-]+$/.test(name))
        throw new BadInputError(`credential helper ${JSON.stringify(name)}: not a helper name`);
    const program = `docker-credential-${name}`;
    const run = spawnSync(program, ['get'], { input: helperServer(registry), encoding: 'utf8', env, timeout: HELPER_TIMEOUT_MS });
    if (run.error) {
        const reason = run.error.code === 'ENOENT' ? 'not found on PATH' : run.error.message;
        throw new BadInputError(`credential helper ${program} for ${registry}: ${reason}`);
    }
    if (run.status !== 0) {
        const said = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
        if (/credentials not found/i.test(said))
            return undefined;
        throw new BadInputError(`credential helper ${program} for ${registry} failed (exit ${run.status}): ${said.split('\n')[0]?.slice(0, 200) ?? ''}`);
    }
    let answer;
    try {
        answer = JSON.parse(run.stdout);
    }
    catch {
        throw new BadInputError(`credential helper ${program} for ${registry}: its answer is not JSON`);
    }
    if (typeof answer.Username !== 'string' || typeof answer.Secret !== 'string') {
        throw new BadInputError(`credential helper ${program} for ${registry}: its answer lacks Username or Secret`);
    }
    if (answer.Username === '<token>')
        return { username: '<token>', password: '', identityToken: answer.Secret };
    return { username: answer.Username, password: answer.Secret };
}
//# sourceMappingURL=credential-helpers.js.map