/** The error for a registry answer that is not the one expected, from its status and the distribution spec's `errors` body. */
import { NotFoundError } from '../errors.js';
import { readSmall } from './auth.js';
import { RegistryResponseError } from './errors.js';
/** 404 → NotFoundError naming `what`; any other status → RegistryResponseError with the registry's error codes. */
export async function responseFailure(registry, response, what) {
    let codes = [];
    try {
        const body = await readSmall(response.body, 64 * 1024);
        codes = (JSON.parse(body.toString('utf8')).errors ?? []).filter((e) => typeof e?.code === 'string');
    }
    catch {
        codes = [];
    }
    const said = codes.length > 0 ? `: ${codes.map((c) => `${c.code}${c.message ? ` (${c.message})` : ''}`).join(', ')}` : '';
    if (response.status === 404)
        return new NotFoundError(`${what} not found in registry ${registry}${said}`);
    return new RegistryResponseError(`registry ${registry} answered ${response.status} to ${what}${said}`, response.status, codes);
}
//# sourceMappingURL=response-errors.js.map