import type { Store } from '../store/index.js';
export interface Version {
    /** The reference as given. */
    ref: string;
    manifest: string;
    tag: string;
}
/** Resolves and orders the versions; refuses two references to one image or one tag. */
export declare function resolveVersions(store: Store, refs: readonly string[]): Promise<Version[]>;
