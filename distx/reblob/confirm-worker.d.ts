import { type ZlibParams } from '../deflate/index.js';
export type ConfirmJob = {
    op: 'start';
    session: number;
    params: ZlibParams;
    header: Uint8Array;
    emit?: boolean;
} | {
    op: 'data';
    session: number;
    bytes: Uint8Array;
} | {
    op: 'end';
    session: number;
    tail: Uint8Array;
};
/** sha256 (hex) and length of the blob made; empty for start and data jobs. */
export interface ConfirmReply {
    hex?: string;
    size?: number;
    /** With `emit`: the deflate stream's bytes this job produced. */
    out?: Uint8Array;
}
