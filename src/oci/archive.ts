/**
 * Image archives (OCI archive, docker-archive): tars that hold a layout. They are unpacked into
 * a private temporary directory (regular files, directories, and links to regular members; a
 * path that is absolute or climbs with `..` is refused), read from there, and the directory is removed
 * once the consumer is done with the archive's images. Also the detection of what a file is,
 * by content: an image archive, or a layer tar.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { BadInputError } from '../errors.js';
import { readEntries } from '../tar/index.js';
import { fileStream } from '../file-stream.js';
import { fsReason } from '../fs-errors.js';
import { linkTarget, materializeLinks, memberPath } from './archive-members.js';
import { decompressed } from './decompress.js';
import { dockerArchiveImages } from './docker-archive.js';
import { ociLayoutImages } from './layout-reader.js';
import type { OciImage } from './types.js';

export type InputKind = 'oci-archive' | 'docker-archive' | 'layer-tar';

/** What a file is, by its content: only its tar member names are read. */
export async function detectArchiveKind(path: string): Promise<InputKind> {
  const { stream } = await decompressed(fileStream(path), path);
  let hasOciLayout = false;
  let hasManifestJson = false;
  let entries = 0;
  for await (const entry of readEntries(stream)) {
    entries++;
    const name = entry.header.name.replace(/^(\.\/)+/, '');
    if (name === 'oci-layout') hasOciLayout = true;
    if (name === 'manifest.json') hasManifestJson = true;
    for await (const piece of entry.data) void piece;
  }
  if (entries === 0) return 'layer-tar';
  if (hasManifestJson) return 'docker-archive';
  if (hasOciLayout) return 'oci-archive';
  return 'layer-tar';
}

/**
 * Unpacks an image archive into a new temporary directory under `parent` (the system's
 * temporary directory by default); the caller removes it. Regular
 * files and directories are written; links to regular members become those files (see
 * archive-members.ts); other members (devices, fifos) are skipped.
 */
export async function unpackArchive(path: string, parent = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(parent, 'cairn-archive-'));
  try {
    const { stream } = await decompressed(fileStream(path), path);
    const files = new Set<string>();
    const links = new Map<string, string | undefined>();
    for await (const entry of readEntries(stream)) {
      const rel = memberPath(entry.header.name, path);
      const type = entry.header.typeflag;
      if (rel !== undefined && (type === '1' || type === '2')) links.set(rel, linkTarget(rel, entry.header.linkname, type === '1'));
      if (rel === undefined || type === '5') {
        if (rel) await mkdir(join(dir, rel), { recursive: true });
        for await (const piece of entry.data) void piece;
        continue;
      }
      if (type !== '0' && type !== '7') {
        for await (const piece of entry.data) void piece;
        continue;
      }
      const target = join(dir, rel);
      await mkdir(dirname(target), { recursive: true });
      await pipeline(Readable.from(entry.data), createWriteStream(target, { flags: 'wx' })).catch((cause: Error) => {
        throw new BadInputError(`${path}: cannot unpack member ${rel}: ${fsReason(cause)}`, { path, cause });
      });
      files.add(rel);
      links.delete(rel);
    }
    await materializeLinks(dir, links, files);
    return dir;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The images of an OCI archive or docker-archive file; its temporary directory goes when the consumer is done. */
export async function* imageArchiveImages(path: string, kind: 'oci-archive' | 'docker-archive', options: { repository?: string; onBytes?: (bytes: number) => void; tmpDir?: string } = {}): AsyncGenerator<OciImage> {
  const dir = await unpackArchive(path, options.tmpDir);
  try {
    if (kind === 'docker-archive') yield* dockerArchiveImages(dir, path, options.onBytes);
    else yield* ociLayoutImages(dir, { repository: options.repository ?? defaultRepository(path), source: 'oci-archive', label: path, onBytes: options.onBytes });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function defaultRepository(path: string): string {
  const base = path.split('/').pop() ?? 'image';
  return base.replace(/\.(tar|tgz|oci)(\.(gz|zst))?$/i, '') || 'image';
}
