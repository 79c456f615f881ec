/** OCI image layouts written from the store (reading layouts and archives is ingest's job). */
export { exportOciLayout, writeLayerFile, type ExportOciOptions, type LayerCompression } from './layout-writer.js';
