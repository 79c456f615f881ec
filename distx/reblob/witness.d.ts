import type { BlobDescription } from './description.js';
/** The layer blob as the manifest lists it. */
export interface WitnessedBlob {
    digest: string;
    size: number;
    mediaType: string;
    diffId: string;
    /** The manifest's descriptor of the blob, verbatim JSON. */
    descriptor: string;
}
/** What the layer readers call as bytes go by (src/oci's LayerTap). */
export interface LayerTap {
    blob(piece: Uint8Array): void;
    tar(piece: Uint8Array): Promise<void>;
    end(): void;
}
export declare class BlobWitness implements LayerTap {
    #private;
    constructor(blob: WitnessedBlob);
    blob(piece: Uint8Array): void;
    tar(piece: Uint8Array): Promise<void>;
    end(): void;
    /** The description of the blob, once the tar has been read to its end (else: not reproduced). */
    describe(): Promise<BlobDescription>;
}
