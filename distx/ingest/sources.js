/**
 * Image sources: what each input path holds, found by content and read without a store. An
 * input is an OCI image layout directory (it has an oci-layout file), any other directory (a
 * one-layer image of its tree), an OCI archive or docker-archive (a tar holding oci-layout or
 * manifest.json), or a layer tar (plain, gzip or zstd; a one-layer image). Each image comes
 * with its names, its manifest and config bytes (verbatim, digest-checked) when it has them,
 * and per layer the DiffID its config gives, the blob descriptor, and a way to stream its
 * uncompressed tar. Ingest stores what this yields; `analyze` measures it.
 *
 * Images are yielded one at a time; an archive's temporary directory lives until the consumer
 * has moved past its last image (or stopped), so read an image's layers before the next one.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import { fileStream } from '../file-stream.js';
import { fsReason } from '../fs-errors.js';
import { decompressed, detectArchiveKind, imageArchiveImages, ociLayoutImages } from '../oci/index.js';
import { directoryLayerParts, planDirectory } from './directory.js';
import { fileFingerprint } from './files-cache.js';
import { layerBytes, tarLayerParts } from './layer-parts.js';
import { surelyLayerTar } from './layer-tar-check.js';
/** Every image the paths hold, in order, recognised by content. */
export async function* openImageSources(paths, options = {}) {
    if (options.name !== undefined && paths.length > 1)
        throw new BadInputError('--name applies to a single input; give one path');
    const repository = options.name?.replace(/:[^/:]*$/, '');
    for (const path of paths) {
        // An input given as a symlink is followed (the links inside a directory are not).
        const info = await stat(path).catch((cause) => {
            throw new BadInputError(`cannot read ${path}: ${fsReason(cause)}`, { path, cause });
        });
        const isLayout = info.isDirectory() && (await stat(join(path, 'oci-layout')).then(() => true, () => false));
        if (isLayout) {
            for await (const image of ociLayoutImages(path, { repository, source: 'oci-layout', onBytes: options.onBytes }))
                yield withParts(image, options.signal);
        }
        else if (info.isDirectory()) {
            // One walk serves the files cache's fingerprint and the tar's headers.
            let plan;
            const planned = () => (plan ??= planDirectory(path, { onWarning: options.onWarning }));
            yield singleLayerImage('directory', path, options.name, {
                diffId: undefined,
                blob: undefined,
                what: path,
                fingerprint: async () => (await planned()).fingerprint,
                parts: async function* () {
                    yield* directoryLayerParts(path, { onWarning: options.onWarning, onBytes: options.onBytes, plan: await planned() });
                },
                open: () => layerBytes(directoryLayerParts(path, { onWarning: options.onWarning, onBytes: options.onBytes })),
            });
        }
        else if (info.isFile()) {
            // A plain layer tar is told by its headers alone; anything else gets the full detection.
            const plain = await surelyLayerTar((await decompressed(fileStream(path), path)).stream);
            const kind = plain ? 'layer-tar' : await detectArchiveKind(path);
            if (kind === 'layer-tar') {
                const open = async function* () {
                    const { stream } = await decompressed(fileStream(path, { onBytes: options.onBytes }), path);
                    yield* stream;
                };
                yield singleLayerImage('layer-tar', path, options.name, {
                    diffId: undefined,
                    blob: undefined,
                    what: path,
                    fingerprint: () => fileFingerprint(path),
                    open,
                    parts: () => tarLayerParts(open(), { signal: options.signal, what: path }),
                });
            }
            else {
                for await (const image of imageArchiveImages(path, kind, { repository, onBytes: options.onBytes }))
                    yield withParts(image, options.signal);
            }
        }
        else {
            throw new BadInputError(`not a file or directory: ${path}`, { path });
        }
    }
}
/** An image read by the OCI readers, its layers also given as parts. */
function withParts(image, signal) {
    return {
        ...image,
        layers: image.layers.map((layer) => ({
            diffId: layer.diffId,
            blob: layer.blob,
            what: layer.what,
            open: () => layer.open(),
            parts: (tap) => tarLayerParts(layer.open(tap), { signal, what: layer.what }),
        })),
    };
}
function singleLayerImage(kind, path, name, layer) {
    return { kind, path, names: name ? [name] : [], what: path, indexes: [], layers: [layer] };
}
//# sourceMappingURL=sources.js.map