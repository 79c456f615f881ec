/** Offline upgrade bundles (docs/bundle.md): writeBundle on the sender, applyBundle on the receiver. */
export { writeBundle, type WriteBundleOptions } from './write.js';
export { applyBundle, type ApplyReport, type ApplyOptions } from './apply.js';
export { BUNDLE_ARTIFACT_TYPE, type BundleProgress, type BundleReport, type FileChoice } from './format.js';
export { makeInventory, parseInventory, INVENTORY_FORMAT, type Inventory } from './inventory.js';
