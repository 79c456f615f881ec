/** A name an input gave, made valid where it can be (lowercase, other characters as `-`); undefined when it cannot. */
export declare function repairName(name: string): string | undefined;
/** The default name of a directory's or lone layer tar's image: its base name as a repository, tag latest. */
export declare function defaultName(path: string): string;
/**
 * The names an image source gets before `--name` is applied to a self-naming input: its own
 * names, repaired (with a warning) where they break the grammar; for a directory or lone layer
 * tar, the name given or the one made from its path. `analyze` names images this way too.
 */
export declare function sourceNames(image: {
    manifest?: unknown;
    names: readonly string[];
    path: string;
    what: string;
}, onWarning?: (message: string) => void): {
    names: string[];
    namedAfterPath: boolean;
};
/** Checks a name the caller gave (--name); throws BadParameterError when it is not a reference. */
export declare function checkGivenName(name: string | undefined): void;
/**
 * Adds `--name` to the images of one self-naming input (see the module comment). `images` are
 * the input's images with the names they already have; returns the names to add per image.
 */
export declare function applyGivenName(name: string, path: string, images: readonly {
    names: readonly string[];
}[]): string[][];
