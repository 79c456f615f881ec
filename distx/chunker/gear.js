/**
 * The gear table of FastCDC (Xia et al. 2016, section 3.1): 256 pseudo-random u64 values,
 * one per byte value. The reference implementation's table is entry i = the first 8 bytes
 * (big-endian) of MD5 of 64 bytes all equal to i; cairn derives it the same way rather than
 * embedding 256 constants. A non-zero seed XORs every entry with the seed (v2020's rule).
 */
import { createHash } from 'node:crypto';
let plainTable;
function plainGearTable() {
    if (plainTable)
        return plainTable;
    const table = new BigUint64Array(256);
    const input = new Uint8Array(64);
    for (let i = 0; i < 256; i++) {
        input.fill(i);
        const digest = createHash('md5').update(input).digest();
        table[i] = digest.readBigUInt64BE(0);
    }
    plainTable = table;
    return table;
}
/** A fresh copy of the gear table for `seed` (the caller may write into it). */
export function gearTable(seed = 0n) {
    const table = new BigUint64Array(plainGearTable());
    if (seed !== 0n)
        for (let i = 0; i < 256; i++)
            table[i] = table[i] ^ seed;
    return table;
}
//# sourceMappingURL=gear.js.map