export declare const LISTING_FILE = "listing.json";
/** One stored image as `cairn ls` shows it (and its --json prints). */
export interface ListedImage {
    manifest: string;
    config: string;
    /** DiffIDs, in order. */
    layers: string[];
    /** Every name pointing at it (none: an image gc will reclaim). */
    names: string[];
}
/**
 * What identifies the state of the store at `root`: the store file's content, and the name,
 * size, mtime and inode of every file of its index (throws when either is missing). The store
 * file is small and can be rewritten within one tick of the file system's clock at the same
 * size, so its bytes are compared; LevelDB's files only grow or are replaced by new ones.
 */
export declare function storeStamp(root: string): string;
/**
 * The listing of the store at `root`, or undefined when there is none, it does not parse, or
 * its stamp is not the store's (`stale: true` skips that check: image entries are immutable by
 * manifest digest, so a stale listing still tells an image's config and layers).
 */
export declare function readListing(root: string, options?: {
    stale?: boolean;
}): ListedImage[] | undefined;
/** Writes the listing (a temporary file renamed into place), stamped with the store as it is now. */
export declare function writeListing(root: string, images: readonly ListedImage[]): void;
