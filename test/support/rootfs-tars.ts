/**
 * Hand-made layer tars and OCI layouts for the rootfs tests. The tar writer here puts exactly
 * the bytes it is given into ustar headers — names with '..', absolute names, whiteouts, any
 * typeflag, binary PAX records (xattrs, fractional mtimes) — which is what hostile and
 * edge-case layers need and what ordinary writers refuse to produce. Format: POSIX ustar
 * (magic "ustar\0", version "00"), with a PAX 'x' header before an entry when it has PAX
 * records or a name or link target longer than 100 bytes.
 *
 * `writeOciLayout` writes an OCI image layout by hand (image-spec "image-layout.md"):
 * uncompressed layers, a minimal config with the DiffIDs, one manifest per tag, index.json
 * naming each manifest with `org.opencontainers.image.ref.name`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RawEntry {
  /** The name as written ('..', leading '/', trailing '/' all kept). */
  name: string | Buffer;
  /** Typeflag; default '0', or '5' when the name ends with '/'. */
  type?: string;
  data?: Buffer | string;
  linkname?: string | Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
  /** Whole seconds (use pax.mtime for fractions). @default 1700000000 */
  mtime?: number;
  devmajor?: number;
  devminor?: number;
  /** PAX records, e.g. 'SCHILY.xattr.user.x' or 'mtime'. */
  pax?: Record<string, string | Buffer>;
}

const BLOCK = 512;
export const FIXED_MTIME = 1700000000;

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'latin1');
}

function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return Buffer.concat([Buffer.from(String(length)), body]);
}

function headerBlock(name: Buffer, type: string, fields: { mode: number; uid: number; gid: number; size: number; mtime: number; linkname: Buffer; devmajor: number; devminor: number }): Buffer {
  const block = Buffer.alloc(BLOCK);
  name.subarray(0, 100).copy(block, 0);
  octal(block, 100, 8, fields.mode);
  octal(block, 108, 8, fields.uid);
  octal(block, 116, 8, fields.gid);
  octal(block, 124, 12, fields.size);
  octal(block, 136, 12, fields.mtime);
  block.write(type, 156, 1, 'latin1');
  fields.linkname.subarray(0, 100).copy(block, 157);
  block.write('ustar\0', 257, 'latin1');
  block.write('00', 263, 'latin1');
  octal(block, 329, 8, fields.devmajor);
  octal(block, 337, 8, fields.devminor);
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** A tar of these entries, in order, with the end-of-archive marker. */
export function makeTar(entries: readonly RawEntry[]): Buffer {
  const out: Buffer[] = [];
  for (const entry of entries) {
    const name = Buffer.isBuffer(entry.name) ? entry.name : Buffer.from(entry.name);
    const linkname = entry.linkname === undefined ? Buffer.alloc(0) : Buffer.isBuffer(entry.linkname) ? entry.linkname : Buffer.from(entry.linkname);
    const data = entry.data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data);
    const type = entry.type ?? (name[name.length - 1] === 0x2f ? '5' : '0');
    const pax = new Map<string, Buffer>();
    if (name.length > 100) pax.set('path', name);
    if (linkname.length > 100) pax.set('linkpath', linkname);
    for (const [key, value] of Object.entries(entry.pax ?? {})) pax.set(key, Buffer.isBuffer(value) ? value : Buffer.from(value));
    const fields = {
      mode: entry.mode ?? (type === '5' ? 0o755 : 0o644),
      uid: entry.uid ?? 0,
      gid: entry.gid ?? 0,
      size: data.length,
      mtime: entry.mtime ?? FIXED_MTIME,
      linkname,
      devmajor: entry.devmajor ?? 0,
      devminor: entry.devminor ?? 0,
    };
    if (pax.size > 0) {
      const records = Buffer.concat([...pax].map(([k, v]) => paxRecord(k, v)));
      out.push(headerBlock(Buffer.from('././@PaxHeader'), 'x', { mode: 0o644, uid: 0, gid: 0, size: records.length, mtime: 0, linkname: Buffer.alloc(0), devmajor: 0, devminor: 0 }));
      out.push(records, padding(records.length));
    }
    out.push(headerBlock(name, type, fields), data, padding(data.length));
  }
  out.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(out);
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Writes an OCI image layout at `dir`: one image per tag, its layers uncompressed. */
export function writeOciLayout(dir: string, images: readonly { tag: string; layers: readonly Buffer[] }[]): void {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (bytes: Buffer | string): { digest: string; size: number } => {
    const hex = sha256(bytes);
    writeFileSync(join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: Buffer.byteLength(bytes) };
  };
  const manifests = images.map(({ tag, layers }) => {
    const layerDescriptors = layers.map((layer) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...put(layer) }));
    const config = JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: layerDescriptors.map((d) => d.digest) },
      history: layers.map(() => ({ created_by: 'cairn test' })),
    });
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...put(config) },
      layers: layerDescriptors,
    });
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...put(manifest), annotations: { 'org.opencontainers.image.ref.name': tag } };
  });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
}
