/**
 * docker-archives (`docker save`, `skopeo copy … docker-archive:`), once unpacked: manifest.json
 * lists each image's config and layer files; the manifest, which the format does not carry,
 * is synthesized from them (each layer's digest, size and compression read from its file).
 */
import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import { MEDIA_TYPES } from '../recipe/index.js';
import { sha256Digest } from '../digest.js';
import { fileStream } from '../file-stream.js';
import { memberPath } from './archive-members.js';
import { parseJson } from './blobs.js';
import { detectCompression } from './decompress.js';
import { configuredLayers, synthesizeManifest } from './layout-reader.js';
/** The unpacked file of member `name`, which must be a regular file (or a link to one) in the archive. */
async function memberFile(dir, name, archive, role) {
    const rel = memberPath(name, archive);
    const path = join(dir, rel ?? '');
    const info = rel === undefined ? undefined : await stat(path).catch(() => undefined);
    if (!info?.isFile()) {
        const what = role === name ? name : `${role} ${name}`;
        throw new BadInputError(`${archive}: ${what} is not a file in the archive, nor a link to one`, { path: archive });
    }
    return path;
}
/** sha256 and size of a file, streaming. */
async function digestFile(path) {
    const hash = createHash('sha256');
    let size = 0;
    for await (const piece of fileStream(path)) {
        hash.update(piece);
        size += piece.length;
    }
    return { digest: 'sha256:' + hash.digest('hex'), size };
}
/** The images of an unpacked docker-archive; `archive` names it in messages; `onBytes` sees layer bytes as they are read. */
export async function* dockerArchiveImages(dir, archive, onBytes) {
    const manifestBytes = await readFile(await memberFile(dir, 'manifest.json', archive, 'manifest.json'));
    const entries = parseJson(manifestBytes, `${archive}: manifest.json`);
    if (!Array.isArray(entries) || entries.length === 0)
        throw new BadInputError(`${archive}: manifest.json lists no image`, { path: archive });
    for (const entry of entries) {
        if (typeof entry.Config !== 'string' || !Array.isArray(entry.Layers))
            throw new BadInputError(`${archive}: a manifest.json entry has no Config or Layers`, { path: archive });
        const configBytes = await readFile(await memberFile(dir, entry.Config, archive, 'config'));
        const layerFiles = [];
        for (const layer of entry.Layers)
            layerFiles.push(await memberFile(dir, String(layer), archive, 'layer'));
        const descriptors = [];
        for (const file of layerFiles) {
            const { digest, size } = await digestFile(file);
            const head = Buffer.alloc(8);
            const fh = await open(file, 'r');
            await fh.read(head, 0, 8, 0);
            await fh.close();
            const kind = detectCompression(head);
            const mediaType = kind === 'gzip' ? MEDIA_TYPES.layerGzip : kind === 'zstd' ? MEDIA_TYPES.layerZstd : MEDIA_TYPES.layerTar;
            descriptors.push({ mediaType, digest, size });
        }
        const manifest = synthesizeManifest(configBytes, descriptors);
        const { config, layers } = configuredLayers(configBytes, descriptors, (_, i) => fileStream(layerFiles[i], { what: `${archive}: layer ${String(entry.Layers[i])}`, onBytes }), archive);
        yield {
            kind: 'docker-archive',
            path: archive,
            names: (entry.RepoTags ?? []).filter((t) => typeof t === 'string'),
            what: archive,
            manifest: { digest: sha256Digest(manifest), mediaType: MEDIA_TYPES.manifest, bytes: manifest },
            config: { digest: sha256Digest(configBytes), bytes: configBytes, os: config.os, architecture: config.architecture, variant: config.variant },
            indexes: [],
            layers,
        };
    }
}
//# sourceMappingURL=docker-archive.js.map