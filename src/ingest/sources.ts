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
import { decompressed, detectArchiveKind, imageArchiveImages, ociLayoutImages, type LayerBlob, type LayerTap, type OciImage } from '../oci/index.js';
import { directoryLayerParts, planDirectory, type DirectoryPlan } from './directory.js';
import { fileFingerprint, type InputFingerprint } from './files-cache.js';
import { layerBytes, tarLayerParts, type LayerPart } from './layer-parts.js';
import { surelyLayerTarFile } from './layer-tar-check.js';

export type { LayerBlob };

/** Where an image came from; recorded as the image record's `source`. */
export type ImageSourceKind = 'oci-layout' | 'oci-archive' | 'docker-archive' | 'layer-tar' | 'directory' | 'registry';

export interface LayerSource {
  /** The DiffID the image config gives; undefined for directories and lone layer tars (known once read). */
  readonly diffId: string | undefined;
  /** The blob descriptor; undefined for directories and lone layer tars. */
  readonly blob: LayerBlob | undefined;
  /** Names the layer in messages. */
  readonly what: string;
  /** The uncompressed tar as it streams (decompressed by content; a blob's digest and size are checked at its end). */
  open(): AsyncGenerator<Uint8Array>;
  /** The same bytes as framing and file payloads (a directory's never go through a tar parser); `tap` watches a layer blob being read. */
  parts(tap?: LayerTap, options?: LayerPartsOptions): AsyncGenerator<LayerPart>;
  /** Directories and lone layer tars: what the input looks like now, for the files cache. */
  fingerprint?(): Promise<InputFingerprint>;
}

export interface LayerPartsOptions {
  /**
   * The consumer lets go of a payload's pieces before it asks for the next (storeLayer does):
   * a directory's large files are then read into one reused buffer (their parts are
   * `transient`). Other sources ignore it.
   */
  transient?: boolean;
}

export interface ImageSource {
  kind: ImageSourceKind;
  /** The input path this image came from. */
  path: string;
  /** Names (`repo:tag`) as DESIGN.md fixes them; may be empty. */
  names: string[];
  /** Names the image in messages. */
  what: string;
  /** The manifest, verbatim (synthesized for docker-archives); absent for directories and lone layer tars. */
  manifest?: { digest: string; mediaType: string; bytes: Buffer };
  /** The config, verbatim; absent for directories and lone layer tars. */
  config?: { digest: string; bytes: Buffer; os?: string; architecture?: string; variant?: string };
  /** Image indexes through which the manifest was reached, outermost first, verbatim. */
  indexes: { digest: string; bytes: Buffer }[];
  layers: LayerSource[];
}

export interface ImageSourceOptions {
  /** Name for an image made from a directory or a lone layer tar; its repository names a layout's bare tags. */
  name?: string;
  signal?: AbortSignal;
  /** Things skipped or not kept (sockets, unreadable xattrs); reading goes on. */
  onWarning?: (message: string) => void;
  /**
   * Sees the input bytes of layer data as they are read: a layer tar's file, a layout's or
   * archive's layer blobs, a directory's files (ingest counts its progress with it).
   */
  onBytes?: (bytes: number) => void;
  /** Where an image archive is unpacked while it is read (ingest gives the store's tmp/); the system's temporary directory by default. */
  tmpDir?: string;
}

/** Every image the paths hold, in order, recognised by content. */
export async function* openImageSources(paths: readonly string[], options: ImageSourceOptions = {}): AsyncGenerator<ImageSource> {
  if (options.name !== undefined && paths.length > 1) throw new BadInputError('--name applies to a single input; give one path');
  const repository = options.name?.replace(/:[^/:]*$/, '');
  for (const path of paths) {
    // An input given as a symlink is followed (the links inside a directory are not).
    const info = await stat(path).catch((cause: unknown) => {
      throw new BadInputError(`cannot read ${path}: ${fsReason(cause)}`, { path, cause });
    });
    const isLayout = info.isDirectory() && (await stat(join(path, 'oci-layout')).then(() => true, () => false));
    if (isLayout) {
      for await (const image of ociLayoutImages(path, { repository, source: 'oci-layout', onBytes: options.onBytes })) yield withParts(image, options.signal);
    } else if (info.isDirectory()) {
      // One walk serves the files cache's fingerprint and the tar's headers.
      let plan: Promise<DirectoryPlan> | undefined;
      const planned = (): Promise<DirectoryPlan> => (plan ??= planDirectory(path, { onWarning: options.onWarning }));
      yield singleLayerImage('directory', path, options.name, {
        diffId: undefined,
        blob: undefined,
        what: path,
        fingerprint: async () => (await planned()).fingerprint,
        parts: async function* (_tap?: LayerTap, partsOptions: LayerPartsOptions = {}) {
          yield* directoryLayerParts(path, { onWarning: options.onWarning, onBytes: options.onBytes, plan: await planned(), transient: partsOptions.transient });
        },
        open: () => layerBytes(directoryLayerParts(path, { onWarning: options.onWarning, onBytes: options.onBytes })),
      });
    } else if (info.isFile()) {
      // A plain layer tar is told by its headers alone; anything else gets the full detection.
      const plain = await surelyLayerTarFile(path);
      const kind = plain ? 'layer-tar' : await detectArchiveKind(path);
      if (kind === 'layer-tar') {
        const open = async function* (): AsyncGenerator<Uint8Array> {
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
      } else {
        for await (const image of imageArchiveImages(path, kind, { repository, onBytes: options.onBytes, tmpDir: options.tmpDir })) yield withParts(image, options.signal);
      }
    } else {
      throw new BadInputError(`not a file or directory: ${path}`, { path });
    }
  }
}

/** An image read by the OCI readers, its layers also given as parts. */
function withParts(image: OciImage, signal: AbortSignal | undefined): ImageSource {
  return {
    ...image,
    layers: image.layers.map((layer) => ({
      diffId: layer.diffId,
      blob: layer.blob,
      what: layer.what,
      open: () => layer.open(),
      parts: (tap?: LayerTap) => tarLayerParts(layer.open(tap), { signal, what: layer.what }),
    })),
  };
}

function singleLayerImage(kind: 'directory' | 'layer-tar', path: string, name: string | undefined, layer: LayerSource): ImageSource {
  return { kind, path, names: name ? [name] : [], what: path, indexes: [], layers: [layer] };
}
