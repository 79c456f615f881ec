/**
 * Image archives (OCI archive, docker-archive): tars that hold a layout. They are unpacked into
 * a private temporary directory (regular files and directories only; a path that is absolute or
 * climbs with `..` is refused), read from there like a layout, and the directory is removed
 * once the consumer is done with the archive's images. Also the detection of what a file is,
 * by content: an image archive, or a layer tar. No store here: see sources.ts.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { BadInputError } from '../errors.js';
import { MEDIA_TYPES } from '../recipe/index.js';
import { readEntries } from '../tar/index.js';
import { sha256Digest } from '../digest.js';
import { parseJson } from './blobs.js';
import { decompressed, detectCompression } from './decompress.js';
import { configuredLayers, ociLayoutImages, synthesizeManifest } from './oci-layout.js';
export async function* fileStream(path) {
    try {
        for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 }))
            yield piece;
    }
    catch (cause) {
        throw new BadInputError(`cannot read ${path}: ${cause.message}`, { path, cause });
    }
}
/** Safe relative path of an archive member, or undefined for the archive root. */
function memberPath(name, archive) {
    const trimmed = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
    if (trimmed === '' || trimmed === '.')
        return undefined;
    const normal = normalize(trimmed);
    if (normal.startsWith('/') || normal === '..' || normal.startsWith('../') || trimmed.split('/').includes('..')) {
        throw new BadInputError(`${archive}: member ${JSON.stringify(name)} points outside the archive`, { path: archive });
    }
    return normal;
}
/** What a file is, by its content: only its tar member names are read. */
export async function detectArchiveKind(path) {
    const { stream } = await decompressed(fileStream(path), path);
    let hasOciLayout = false;
    let hasManifestJson = false;
    let entries = 0;
    for await (const entry of readEntries(stream)) {
        entries++;
        const name = entry.header.name.replace(/^(\.\/)+/, '');
        if (name === 'oci-layout')
            hasOciLayout = true;
        if (name === 'manifest.json')
            hasManifestJson = true;
        for await (const piece of entry.data)
            void piece;
    }
    if (entries === 0)
        return 'layer-tar';
    if (hasManifestJson)
        return 'docker-archive';
    if (hasOciLayout)
        return 'oci-archive';
    return 'layer-tar';
}
/** Unpacks an image archive into a new temporary directory; the caller removes it. */
export async function unpackArchive(path) {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-archive-'));
    try {
        const { stream } = await decompressed(fileStream(path), path);
        for await (const entry of readEntries(stream)) {
            const rel = memberPath(entry.header.name, path);
            const type = entry.header.typeflag;
            if (rel === undefined || type === '5') {
                if (rel)
                    await mkdir(join(dir, rel), { recursive: true });
                for await (const piece of entry.data)
                    void piece;
                continue;
            }
            if (type !== '0' && type !== '7') {
                for await (const piece of entry.data)
                    void piece;
                continue; // links and special files have no place in an image archive
            }
            const target = join(dir, rel);
            await mkdir(dirname(target), { recursive: true });
            await pipeline(Readable.from(entry.data), createWriteStream(target, { flags: 'wx' })).catch((cause) => {
                throw new BadInputError(`${path}: cannot unpack ${rel}: ${cause.message}`, { path, cause });
            });
        }
        return dir;
    }
    catch (error) {
        await rm(dir, { recursive: true, force: true });
        throw error;
    }
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
/** The images of an unpacked docker-archive (`docker save`, `skopeo copy … docker-archive:`). */
export async function* dockerArchiveImages(dir, archive, signal) {
    const manifestBytes = await readFile(join(dir, 'manifest.json')).catch((cause) => {
        throw new BadInputError(`${archive}: no manifest.json: ${cause.message}`, { path: archive, cause });
    });
    const entries = parseJson(manifestBytes, `${archive}: manifest.json`);
    if (!Array.isArray(entries) || entries.length === 0)
        throw new BadInputError(`${archive}: manifest.json lists no image`, { path: archive });
    for (const entry of entries) {
        if (typeof entry.Config !== 'string' || !Array.isArray(entry.Layers))
            throw new BadInputError(`${archive}: a manifest.json entry has no Config or Layers`, { path: archive });
        const configPath = join(dir, memberPath(entry.Config, archive) ?? '');
        const configBytes = await readFile(configPath).catch((cause) => {
            throw new BadInputError(`${archive}: missing config ${entry.Config}: ${cause.message}`, { path: archive, cause });
        });
        const layerFiles = entry.Layers.map((l) => join(dir, memberPath(l, archive) ?? ''));
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
        const { config, layers } = configuredLayers(configBytes, descriptors, (_, i) => fileStream(layerFiles[i]), archive, signal);
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
/** The images of an OCI archive or docker-archive file; its temporary directory goes when the consumer is done. */
export async function* imageArchiveImages(path, kind, options) {
    const dir = await unpackArchive(path);
    try {
        if (kind === 'docker-archive')
            yield* dockerArchiveImages(dir, path, options.signal);
        else
            yield* ociLayoutImages(dir, { repository: options.repository ?? defaultRepository(path), source: 'oci-archive', signal: options.signal });
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
}
function defaultRepository(path) {
    const base = path.split('/').pop() ?? 'image';
    return base.replace(/\.(tar|tgz|oci)(\.(gz|zst))?$/i, '') || 'image';
}
//# sourceMappingURL=archive.js.map