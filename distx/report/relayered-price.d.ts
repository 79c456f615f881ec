import type { Store } from '../store/index.js';
import type { Report } from './types.js';
/** Sets `relayeredPullBytes` on each upgrade of a store report that has a re-layered pair (the others keep none). */
export declare function priceRelayered(store: Store, report: Report): Promise<void>;
