import type { ChunkingMode } from '../chunker/index.js';
import type { LayerInput, MeasuredImage, MeasuredLayer, MeasureOptions } from './measure-types.js';
import type { ObjectTable } from './object-table.js';
export declare class Measurer {
    #private;
    readonly options: MeasureOptions;
    readonly layers: Map<string, MeasuredLayer>;
    readonly images: MeasuredImage[];
    constructor(options: MeasureOptions);
    /** The distinct files. */
    get files(): ObjectTable;
    /** Modes measured, `file` last. */
    get modes(): ChunkingMode[];
    /** The object table of a mode (`file`: the file table). */
    table(mode: ChunkingMode): ObjectTable;
    /** Adds an image (its layers measured unless seen before); an image seen before gains the names. */
    addImage(image: {
        manifest: string;
        names: string[];
        kind: string;
        path?: string;
        layers: LayerInput[];
    }): Promise<MeasuredImage>;
    /** Measures one layer, or returns it when its DiffID was measured already. */
    measureLayer(input: LayerInput): Promise<MeasuredLayer>;
    /** Waits for every size still being computed; the figures are complete after this. Closes the workers. */
    finish(): Promise<void>;
    /** Stops the workers (after finish, or on failure). */
    close(): Promise<void>;
}
