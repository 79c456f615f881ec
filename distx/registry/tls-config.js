/**
 * TLS settings for a registry, from a certificate directory in the containers-tools layout:
 * every `*.crt` is a CA certificate added to the system's, and each `NAME.cert` with its
 * `NAME.key` is a client certificate. Without --cert-dir, `/etc/containers/certs.d/HOST:PORT`
 * and `/etc/docker/certs.d/HOST:PORT` are read when present, as podman and docker do.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { BadInputError } from '../errors.js';
function readPem(path) {
    try {
        return readFileSync(path, 'utf8');
    }
    catch (cause) {
        throw new BadInputError(`cannot read ${path}: ${cause.message}`, { path, cause });
    }
}
/** Reads one certificate directory (see the module comment). */
export function readCertDir(dir) {
    let names;
    try {
        names = readdirSync(dir).sort();
    }
    catch (cause) {
        throw new BadInputError(`--cert-dir ${dir}: ${cause.message}`, { path: dir, cause });
    }
    const extra = names.filter((n) => n.endsWith('.crt')).map((n) => readPem(join(dir, n)));
    const settings = extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {};
    for (const name of names.filter((n) => n.endsWith('.cert'))) {
        const keyName = name.slice(0, -'.cert'.length) + '.key';
        if (!names.includes(keyName))
            throw new BadInputError(`--cert-dir ${dir}: ${name} has no ${keyName} beside it`, { path: dir });
        settings.cert = readPem(join(dir, name));
        settings.key = readPem(join(dir, keyName));
    }
    return settings;
}
/** The TLS settings for `endpoint`: --cert-dir when given, else the system directories for it when present. */
export function tlsSettingsFor(endpoint, certDir) {
    if (certDir !== undefined)
        return readCertDir(certDir);
    for (const base of ['/etc/containers/certs.d', '/etc/docker/certs.d']) {
        const dir = join(base, endpoint);
        if (existsSync(dir))
            return readCertDir(dir);
    }
    return {};
}
//# sourceMappingURL=tls-config.js.map