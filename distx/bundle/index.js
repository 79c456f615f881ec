/** Offline upgrade bundles (docs/bundle.md): writeBundle on the sender, applyBundle on the receiver. */
export { writeBundle } from './write.js';
export { applyBundle } from './apply.js';
export { BUNDLE_ARTIFACT_TYPE } from './format.js';
export { makeInventory, parseInventory, INVENTORY_FORMAT } from './inventory.js';
//# sourceMappingURL=index.js.map