/** What describe* functions return, and the hex helpers their descriptors use. */
import { BadInputError } from '../errors.js';
export function toHex(bytes) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}
export function fromHex(text) {
    if (!/^(?:[0-9a-f]{2})*$/.test(text))
        throw new BadInputError('descriptor bytes are not lowercase hex');
    return Buffer.from(text, 'hex');
}
//# sourceMappingURL=described.js.map