/**
 * A token server for registry tests, speaking docker's token protocol: GET REALM?service=S&scope=
 * repository:NAME:ACTIONS (several scopes allowed) with basic credentials answers
 * {"token", "access_token", "expires_in", "issued_at"}: a JWT signed RS256 with a key made by
 * openssl, whose self-signed certificate is the registry's rootcertbundle. The JWT's `kid` is
 * the key's libtrust ID (what distribution looks trusted keys up by). Wrong or missing
 * credentials get 401. Requests are recorded for the tests to inspect.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { scratchDir } from './scratch.js';

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  /** The PEM certificate to give the registry as rootcertbundle. */
  rootCertBundle: string;
  /** Every token request: the scopes asked and whether credentials were accepted. */
  requests: { scopes: string[]; account: string | undefined; granted: boolean }[];
  close(): Promise<void>;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** libtrust's key ID: sha256 of the DER public key, first 240 bits, base32, groups of 4 joined by ':'. */
function libtrustKeyId(publicKeyDer: Buffer): string {
  const b32 = base32(createHash('sha256').update(publicKeyDer).digest().subarray(0, 30));
  return b32.match(/.{4}/g)!.join(':');
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** Starts a token server on a free loopback port; `users` maps user → password. */
export async function startTokenServer(users: Record<string, string>, service = 'cairn-test-registry'): Promise<TokenServer> {
  const dir = scratchDir('cairn-token-');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'token.key', '-out', 'token.crt', '-days', '1', '-subj', '/CN=cairn token issuer'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const privateKey = createPrivateKey(readFileSync(join(dir, 'token.key')));
  const kid = libtrustKeyId(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  const issuer = 'cairn-test-issuer';
  const requests: TokenServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const scopes = url.searchParams.getAll('scope');
    const header = req.headers.authorization ?? '';
    let account: string | undefined;
    let granted = false;
    if (header.startsWith('Basic ')) {
      const [user, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      account = user;
      granted = user !== undefined && users[user] !== undefined && users[user] === rest.join(':');
    }
    requests.push({ scopes, account, granted });
    if (!granted) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="cairn-token"' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const access = scopes.flatMap((scope) => {
      const m = /^repository:([^:]+):(.*)$/.exec(scope);
      return m ? [{ type: 'repository', name: m[1], actions: m[2]!.split(',').filter((a) => a === 'pull' || a === 'push') }] : [];
    });
    const claims = { iss: issuer, sub: account, aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: `${now}-${requests.length}`, access };
    const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const body = b64url(JSON.stringify(claims));
    const signature = sign('sha256', Buffer.from(`${head}.${body}`), privateKey);
    const token = `${head}.${body}.${b64url(signature)}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    rootCertBundle: join(dir, 'token.crt'),
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
