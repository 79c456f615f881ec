/**
 * A file recipe: the ordered chunks of one file's content. Identity: sha256 of the content.
 *
 * Encoding (version 1): "CFR1" | varint size | varint count | count × (32-byte chunk digest,
 * varint length). The lengths add up to size; a recipe of an empty file has no chunks.
 */
import { CorruptDataError } from '../errors.js';
import { VarintReader, VarintWriter } from './varint.js';
const MAGIC = Buffer.from('CFR1', 'latin1');
export function encodeFileRecipe(recipe) {
    const w = new VarintWriter();
    w.bytes(MAGIC);
    w.varint(recipe.size);
    w.varint(recipe.chunks.length);
    for (const c of recipe.chunks) {
        w.bytes(Buffer.from(c.digest, 'hex'));
        w.varint(c.length);
    }
    return w.finish();
}
export function decodeFileRecipe(bytes) {
    const r = new VarintReader(bytes, 'file recipe');
    r.expectMagic(MAGIC);
    const size = r.varint();
    const count = r.varint();
    if (count > bytes.length)
        throw new CorruptDataError('file recipe: chunk count exceeds its length');
    const chunks = [];
    let total = 0;
    for (let i = 0; i < count; i++) {
        const digest = Buffer.from(r.bytes(32)).toString('hex');
        const length = r.varint();
        total += length;
        chunks.push({ digest, length });
    }
    if (total !== size || !r.done)
        throw new CorruptDataError('file recipe: chunk lengths do not add up to its size');
    return { size, chunks };
}
//# sourceMappingURL=file-recipe.js.map