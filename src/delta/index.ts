/** cairn's binary delta codec (docs/delta.md). Depends on nothing else in cairn but its errors. */
export {
  encodeDelta, decodeDelta, chooseDelta, inspectDelta, deltaMethodOf, diffCodingsOf, methodsFor,
  DEFAULT_LEVEL, DEFAULT_WINDOWED_ABOVE, DEFAULT_WINDOW_BYTES,
  type DeltaMethod, type DiffCoding, type DeltaOptions, type DecodeOptions, type DeltaCandidate, type ChosenDelta, type DeltaInfo,
} from './codec.js';
export { OVERHEAD_BYTES as DELTA_OVERHEAD_BYTES } from './format.js';
export { suffixArray } from './suffix-array.js';
export { placeSaBase, placedBase } from './kernel.js';
