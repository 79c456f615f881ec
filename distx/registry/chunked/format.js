/**
 * cairn's chunk data beside a pushed image (docs/registry.md): the names, the pack record
 * header and the chunk index encoding. No I/O.
 *
 *   pack record  = digest (32) | kind (u8) | codec (u8) | raw length (u32 BE) | stored length (u32 BE) | stored bytes
 *   chunk index  = "CCI1" | varint n | n bytes chunker identity (UTF-8)
 *                | varint packCount | packCount × (pack digest (32) | varint size | varint count | count × (kind (u8) | digest (32) | varint recordLength))
 *                | varint layerCount | layerCount × (diffId (32) | varint tarLength | varint partCount | partCount × (part digest (32) | varint tarLength))
 *
 * A pack's records are listed in order; each one's offset is the sum of the lengths before it.
 */
import { CorruptDataError } from '../../errors.js';
import { VarintReader, VarintWriter } from '../../recipe/varint.js';
export const CHUNKS_ARTIFACT_TYPE = 'application/vnd.cairn.chunks.v1';
export const CHUNK_INDEX_MEDIA_TYPE = 'application/vnd.cairn.chunks.index.v1';
export const CHUNK_PACK_MEDIA_TYPE = 'application/vnd.cairn.chunks.pack.v1';
export const EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
export const EMPTY_JSON = Buffer.from('{}');
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const ANNOTATION_CHUNKER = 'dev.cairn.chunks.chunker';
/** On each chunk index descriptor: the DiffID of the layer it describes. */
export const ANNOTATION_DIFFID = 'dev.cairn.chunks.diffid';
export const OBJECT_KINDS = [1 /* ObjectKind.Chunk */, 2 /* ObjectKind.FileRecipe */, 9 /* ObjectKind.LayerPart */];
export const RECORD_HEADER = 42;
/** The `sha256-<hex>` tag of the distribution spec's referrers tag schema. */
export function referrersTag(subject) {
    return subject.replace(':', '-');
}
/** The tag that keeps a chunk artifact alive through `garbage-collect --delete-untagged`. */
export function chunksTag(subject) {
    return `${referrersTag(subject)}.cairn-chunks`;
}
/** The tag that keeps a delta artifact (from `base` to `subject`) alive. */
export function deltaTag(subject, base) {
    return `${referrersTag(subject)}.cairn-delta-${base.replace(/^sha256:/, '').slice(0, 16)}`;
}
export function encodeRecordHeader(h) {
    const out = Buffer.alloc(RECORD_HEADER);
    Buffer.from(h.digest, 'hex').copy(out, 0);
    out[32] = h.kind;
    out[33] = h.codec;
    out.writeUInt32BE(h.rawLength, 34);
    out.writeUInt32BE(h.storedLength, 38);
    return out;
}
export function decodeRecordHeader(bytes) {
    if (bytes.length < RECORD_HEADER)
        throw new CorruptDataError('chunk pack record: truncated header');
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, RECORD_HEADER);
    const kind = b[32];
    const codec = b[33];
    if (!OBJECT_KINDS.includes(kind) || codec > 1)
        throw new CorruptDataError(`chunk pack record: unknown kind ${kind} or codec ${codec}`);
    return { digest: b.subarray(0, 32).toString('hex'), kind, codec, rawLength: b.readUInt32BE(34), storedLength: b.readUInt32BE(38) };
}
const MAGIC = Buffer.from('CCI1', 'latin1');
const raw = (digest) => Buffer.from(digest.replace(/^sha256:/, ''), 'hex');
export function encodeChunkIndex(index) {
    const w = new VarintWriter();
    w.bytes(MAGIC);
    const chunker = Buffer.from(index.chunker, 'utf8');
    w.varint(chunker.length);
    w.bytes(chunker);
    w.varint(index.packs.length);
    for (const pack of index.packs) {
        w.bytes(raw(pack.digest));
        w.varint(pack.size);
        w.varint(pack.objects.length);
        for (const o of pack.objects) {
            w.bytes(Buffer.of(o.kind));
            w.bytes(raw(o.digest));
            w.varint(o.length);
        }
    }
    w.varint(index.layers.length);
    for (const layer of index.layers) {
        w.bytes(raw(layer.diffId));
        w.varint(layer.tarLength);
        w.varint(layer.parts.length);
        for (const p of layer.parts) {
            w.bytes(raw(p.digest));
            w.varint(p.tarLength);
        }
    }
    return w.finish();
}
export function decodeChunkIndex(bytes) {
    const r = new VarintReader(bytes, 'chunk index');
    r.expectMagic(MAGIC);
    const count = (what) => {
        const n = r.varint();
        if (n > bytes.length)
            throw new CorruptDataError(`chunk index: ${what} count exceeds its length`);
        return n;
    };
    const hex = () => Buffer.from(r.bytes(32)).toString('hex');
    const chunker = Buffer.from(r.bytes(count('chunker'))).toString('utf8');
    const packs = [];
    for (let i = count('pack'); i > 0; i--) {
        const digest = `sha256:${hex()}`;
        const size = r.varint();
        const objects = [];
        let total = 0;
        for (let j = count('object'); j > 0; j--) {
            const kind = r.bytes(1)[0];
            if (!OBJECT_KINDS.includes(kind))
                throw new CorruptDataError(`chunk index: unknown object kind ${kind}`);
            const o = { kind: kind, digest: hex(), length: r.varint() };
            if (o.length < RECORD_HEADER)
                throw new CorruptDataError('chunk index: record shorter than its header');
            total += o.length;
            objects.push(o);
        }
        if (total !== size)
            throw new CorruptDataError(`chunk index: the records of pack ${digest} do not add up to its size`);
        packs.push({ digest, size, objects });
    }
    const layers = [];
    for (let i = count('layer'); i > 0; i--) {
        const diffId = `sha256:${hex()}`;
        const tarLength = r.varint();
        const parts = [];
        let total = 0;
        for (let j = count('part'); j > 0; j--) {
            const part = { digest: hex(), tarLength: r.varint() };
            total += part.tarLength;
            parts.push(part);
        }
        if (total !== tarLength)
            throw new CorruptDataError(`chunk index: the parts of layer ${diffId} do not add up to its length`);
        layers.push({ diffId, tarLength, parts });
    }
    if (!r.done)
        throw new CorruptDataError('chunk index: trailing bytes');
    return { chunker, packs, layers };
}
/** Where every object of an index is: `kind:digest` → pack, offset, length. */
export function locateObjects(index) {
    const out = new Map();
    for (const pack of index.packs) {
        let offset = 0;
        for (const o of pack.objects) {
            const key = objectKey(o.kind, o.digest);
            if (!out.has(key))
                out.set(key, { kind: o.kind, digest: o.digest, pack: pack.digest, offset, length: o.length });
            offset += o.length;
        }
    }
    return out;
}
export const objectKey = (kind, digest) => `${kind}:${digest}`;
//# sourceMappingURL=format.js.map