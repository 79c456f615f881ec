import { type DeflateParams } from './params.js';
import { type Described, type DescribeOptions } from './described.js';
export interface ZlibDescriptor {
    format: 'zlib';
    /** CMF and FLG, hex. */
    header: string;
    deflate: DeflateParams;
}
export declare function describeZlib(z: Uint8Array, options?: DescribeOptions): Described<ZlibDescriptor>;
export declare function rebuildZlib(d: ZlibDescriptor, content: Uint8Array): Uint8Array;
