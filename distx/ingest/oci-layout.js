/**
 * OCI image layout directories (image-spec "image-layout.md"), read without a store:
 * index.json is walked through nested indexes to every manifest; manifests, configs and
 * indexes are read whole (they are small) and checked against their digests; each layer blob
 * is streamed, decompressed by content, and its digest checked at its end.
 *
 * Names come from the `org.opencontainers.image.ref.name` annotation: a full reference
 * (`repo:tag`) is used as is, a bare tag gets the repository given (--name) or the layout
 * directory's base name. Where one name covers several platforms, the name goes to the one
 * matching this machine (else the first); the others are unnamed, reachable by digest.
 */
import { arch } from 'node:os';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { BadInputError } from '../errors.js';
import { parseDigest, sha256Digest } from '../digest.js';
import { MEDIA_TYPES } from '../recipe/index.js';
import { blobPath, parseJson, readSmallBlob, readVerifiedBlob } from './blobs.js';
import { decompressed } from './decompress.js';
import { tarLayerParts } from './layer-parts.js';
const REF_NAME = 'org.opencontainers.image.ref.name';
const INDEX_TYPES = new Set([MEDIA_TYPES.index, 'application/vnd.docker.distribution.manifest.list.v2+json']);
function hostArchitecture() {
    return { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' }[arch()] ?? arch();
}
/** `repo:tag` for a ref name; bare tags take `repository`. */
export function imageName(refName, repository) {
    const lastSlash = refName.lastIndexOf('/');
    if (refName.slice(lastSlash + 1).includes(':') || refName.includes('@'))
        return refName;
    if (lastSlash >= 0)
        return `${refName}:latest`;
    return `${repository}:${refName}`;
}
/**
 * The layers of an image, from its config's DiffIDs and the manifest's layer descriptors;
 * `openBlob` streams a blob as stored. Shared by OCI layouts and docker-archives.
 */
export function configuredLayers(configBytes, descriptors, openBlob, what, signal) {
    const config = parseJson(configBytes, `${what}: config`);
    const diffIds = config.rootfs?.diff_ids;
    if (!Array.isArray(diffIds) || diffIds.length !== descriptors.length) {
        throw new BadInputError(`${what}: the config lists ${Array.isArray(diffIds) ? diffIds.length : 'no'} DiffIDs for ${descriptors.length} layers`);
    }
    const layers = descriptors.map((descriptor, i) => {
        const diffId = parseDigest(diffIds[i], 'DiffID');
        const layerWhat = `${what}: layer ${descriptor.digest}`;
        const open = async function* () {
            const { stream } = await decompressed(openBlob(descriptor, i), layerWhat);
            yield* stream;
        };
        return {
            diffId,
            blob: { digest: parseDigest(descriptor.digest), size: descriptor.size ?? 0, mediaType: descriptor.mediaType ?? MEDIA_TYPES.layerGzip },
            what: layerWhat,
            open,
            parts: () => tarLayerParts(open(), { signal, what: layerWhat }),
        };
    });
    return { config, layers };
}
/** Every image of an OCI layout directory, each distinct manifest once, with all its names. */
export async function* ociLayoutImages(dir, options = {}) {
    const layoutFile = await readFile(join(dir, 'oci-layout'), 'utf8').catch(() => undefined);
    if (layoutFile === undefined)
        throw new BadInputError(`${dir}: not an OCI image layout (no oci-layout file)`, { path: dir });
    const layoutInfo = parseJson(Buffer.from(layoutFile), `${dir}/oci-layout`);
    if (typeof layoutInfo.imageLayoutVersion !== 'string')
        throw new BadInputError(`${dir}/oci-layout: no imageLayoutVersion`, { path: dir });
    const indexBytes = await readFile(join(dir, 'index.json')).catch((cause) => {
        throw new BadInputError(`${dir}: cannot read index.json: ${cause.message}`, { path: dir, cause });
    });
    const repository = options.repository ?? basename(resolve(dir));
    const found = [];
    const indexBlobs = new Map();
    const walk = async (manifests, refName, chain, depth) => {
        if (!Array.isArray(manifests))
            throw new BadInputError(`${dir}: an index has no manifests list`, { path: dir });
        if (depth > 8)
            throw new BadInputError(`${dir}: image indexes nested too deep`, { path: dir });
        for (const d of manifests) {
            if (!d || typeof d.digest !== 'string')
                throw new BadInputError(`${dir}: a descriptor has no digest`, { path: dir });
            const name = d.annotations?.[REF_NAME] ?? refName;
            if (d.mediaType && INDEX_TYPES.has(d.mediaType)) {
                const digest = parseDigest(d.digest);
                if (indexBlobs.has(digest))
                    continue;
                const bytes = await readSmallBlob(dir, d.digest, d.size);
                indexBlobs.set(digest, bytes);
                await walk(parseJson(bytes, `index ${d.digest}`).manifests, name, [...chain, digest], depth + 1);
            }
            else {
                found.push({ descriptor: d, refName: name, indexes: chain });
            }
        }
    };
    await walk(parseJson(indexBytes, `${dir}/index.json`).manifests, undefined, [], 0);
    if (found.length === 0)
        throw new BadInputError(`${dir}: the layout holds no image manifest`, { path: dir });
    // One name per ref name: the manifest for this machine's platform, else the first.
    const owner = new Map();
    for (const f of found) {
        if (!f.refName)
            continue;
        const current = owner.get(f.refName);
        const matches = (x) => x.descriptor.platform?.architecture === hostArchitecture();
        if (!current || (!matches(current) && matches(f)))
            owner.set(f.refName, f);
    }
    // Each distinct manifest once, in order of first appearance, with every name it owns.
    const images = new Map();
    for (const f of found) {
        const digest = parseDigest(f.descriptor.digest);
        let image = images.get(digest);
        if (!image) {
            image = { first: f, names: [] };
            images.set(digest, image);
        }
        if (f.refName && owner.get(f.refName) === f)
            image.names.push(imageName(f.refName, repository));
    }
    for (const [digest, { first, names }] of images) {
        const manifestBytes = await readSmallBlob(dir, digest, first.descriptor.size);
        const manifest = parseJson(manifestBytes, `manifest ${digest}`);
        if (!manifest.config || !Array.isArray(manifest.layers))
            throw new BadInputError(`manifest ${digest}: no config or layers`, { digest });
        const configBytes = await readSmallBlob(dir, manifest.config.digest, manifest.config.size);
        for (const descriptor of manifest.layers) {
            if (!descriptor || typeof descriptor.digest !== 'string')
                throw new BadInputError(`manifest ${digest}: a layer has no digest`, { digest });
        }
        const what = `${dir}: manifest ${digest}`;
        const { config, layers } = configuredLayers(configBytes, manifest.layers, (descriptor) => readVerifiedBlob(blobPath(dir, descriptor.digest), descriptor.digest, descriptor.size), what, options.signal);
        yield {
            kind: options.source ?? 'oci-layout',
            path: dir,
            names,
            what,
            manifest: { digest, mediaType: manifest.mediaType ?? first.descriptor.mediaType ?? MEDIA_TYPES.manifest, bytes: manifestBytes },
            config: { digest: sha256Digest(configBytes), bytes: configBytes, os: config.os, architecture: config.architecture, variant: config.variant },
            indexes: first.indexes.map((d) => ({ digest: d, bytes: indexBlobs.get(d) })),
            layers,
        };
    }
}
/** A manifest cairn writes for images that came without one (docker-archive, lone layer tars). */
export function synthesizeManifest(configBytes, layers) {
    return Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.manifest,
        config: { mediaType: MEDIA_TYPES.config, digest: sha256Digest(configBytes), size: configBytes.length },
        layers,
    }));
}
//# sourceMappingURL=oci-layout.js.map