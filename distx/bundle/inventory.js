/**
 * What a store holds, for a sender's `--have`: its images, layers and file digests, and its
 * chunker (JSON, docs/bundle.md "Inventory").
 */
import { formatChunkerIdentity } from '../chunker/index.js';
import { BadInputError } from '../errors.js';
export const INVENTORY_FORMAT = 'cairn-inventory/v1';
export async function makeInventory(store) {
    const prefixed = (d) => (d.startsWith('sha256:') ? d : `sha256:${d}`);
    const layers = (await store.listLayerDiffIds()).map(prefixed);
    const files = new Set();
    for (const diffId of layers) {
        for await (const segment of (await store.getLayerRecipe(diffId)).segments)
            if (segment.kind === 'file')
                files.add(segment.digest);
    }
    return { format: INVENTORY_FORMAT, chunker: formatChunkerIdentity(store.chunkerIdentity), images: (await store.listImageDigests()).map(prefixed), layers, files: [...files].sort() };
}
const HEX = /^[0-9a-f]{64}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
export function parseInventory(bytes) {
    let value;
    try {
        value = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        throw new BadInputError('inventory: not valid JSON');
    }
    const list = (v, re) => Array.isArray(v) && v.every((x) => typeof x === 'string' && re.test(x));
    if (value.format !== INVENTORY_FORMAT || typeof value.chunker !== 'string' || !list(value.images, DIGEST) || !list(value.layers, DIGEST) || !list(value.files, HEX)) {
        throw new BadInputError(`inventory: not a ${INVENTORY_FORMAT} file`);
    }
    return value;
}
//# sourceMappingURL=inventory.js.map