/**
 * The relayer module: standard images whose layers group files by change history, so that a
 * plain registry pull of an upgrade fetches little more than the changed files
 * (docs/relayer.md). This file is the module's only door.
 */
export { relayer, DEFAULT_MAX_LAYERS, MAX_LAYERS, type RelayerOptions, type RelayerResult, type RelayerImage, type RelayerLayer, type RelayerUpgrade, type RelayerProgressEvent, } from './relayer.js';
export { RELAYER_LABEL, type RelayerLabel } from './image-writer.js';
export type { LayerRole } from './plan.js';
export { layerGzipBytes } from './layer-writer.js';
