/**
 * Finding and recording the artifacts whose `subject` is an image: the referrers API
 * (GET /v2/<name>/referrers/<digest>) where the registry has one, else the distribution
 * spec's tag fallback, an image index tagged `sha256-<hex>` that lists them.
 */
import { createHash } from 'node:crypto';
import { BadInputError, CorruptDataError } from '../../errors.js';
import { OCI_INDEX, referrersTag } from './format.js';
/** Largest manifest or index accepted (the distribution spec's limit). */
export const MAX_MANIFEST_BYTES = 4 << 20;
const sha = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
function descriptorsOf(bytes, what) {
    if (bytes.length > MAX_MANIFEST_BYTES)
        throw new BadInputError(`registry: ${what} is larger than 4 MiB`);
    let index;
    try {
        index = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new CorruptDataError(`registry: ${what} is not valid JSON`);
    }
    if (!Array.isArray(index.manifests))
        return [];
    return index.manifests.filter((d) => typeof d === 'object' && d !== null && typeof d.digest === 'string' && typeof d.size === 'number');
}
/** The artifacts (descriptors with their artifactType and annotations) that refer to `subject`. */
export async function listReferrers(remote, subject, traffic) {
    const api = await remote.referrers(subject);
    if (api) {
        traffic.got('manifests', api.length);
        return descriptorsOf(api, 'the referrers index');
    }
    traffic.asked();
    const tagged = await remote.getManifest(referrersTag(subject));
    if (!tagged) {
        traffic.asked();
        return [];
    }
    traffic.got('manifests', tagged.bytes.length);
    return descriptorsOf(tagged.bytes, 'the referrers tag');
}
/**
 * Records `artifact` as a referrer of `subject` in the tag fallback index (read, merged,
 * written back). Registries with a referrers API need none of this: pushing the artifact's
 * manifest is enough (they answer with an `OCI-Subject` header).
 */
export async function addReferrer(remote, subject, artifact, traffic, supersedes = () => false) {
    const tag = referrersTag(subject);
    const existing = await remote.getManifest(tag);
    traffic.got('manifests', existing?.bytes.length ?? 0);
    // The artifact replaces an earlier one it supersedes (same kind, same base), whose tag it has taken over.
    const manifests = existing ? descriptorsOf(existing.bytes, 'the referrers tag').filter((d) => d.digest !== artifact.digest && !supersedes(d)) : [];
    manifests.push(artifact);
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }));
    await remote.putManifest(tag, index, OCI_INDEX);
    traffic.put('manifests', index.length);
}
/** A manifest by digest, checked against it; undefined if the registry has none (a referrer deleted since it was listed). */
export async function fetchManifest(remote, digest, traffic) {
    const got = await remote.getManifest(digest);
    if (!got)
        return undefined;
    traffic.got('manifests', got.bytes.length);
    if (got.bytes.length > MAX_MANIFEST_BYTES)
        throw new BadInputError(`registry: manifest ${digest} is larger than 4 MiB`);
    if (sha(got.bytes) !== digest)
        throw new CorruptDataError(`registry: manifest ${digest} does not match its digest`, { digest });
    return got.bytes;
}
//# sourceMappingURL=referrers.js.map