import { RegistryDeniedError } from './errors.js';
/** Parses a WWW-Authenticate value into its challenges (scheme lowercased, params unquoted). */
export function parseChallenges(header) {
    const text = Array.isArray(header) ? header.join(', ') : header ?? '';
    const challenges = [];
    const token = /\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*))?\s*,?/y;
    let current;
    token.lastIndex = 0;
    while (token.lastIndex < text.length) {
        const start = token.lastIndex;
        const m = token.exec(text);
        if (!m || token.lastIndex === start)
            break;
        const [, name, value] = m;
        if (value === undefined) {
            current = { scheme: name.toLowerCase(), params: {} };
            challenges.push(current);
            // A scheme may be followed directly by its first param: "Bearer realm=..." (no comma).
            continue;
        }
        if (!current)
            continue;
        current.params[name.toLowerCase()] = value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
    }
    return challenges;
}
/** `repository:NAME:ACTIONS`. */
export function repositoryScope(repository, actions) {
    return `repository:${repository}:${actions.join(',')}`;
}
export class Authenticator {
    #registry;
    #credentials;
    #transport;
    /** The challenge the registry gave last; undefined until a 401 (anonymous until then). */
    #challenge;
    #tokens = new Map();
    constructor(registry, credentials, transport) {
        this.#registry = registry;
        this.#credentials = credentials;
        this.#transport = transport;
    }
    /** The Authorization header for a request needing `scopes`, from what is known already (no request made). */
    cachedHeader(scopes) {
        const challenge = this.#challenge;
        if (!challenge)
            return undefined;
        if (challenge.scheme === 'basic')
            return this.#basicHeader();
        if (challenge.scheme === 'bearer') {
            const cached = this.#tokens.get(scopeKey(scopes));
            if (cached && cached.expires > Date.now())
                return `Bearer ${cached.token}`;
        }
        return undefined;
    }
    /**
     * Answers a 401: returns the Authorization header to retry with, or throws RegistryDeniedError
     * when there is nothing more to try. `sent` is the header the refused request carried.
     */
    async answer(wwwAuthenticate, scopes, sent) {
        const challenges = parseChallenges(wwwAuthenticate);
        const challenge = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
        const scope = scopes.join(' ');
        if (!challenge)
            throw this.#denied('asked for authentication it did not describe', undefined, scope);
        this.#challenge = challenge;
        if (challenge.scheme === 'basic') {
            const header = this.#basicHeader();
            if (header === undefined)
                throw this.#denied('requires credentials (give --creds USER:PASS or --authfile FILE)', challenge.params['realm'], scope);
            if (header === sent)
                throw this.#denied(`refused the credentials of ${this.#credentials.username}`, challenge.params['realm'], scope);
            return header;
        }
        const asked = [...new Set([...scopes, ...(challenge.params['scope'] ? challenge.params['scope'].split(' ') : [])])];
        const token = await this.#fetchToken(challenge, asked);
        const header = `Bearer ${token.token}`;
        if (header === sent)
            throw this.#denied(this.#credentials ? `denied ${this.#credentials.username} access` : 'denied anonymous access', challenge.params['realm'], scope);
        this.#tokens.set(scopeKey(scopes), token);
        return header;
    }
    /** Called when a request with a header still got 401/403: a one-line refusal naming realm and scope. */
    refused(scopes, status) {
        const who = this.#credentials ? this.#credentials.username : 'anonymous';
        const what = status === 403 ? 'forbids' : 'denied';
        return this.#denied(`${what} ${who} access`, this.#challenge?.params['realm'], scopes.join(' '));
    }
    #basicHeader() {
        if (!this.#credentials)
            return undefined;
        return `Basic ${Buffer.from(`${this.#credentials.username}:${this.#credentials.password}`).toString('base64')}`;
    }
    #denied(what, realm, scope) {
        const where = [realm !== undefined ? `realm ${JSON.stringify(realm)}` : undefined, scope ? `scope ${scope}` : undefined].filter(Boolean).join(', ');
        return new RegistryDeniedError(this.#registry, `registry ${this.#registry} ${what}${where ? ` (${where})` : ''}`, { realm, scope });
    }
    async #fetchToken(challenge, scopes) {
        const realm = challenge.params['realm'];
        if (!realm)
            throw this.#denied('gave a bearer challenge without a realm', undefined, scopes.join(' '));
        const url = new URL(realm);
        if (challenge.params['service'])
            url.searchParams.set('service', challenge.params['service']);
        for (const scope of scopes)
            url.searchParams.append('scope', scope);
        const headers = {};
        const basic = this.#basicHeader();
        if (basic)
            headers['authorization'] = basic;
        if (this.#credentials?.identityToken)
            url.searchParams.set('offline_token', 'true');
        const response = await this.#transport.send({ method: 'GET', url: url.href, headers });
        const body = await readSmall(response.body, 1 << 20);
        if (response.status === 401 || response.status === 403) {
            const who = this.#credentials ? `the credentials of ${this.#credentials.username}` : 'anonymous access';
            throw this.#denied(`refused ${who} at its token server`, realm, scopes.join(' '));
        }
        if (response.status !== 200)
            throw this.#denied(`token server answered ${response.status}`, realm, scopes.join(' '));
        let parsed;
        try {
            parsed = JSON.parse(body.toString('utf8'));
        }
        catch (cause) {
            throw new RegistryDeniedError(this.#registry, `registry ${this.#registry}: its token server (${realm}) did not answer JSON`, { realm, cause });
        }
        const token = parsed.token ?? parsed.access_token;
        if (!token)
            throw new RegistryDeniedError(this.#registry, `registry ${this.#registry}: its token server (${realm}) gave no token`, { realm });
        const seconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60;
        return { token, expires: Date.now() + Math.max(seconds - 10, seconds / 2) * 1000 };
    }
}
function scopeKey(scopes) {
    return [...scopes].sort().join(' ');
}
/** Reads a body of at most `limit` bytes (more is refused by the caller as too large). */
export async function readSmall(body, limit) {
    const parts = [];
    let length = 0;
    for await (const chunk of body) {
        length += chunk.length;
        if (length > limit) {
            body.destroy?.();
            throw new RangeError(`body larger than ${limit} bytes`);
        }
        parts.push(chunk);
    }
    return Buffer.concat(parts);
}
//# sourceMappingURL=auth.js.map