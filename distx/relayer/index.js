/**
 * The relayer module: standard images whose layers group files by change history, so that a
 * plain registry pull of an upgrade fetches little more than the changed files
 * (docs/relayer.md). This file is the module's only door.
 */
export { relayer, DEFAULT_MAX_LAYERS, MAX_LAYERS, } from './relayer.js';
export { RELAYER_LABEL } from './image-writer.js';
export { layerGzipBytes } from './layer-writer.js';
//# sourceMappingURL=index.js.map