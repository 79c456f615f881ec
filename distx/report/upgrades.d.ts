/** A requested upgrade, by image reference (name, manifest digest, or a unique prefix of one). */
export interface UpgradeRequest {
    from: string;
    to: string;
}
/** Parses `FROM..TO`. */
export declare function parseUpgrade(text: string): UpgradeRequest;
/** `repo:tag` → [repo, tag]; a name without a tag (or with a digest) has no tag. */
export declare function splitName(name: string): {
    repository: string;
    tag: string | undefined;
};
/** Orders tags as versions (see the module comment). */
export declare function compareTags(a: string, b: string): number;
/**
 * Consecutive tags of each repository, as pairs of image indexes. Images are given by their
 * names; an image named twice in one repository (`app:1.2`, `app:latest`) takes part once per
 * name, and a step between two names of one image is skipped.
 */
export declare function consecutiveTagPairs(images: readonly {
    names: readonly string[];
}[]): [number, number][];
/** The index of the image a reference names: a name, a label, a manifest digest or a unique prefix of one (4+ hex digits). */
export declare function findImage(images: readonly {
    names: readonly string[];
    label: string;
    manifest: string;
}[], ref: string): number;
