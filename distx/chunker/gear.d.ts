/** A fresh copy of the gear table for `seed` (the caller may write into it). */
export declare function gearTable(seed?: bigint): BigUint64Array;
