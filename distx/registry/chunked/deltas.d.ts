import type { Store } from '../../store/index.js';
import type { Descriptor } from './build.js';
import type { ChunkRemote, Traffic } from './remote.js';
/** On a delta artifact's descriptor and manifest: the DiffIDs of the base image, comma-separated (a puller holding them all can apply it). */
export declare const ANNOTATION_BASE_LAYERS = "dev.cairn.delta.base-layers";
export declare const ANNOTATION_BASE = "dev.cairn.delta.base";
export interface DeltaPushReport {
    from: string;
    artifact: string;
    /** bytes of the bundle's blobs */
    bytes: number;
    bytesUploaded: number;
}
/** Pushes the bundle from `base` (a stored image) to `image` as an artifact whose subject is `subject` (the pushed manifest). */
export declare function pushDeltaArtifact(store: Store, remote: ChunkRemote, image: string, base: string, subject: Descriptor, traffic: Traffic): Promise<DeltaPushReport>;
export interface DeltaPullReport {
    artifact: string;
    from: string;
    /** the layers the bundle stored */
    layers: string[];
    bytes: number;
}
/**
 * Obtains the image's layers through a delta artifact whose base layers the store holds.
 * Returns undefined when there is none. Every blob is checked against its digest; applyBundle
 * checks every file and every layer's DiffID before anything is stored under it.
 */
export declare function pullByDelta(store: Store, remote: ChunkRemote, subject: string, traffic: Traffic): Promise<DeltaPullReport | undefined>;
