/** cairn's binary delta codec (docs/delta.md). Depends on nothing else in cairn but its errors. */
export { encodeDelta, decodeDelta, chooseDelta, inspectDelta, methodsFor, DEFAULT_LEVEL, DEFAULT_WINDOWED_ABOVE, DEFAULT_WINDOW_BYTES, } from './codec.js';
export { OVERHEAD_BYTES as DELTA_OVERHEAD_BYTES } from './format.js';
export { suffixArray } from './suffix-array.js';
//# sourceMappingURL=index.js.map