import { Writable } from 'node:stream';
export declare function syncFileWriter(path: string): Writable;
