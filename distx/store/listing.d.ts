import { RecordKind } from '../pack/index.js';
import type { ImageRecord } from '../recipe/index.js';
import type { IndexDb } from './index-db.js';
import type { ListedImage } from './listing-cache.cjs';
import type { StoreStats } from './types.js';
/** `sha256:<hex>` of every object of one kind. */
export declare function listDigests(db: IndexDb, kind: RecordKind): Promise<string[]>;
/**
 * Every stored image with its config, layers and names, in manifest digest order. An image's
 * record is read only when `known` (an earlier listing) does not have it: records are immutable.
 */
export declare function imageListing(db: IndexDb, image: (hex: string) => Promise<ImageRecord>, known?: ReadonlyMap<string, ListedImage>): Promise<ListedImage[]>;
/** Counts of objects by kind and the bytes of packs on disk. */
export declare function storeStats(db: IndexDb): Promise<StoreStats>;
